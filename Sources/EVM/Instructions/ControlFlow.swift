import Primitives

// JUMP, JUMPI, PC, GAS, RETURN/REVERT (STOP, JUMPDEST and INVALID are in the dispatch loop).
extension Machine {
    @inline(__always) mutating func opJump() throws(Halt) {
        let dest = pop()
        guard analyzed.isJumpdest(dest) else { throw .invalidJump }
        pc = Int(dest.w0)
    }

    @inline(__always) mutating func opJumpi() throws(Halt) {
        let dest = pop(), cond = pop()
        if cond.isZero {
            pc &+= 1
        } else {
            guard analyzed.isJumpdest(dest) else { throw .invalidJump }
            pc = Int(dest.w0)
        }
    }

    @inline(__always) mutating func opPc() { push(U256(UInt64(pc))); pc &+= 1 }

    /// GAS: what is left after this instruction's own cost.
    @inline(__always) mutating func opGas() { push(U256(UInt64(gas))); pc &+= 1 }

    /// RETURN and REVERT: the output is memory[offset, offset+size).
    @inline(__always) mutating func opReturn() throws(Halt) {
        let offset = pop(), size = pop()
        let o = try expandMemory(offset, size)
        output = memory.read(o, size.isZero ? 0 : Machine.smallSize(size))
    }
}
