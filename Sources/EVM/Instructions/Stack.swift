import Primitives

// POP, PUSH0 (EIP-3855), PUSH1–PUSH32, DUP1–DUP16, SWAP1–SWAP16.
extension Machine {
    @inline(__always) mutating func opPop() { sp &-= 1; pc &+= 1 }

    @inline(__always) mutating func opPush0() { push(.zero); pc &+= 1 }

    @inline(__always) mutating func opPush1() {
        push(U256(UInt64(code[pc &+ 1])))
        pc &+= 2
    }

    /// PUSHn: the n bytes after the opcode, big-endian. The code is padded with 33 zero bytes, so
    /// reading 32 bytes past the opcode never leaves the buffer, and a truncated push at the end
    /// of the code reads zeros as the spec requires.
    @inline(__always) mutating func opPush(_ n: Int) {
        let word = U256(loadingFrom: UnsafeRawPointer(code + (pc &+ 1)))
        push(word >> ((32 &- n) &* 8))
        pc &+= n &+ 1
    }

    @inline(__always) mutating func opDup(_ n: Int) {
        stack[sp] = stack[sp &- n]
        sp &+= 1
        pc &+= 1
    }

    @inline(__always) mutating func opSwap(_ n: Int) {
        let top = sp &- 1
        let t = stack[top]
        stack[top] = stack[top &- n]
        stack[top &- n] = t
        pc &+= 1
    }
}
