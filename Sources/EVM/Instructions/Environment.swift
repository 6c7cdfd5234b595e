import Primitives
import StateAccess

// ADDRESS, BALANCE, ORIGIN, CALLER, CALLVALUE, GASPRICE, EXTCODESIZE, EXTCODECOPY, EXTCODEHASH,
// SELFBALANCE. (Call data, code and return data copies are in MemoryOps.swift.)
extension Machine {
    @inline(__always) mutating func opAddress() { push(U256(msg.target)); pc &+= 1 }
    @inline(__always) mutating func opCaller() { push(U256(msg.caller)); pc &+= 1 }
    @inline(__always) mutating func opCallValue() { push(msg.value); pc &+= 1 }
}

extension TransactionExecutor {
    /// EIP-2929: 100 when warm, 2600 when cold (and it becomes warm).
    @inline(__always)
    func accountAccessCost(_ address: Address) -> UInt64 {
        isWarm(address) ? Gas.warmAccess : Gas.coldAccountAccess
    }

    /// Marks `address` warm and tells whether it was (precompiles are always warm).
    @inline(__always)
    func isWarm(_ address: Address) -> Bool {
        if isPrecompile(address) { return true }
        return warmAccount(address)
    }

    @inline(__always)
    func opBalance(_ m: inout Machine) throws(Halt) {
        let address = Address(m.peek(0))
        try m.charge(accountAccessCost(address))
        let e = try account(address)
        m.setTop(e.info.balance)
        m.pc &+= 1
    }

    @inline(__always) func opOrigin(_ m: inout Machine) { m.push(U256(origin)); m.pc &+= 1 }
    @inline(__always) func opGasPrice(_ m: inout Machine) { m.push(gasPrice); m.pc &+= 1 }

    @inline(__always)
    func opExtCodeSize(_ m: inout Machine) throws(Halt) {
        let address = Address(m.peek(0))
        try m.charge(accountAccessCost(address))
        let e = try account(address)
        m.setTop(U256(UInt64(code(of: e).count)))
        m.pc &+= 1
    }

    @inline(__always)
    func opExtCodeCopy(_ m: inout Machine) throws(Halt) {
        let address = Address(m.pop())
        let memOffset = m.pop(), codeOffset = m.pop(), size = m.pop()
        let (o, n) = try m.copyCost(memOffset, size)
        try m.charge(accountAccessCost(address))
        let e = try account(address)
        let c = code(of: e)
        m.memory.write(o, n, from: UnsafeRawPointer(c.bytes), sourceCount: c.count, sourceOffset: codeOffset)
        m.pc &+= 1
    }

    /// EXTCODEHASH (EIP-1052): zero for a non-existent or empty account.
    @inline(__always)
    func opExtCodeHash(_ m: inout Machine) throws(Halt) {
        let address = Address(m.peek(0))
        try m.charge(accountAccessCost(address))
        let e = try account(address)
        m.setTop(e.exists && !e.info.isEmpty ? U256(e.info.codeHash) : .zero)
        m.pc &+= 1
    }

    @inline(__always)
    func opSelfBalance(_ m: inout Machine) throws(Halt) {
        let e = try account(m.msg.target)
        m.push(e.info.balance)
        m.pc &+= 1
    }
}
