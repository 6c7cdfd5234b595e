import Primitives

// LT … ISZERO (0x10–0x15).
extension Machine {
    @inline(__always) mutating func opLt() { let a = pop(); setTop(a < peek(0) ? .one : .zero); pc &+= 1 }
    @inline(__always) mutating func opGt() { let a = pop(); setTop(a > peek(0) ? .one : .zero); pc &+= 1 }
    @inline(__always) mutating func opSlt() { let a = pop(); setTop(a.signedLessThan(peek(0)) ? .one : .zero); pc &+= 1 }
    @inline(__always) mutating func opSgt() { let a = pop(); setTop(a.signedGreaterThan(peek(0)) ? .one : .zero); pc &+= 1 }
    @inline(__always) mutating func opEq() { let a = pop(); setTop(a == peek(0) ? .one : .zero); pc &+= 1 }
    @inline(__always) mutating func opIsZero() { setTop(peek(0).isZero ? .one : .zero); pc &+= 1 }
}
