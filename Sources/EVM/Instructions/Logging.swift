import Primitives
import Blocks

// LOG0–LOG4: 375 + 375 per topic (static, in the table) + 8 per byte + memory.
extension TransactionExecutor {
    func opLog(_ m: inout Machine, topics n: Int) throws(Halt) {
        let offset = m.pop(), size = m.pop()
        var topics = [Bytes32]()
        topics.reserveCapacity(n)
        for _ in 0..<n { topics.append(Bytes32(m.pop())) }
        let o = try m.expandMemory(offset, size)
        let len = size.isZero ? 0 : Machine.smallSize(size)
        try m.charge(Gas.logData &* UInt64(len))
        if m.msg.isStatic { throw .staticViolation }
        tx.logs.append(Log(address: m.msg.target, topics: topics, data: m.memory.read(o, len)))
        m.pc &+= 1
    }
}
