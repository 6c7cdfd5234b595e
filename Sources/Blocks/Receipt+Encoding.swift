import Primitives

extension Receipt {
    /// The consensus encoding: rlp([status, cumulativeGasUsed, bloom, logs]), prefixed with the
    /// type byte for typed transactions (EIP-2718). This is the value of the receipts trie.
    public var consensusEncoding: [UInt8] {
        var w = RLPWriter()
        let list = w.beginList()
        w.append(UInt64(success ? 1 : 0))
        w.append(cumulativeGasUsed)
        w.appendBytes(bloom.bytes)
        let logList = w.beginList()
        for log in logs { log.encode(into: &w) }
        w.endList(logList)
        w.endList(list)
        return kind == .legacy ? w.bytes : [kind.rawValue] + w.bytes
    }

    public var bloom: Bloom { Bloom(logs: logs) }
}
