import Primitives

/// Scratch space and counters for hashing nodes. One per thread of work (one per shard): hashing
/// reuses its buffer instead of allocating per node, and the counters are plain integers because
/// no two threads share a context.
public struct HashContext {
    /// Keccak-256 calls made through this context.
    public var keccakCalls: Int = 0
    /// Nodes (re-)encoded because their cached reference was missing: the nodes on changed paths.
    public var nodesEncoded: Int = 0
    @usableFromInline var buffer: [UInt8]

    public init() {
        buffer = []
        buffer.reserveCapacity(1024)
    }

    /// Keccak-256 of `bytes`, counted.
    @inlinable
    public mutating func hash(_ bytes: [UInt8]) -> Bytes32 {
        keccakCalls += 1
        return bytes.withUnsafeBytes { Keccak256.hash($0) }
    }

    /// Keccak-256 of a 32-byte word (a storage slot or an address padded by the caller), counted.
    @inlinable
    public mutating func hash(word: Bytes32) -> Bytes32 {
        keccakCalls += 1
        return withUnsafeBytes(of: (word.w0.bigEndian, word.w1.bigEndian, word.w2.bigEndian, word.w3.bigEndian)) {
            Keccak256.hash($0)
        }
    }

    /// The reference of a branch with these sixteen child references and `value`.
    ///
    /// Why not `append(to:)` per child: a branch is re-encoded on every changed path and its
    /// sixteen references are most of its ~530 bytes; storing them as words into a buffer grown
    /// once costs a fraction of sixteen bounds-checked array appends.
    @inlinable
    mutating func branchReference(_ refs: UnsafePointer<NodeRef>, value: [UInt8]) -> NodeRef {
        var children = 0
        for i in 0..<16 { children += refs[i].encodedLength }
        let payload = children + RLPHeader.stringLength(value.count, first: value.first ?? 0)
        buffer.removeAll(keepingCapacity: true)
        RLPHeader.append(payload, base: 0xc0, to: &buffer)
        let start = buffer.count
        // 32 bytes of slack: `NodeRef.write` stores whole words even for short inline references.
        buffer.append(contentsOf: repeatElement(0, count: children + 32))
        buffer.withUnsafeMutableBytes { raw in
            var p = raw.baseAddress! + start
            for i in 0..<16 { p += refs[i].write(to: p) }
        }
        buffer.removeLast(32)
        RLPHeader.appendString(value, to: &buffer)
        return referenceFromBuffer()
    }

    /// Turns the RLP in `buffer` into a reference: inline under 32 bytes, else its hash.
    @inlinable
    mutating func referenceFromBuffer() -> NodeRef {
        nodesEncoded += 1
        let n = buffer.count
        if n < 32 {
            var padded = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
            withUnsafeMutableBytes(of: &padded) { dst in
                buffer.withUnsafeBytes { src in dst.copyMemory(from: src) }
            }
            let s = Bytes32(w0: UInt64(bigEndian: padded.0), w1: UInt64(bigEndian: padded.1),
                            w2: UInt64(bigEndian: padded.2), w3: UInt64(bigEndian: padded.3))
            return NodeRef(storage: s, length: UInt8(n))
        }
        keccakCalls += 1
        return NodeRef(hash: buffer.withUnsafeBytes { Keccak256.hash($0) })
    }
}

/// RLP length prefixes, written straight into a node buffer. The trie writes its own node RLP
/// (rather than building `RLPItem` trees) because every node is re-encoded on each changed path.
@usableFromInline
enum RLPHeader {
    /// Bytes an RLP string of `n` bytes whose first byte is `first` occupies.
    @inlinable
    static func stringLength(_ n: Int, first: UInt8) -> Int {
        if n == 1 && first < 0x80 { return 1 }
        return headerLength(n) + n
    }

    @inlinable
    static func headerLength(_ payload: Int) -> Int {
        if payload < 56 { return 1 }
        return 1 + (Int.bitWidth - payload.leadingZeroBitCount + 7) / 8
    }

    @inlinable
    static func append(_ payload: Int, base: UInt8, to buffer: inout [UInt8]) {
        if payload < 56 { buffer.append(base + UInt8(payload)); return }
        let n = (Int.bitWidth - payload.leadingZeroBitCount + 7) / 8
        buffer.append(base + 55 + UInt8(n))
        for i in stride(from: n - 1, through: 0, by: -1) { buffer.append(UInt8(truncatingIfNeeded: payload >> (8 * i))) }
    }

    /// Appends `bytes` as an RLP string.
    @inlinable
    static func appendString(_ bytes: [UInt8], to buffer: inout [UInt8]) {
        if bytes.count == 1 && bytes[0] < 0x80 { buffer.append(bytes[0]); return }
        append(bytes.count, base: 0x80, to: &buffer)
        buffer.append(contentsOf: bytes)
    }
}
