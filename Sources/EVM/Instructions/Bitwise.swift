import Primitives

// AND … SAR (0x16–0x1d).
extension Machine {
    @inline(__always) mutating func opAnd() { let a = pop(); setTop(a & peek(0)); pc &+= 1 }
    @inline(__always) mutating func opOr() { let a = pop(); setTop(a | peek(0)); pc &+= 1 }
    @inline(__always) mutating func opXor() { let a = pop(); setTop(a ^ peek(0)); pc &+= 1 }
    @inline(__always) mutating func opNot() { setTop(~peek(0)); pc &+= 1 }

    /// BYTE i x: the i-th byte of x, 0 = most significant.
    @inline(__always) mutating func opByte() { let i = pop(); setTop(peek(0).evmByte(i)); pc &+= 1 }

    /// SHL shift value (EIP-145).
    @inline(__always) mutating func opShl() { let s = pop(); setTop(peek(0).shiftedLeft(by: s)); pc &+= 1 }
    @inline(__always) mutating func opShr() { let s = pop(); setTop(peek(0).shiftedRight(by: s)); pc &+= 1 }
    @inline(__always) mutating func opSar() { let s = pop(); setTop(peek(0).arithmeticShiftedRight(by: s)); pc &+= 1 }
}
