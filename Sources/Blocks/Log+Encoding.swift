import Primitives

extension Log {
    /// rlp([address, [topics…], data]), as in receipts and the state tests' logs hash.
    public func encode(into w: inout RLPWriter) {
        let list = w.beginList()
        w.append(address)
        let topicList = w.beginList()
        for t in topics { w.append(t) }
        w.endList(topicList)
        w.appendBytes(data)
        w.endList(list)
    }

    /// keccak(rlp([log, …])): the `logs` field of ethereum/tests state tests.
    public static func hash(_ logs: [Log]) -> Bytes32 {
        var w = RLPWriter()
        let list = w.beginList()
        for log in logs { log.encode(into: &w) }
        w.endList(list)
        return Keccak256.hash(w.bytes)
    }
}
