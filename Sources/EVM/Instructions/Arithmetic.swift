import Primitives

// ADD … SIGNEXTEND (0x01–0x0b). Static gas is charged by the dispatch loop.
extension Machine {
    @inline(__always) mutating func opAdd() { let a = pop(); setTop(a &+ peek(0)); pc &+= 1 }
    @inline(__always) mutating func opMul() { let a = pop(); setTop(a &* peek(0)); pc &+= 1 }
    @inline(__always) mutating func opSub() { let a = pop(); setTop(a &- peek(0)); pc &+= 1 }
    @inline(__always) mutating func opDiv() { let a = pop(); setTop(a.evmDiv(peek(0))); pc &+= 1 }
    @inline(__always) mutating func opSDiv() { let a = pop(); setTop(a.evmSDiv(peek(0))); pc &+= 1 }
    @inline(__always) mutating func opMod() { let a = pop(); setTop(a.evmMod(peek(0))); pc &+= 1 }
    @inline(__always) mutating func opSMod() { let a = pop(); setTop(a.evmSMod(peek(0))); pc &+= 1 }

    @inline(__always) mutating func opAddMod() {
        let a = pop(), b = pop()
        setTop(a.addMod(b, peek(0)))
        pc &+= 1
    }

    @inline(__always) mutating func opMulMod() {
        let a = pop(), b = pop()
        setTop(a.mulMod(b, peek(0)))
        pc &+= 1
    }

    /// EXP: 10 static + 50 per byte of the exponent.
    @inline(__always) mutating func opExp() throws(Halt) {
        let base = pop()
        let exponent = peek(0)
        try charge(Gas.expByte &* UInt64(exponent.byteWidth))
        setTop(base.power(exponent))
        pc &+= 1
    }

    @inline(__always) mutating func opSignExtend() {
        let b = pop()
        setTop(peek(0).signExtend(fromByte: b))
        pc &+= 1
    }
}
