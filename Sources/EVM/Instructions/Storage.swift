import Primitives
import StateAccess

// SLOAD, SSTORE (EIP-2200/2929/3529), TLOAD, TSTORE (EIP-1153).
extension TransactionExecutor {
    @inline(__always)
    func opSload(_ m: inout Machine) throws(Halt) {
        let key = m.peek(0)
        let e = try account(m.msg.target)
        let i = try slotIndex(e, key)
        try m.charge(warmSlot(e, i) ? Gas.warmAccess : Gas.coldSload)
        m.setTop(e.storage.slots[i].current)
        m.pc &+= 1
    }

    @inline(__always)
    func opSstore(_ m: inout Machine) throws(Halt) {
        let key = m.pop(), new = m.pop()
        // EIP-2200: SSTORE needs more than the call stipend left.
        if m.gas <= Int64(Gas.callStipend) { throw .outOfGas }
        let e = try account(m.msg.target)
        let i = try slotIndex(e, key)
        let original = e.storage.slots[i].original, current = e.storage.slots[i].current
        var cost: UInt64 = 0
        if !warmSlot(e, i) { cost += Gas.coldSload }
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
        if current != new { setStorage(e, i, new) }
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
