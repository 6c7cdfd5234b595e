/// Bitwise operators, shifts (Swift `<<`/`>>` by `Int`, and the EVM SHL/SHR forms by a word),
/// bit counting and BYTE.
extension U256 {
    @inlinable public static func & (a: U256, b: U256) -> U256 { U256(w0: a.w0 & b.w0, w1: a.w1 & b.w1, w2: a.w2 & b.w2, w3: a.w3 & b.w3) }
    @inlinable public static func | (a: U256, b: U256) -> U256 { U256(w0: a.w0 | b.w0, w1: a.w1 | b.w1, w2: a.w2 | b.w2, w3: a.w3 | b.w3) }
    @inlinable public static func ^ (a: U256, b: U256) -> U256 { U256(w0: a.w0 ^ b.w0, w1: a.w1 ^ b.w1, w2: a.w2 ^ b.w2, w3: a.w3 ^ b.w3) }
    @inlinable public static prefix func ~ (a: U256) -> U256 { U256(w0: ~a.w0, w1: ~a.w1, w2: ~a.w2, w3: ~a.w3) }
    @inlinable public static func &= (a: inout U256, b: U256) { a = a & b }
    @inlinable public static func |= (a: inout U256, b: U256) { a = a | b }
    @inlinable public static func ^= (a: inout U256, b: U256) { a = a ^ b }

    /// Left shift by 0..<256 (the caller has range-checked). Whole limbs move first, then the
    /// sub-limb shift, whose zero case is split out because `x >> 64` is not 0 with `&>>`.
    @inlinable
    func shiftedLeftUnchecked(_ n: Int) -> U256 {
        let b = UInt64(n & 63)
        var r0: UInt64, r1: UInt64, r2: UInt64, r3: UInt64
        switch n >> 6 {
        case 0: (r0, r1, r2, r3) = (w0, w1, w2, w3)
        case 1: (r0, r1, r2, r3) = (0, w0, w1, w2)
        case 2: (r0, r1, r2, r3) = (0, 0, w0, w1)
        default: (r0, r1, r2, r3) = (0, 0, 0, w0)
        }
        if b != 0 {
            r3 = r3 &<< b | r2 &>> (64 &- b)
            r2 = r2 &<< b | r1 &>> (64 &- b)
            r1 = r1 &<< b | r0 &>> (64 &- b)
            r0 = r0 &<< b
        }
        return U256(w0: r0, w1: r1, w2: r2, w3: r3)
    }

    /// Logical right shift by 0..<256.
    @inlinable
    func shiftedRightUnchecked(_ n: Int) -> U256 {
        let b = UInt64(n & 63)
        var r0: UInt64, r1: UInt64, r2: UInt64, r3: UInt64
        switch n >> 6 {
        case 0: (r0, r1, r2, r3) = (w0, w1, w2, w3)
        case 1: (r0, r1, r2, r3) = (w1, w2, w3, 0)
        case 2: (r0, r1, r2, r3) = (w2, w3, 0, 0)
        default: (r0, r1, r2, r3) = (w3, 0, 0, 0)
        }
        if b != 0 {
            r0 = r0 &>> b | r1 &<< (64 &- b)
            r1 = r1 &>> b | r2 &<< (64 &- b)
            r2 = r2 &>> b | r3 &<< (64 &- b)
            r3 = r3 &>> b
        }
        return U256(w0: r0, w1: r1, w2: r2, w3: r3)
    }

    /// Smart shift, like the standard integer types: negative amounts shift the other way,
    /// 256 or more gives zero.
    @inlinable
    public static func << (a: U256, n: Int) -> U256 {
        if n < 0 { return n <= -256 ? .zero : a.shiftedRightUnchecked(-n) }
        return n >= 256 ? .zero : a.shiftedLeftUnchecked(n)
    }

    @inlinable
    public static func >> (a: U256, n: Int) -> U256 {
        if n < 0 { return n <= -256 ? .zero : a.shiftedLeftUnchecked(-n) }
        return n >= 256 ? .zero : a.shiftedRightUnchecked(n)
    }

    @inlinable public static func <<= (a: inout U256, n: Int) { a = a << n }
    @inlinable public static func >>= (a: inout U256, n: Int) { a = a >> n }

    /// EVM SHL: `self << shift`, zero for shifts of 256 or more.
    @inlinable
    public func shiftedLeft(by shift: U256) -> U256 {
        guard (shift.w1 | shift.w2 | shift.w3) == 0, shift.w0 < 256 else { return .zero }
        return shiftedLeftUnchecked(Int(shift.w0))
    }

    /// EVM SHR: `self >> shift`, zero for shifts of 256 or more.
    @inlinable
    public func shiftedRight(by shift: U256) -> U256 {
        guard (shift.w1 | shift.w2 | shift.w3) == 0, shift.w0 < 256 else { return .zero }
        return shiftedRightUnchecked(Int(shift.w0))
    }

    @inlinable
    public var leadingZeroBitCount: Int {
        if w3 != 0 { return w3.leadingZeroBitCount }
        if w2 != 0 { return 64 + w2.leadingZeroBitCount }
        if w1 != 0 { return 128 + w1.leadingZeroBitCount }
        return 192 + w0.leadingZeroBitCount
    }

    /// Significant bits; 0 for zero.
    @inlinable
    public var bitWidth: Int { 256 - leadingZeroBitCount }

    /// Significant bytes; 0 for zero. EXP charges gas per byte of the exponent.
    @inlinable
    public var byteWidth: Int { (bitWidth + 7) >> 3 }

    /// EVM BYTE(i, x): byte `i` counting from the most significant; 0 for i ≥ 32.
    @inlinable
    public func evmByte(_ i: U256) -> U256 {
        guard (i.w1 | i.w2 | i.w3) == 0, i.w0 < 32 else { return .zero }
        let k = 31 - Int(i.w0)  // byte index from the least significant end
        let limb: UInt64
        switch k >> 3 {
        case 0: limb = w0
        case 1: limb = w1
        case 2: limb = w2
        default: limb = w3
        }
        return U256((limb &>> UInt64((k & 7) << 3)) & 0xff)
    }
}
