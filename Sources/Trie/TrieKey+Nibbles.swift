extension TrieKey {
    /// A key from nibbles (each 0...15), at most 64: for building paths above shard subtrees.
    public init(nibbles: [UInt8]) {
        precondition(nibbles.count <= 64)
        var k = TrieKey(rawBytes: .zero, count: 0)
        for n in nibbles { k = k.prefix(k.count, appending: Int(n & 0xf)) }
        self = k
    }
}
