import Primitives
import StateAccess

// SLOAD, SSTORE (EIP-2200/2929/3529), TLOAD, TSTORE (EIP-1153).
extension TransactionExecutor {
    @inline(__always)
    func opSload(_ m: inout Machine) throws(Halt) {
        let key = m.peek(0)
        try m.charge(warmSlot(m.msg.target, key) ? Gas.warmAccess : Gas.coldSload)
        let e = try account(m.msg.target)
        m.setTop(try storage(e, key).current)
        m.pc &+= 1
    }

    @inline(__always)
    func opSstore(_ m: inout Machine) throws(Halt) {
        let key = m.pop(), new = m.pop()
        // EIP-2200: SSTORE needs more than the call stipend left.
        if m.gas <= Int64(Gas.callStipend) { throw .outOfGas }
        let e = try account(m.msg.target)
        let slot = try storage(e, key)
        let original = slot.original, current = slot.current
        var cost: UInt64 = 0
        if !warmSlot(m.msg.target, key) { cost += Gas.coldSload }
        if original == current && current != new {
            cost += original.isZero ? Gas.storageSet : Gas.storageUpdate - Gas.coldSload
        } else {
            cost += Gas.warmAccess
        }
        if current != new {
            if !original.isZero && !current.isZero && new.isZero { tx.refund += Gas.storageClearRefund }
            if !original.isZero && current.isZero { tx.refund -= Gas.storageClearRefund }
            if original == new {
                if original.isZero {
                    tx.refund += Int64(Gas.storageSet - Gas.warmAccess)
                } else {
                    tx.refund += Int64(Gas.storageUpdate - Gas.coldSload - Gas.warmAccess)
                }
            }
        }
        try m.charge(cost)
        if m.msg.isStatic { throw .staticViolation }
        if current != new { setStorage(e, key, new, old: slot) }
        m.pc &+= 1
    }

    @inline(__always)
    func opTload(_ m: inout Machine) {
        m.setTop(transientLoad(m.msg.target, m.peek(0)))
        m.pc &+= 1
    }

    @inline(__always)
    func opTstore(_ m: inout Machine) throws(Halt) {
        let key = m.pop(), value = m.pop()
        if m.msg.isStatic { throw .staticViolation }
        transientStore(m.msg.target, key, value)
        m.pc &+= 1
    }
}
