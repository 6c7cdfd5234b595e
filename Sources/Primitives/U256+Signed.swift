/// Two's-complement views of the word for SDIV, SMOD, SLT, SGT, SAR and SIGNEXTEND. The bit
/// pattern is never reinterpreted; the sign is bit 255.
extension U256 {
    @inlinable
    public var isNegative: Bool { w3 >> 63 != 0 }

    /// Two's complement negation (wrapping: `-(-2^255) == -2^255`).
    @inlinable
    public var negated: U256 { U256.zero &- self }

    /// Magnitude as an unsigned value; `-2^255` maps to 2^255, which is representable.
    @inlinable
    var magnitude: U256 { isNegative ? negated : self }

    /// EVM SDIV, truncating toward zero; x/0 = 0, and -2^255 / -1 = -2^255 falls out of the
    /// wrapping negation.
    @inlinable
    public func evmSDiv(_ d: U256) -> U256 {
        if d.isZero { return .zero }
        let q = magnitude.quotientAndRemainder(dividingBy: d.magnitude).quotient
        return isNegative != d.isNegative ? q.negated : q
    }

    /// EVM SMOD: the result takes the sign of the dividend; x % 0 = 0.
    @inlinable
    public func evmSMod(_ d: U256) -> U256 {
        if d.isZero { return .zero }
        let r = magnitude.quotientAndRemainder(dividingBy: d.magnitude).remainder
        return isNegative ? r.negated : r
    }

    /// EVM SLT. Flipping the sign bit maps signed order onto unsigned order.
    @inlinable @inline(__always)
    public func signedLessThan(_ b: U256) -> Bool {
        let flip = U256(w0: 0, w1: 0, w2: 0, w3: 1 << 63)
        return (self ^ flip) < (b ^ flip)
    }

    /// EVM SGT.
    @inlinable
    public func signedGreaterThan(_ b: U256) -> Bool { b.signedLessThan(self) }

    /// EVM SAR: shifts in copies of the sign bit; 256 or more gives 0 or all ones.
    @inlinable
    public func arithmeticShiftedRight(by shift: U256) -> U256 {
        let neg = isNegative
        guard (shift.w1 | shift.w2 | shift.w3) == 0, shift.w0 < 256 else { return neg ? .max : .zero }
        let n = Int(shift.w0)
        return neg ? ~((~self).shiftedRightUnchecked(n)) : shiftedRightUnchecked(n)
    }

    /// EVM SIGNEXTEND(b, x) with x = self: treats byte `b` (0 = least significant) as the sign
    /// byte and copies its top bit upward. b ≥ 31 leaves x unchanged.
    @inlinable
    public func signExtend(fromByte b: U256) -> U256 {
        guard (b.w1 | b.w2 | b.w3) == 0, b.w0 < 31 else { return self }
        let bit = Int(b.w0) * 8 + 7
        let mask = U256.max.shiftedRightUnchecked(255 - bit)  // bits 0...bit set
        let signSet = !(self & U256.one.shiftedLeftUnchecked(bit)).isZero
        return signSet ? self | ~mask : self & mask
    }
}
