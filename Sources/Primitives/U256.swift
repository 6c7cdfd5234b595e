/// An unsigned 256-bit integer, the EVM word. Four UInt64 limbs, least significant first, so
/// that arithmetic is straight-line code over registers with no allocation.
///
/// Arithmetic lives in extensions by concern: `U256+Arithmetic.swift`, `U256+Division.swift`,
/// `U256+Bitwise.swift`, `U256+Signed.swift`, `U256+Conversions.swift`, `U256+Comparison.swift`.
@frozen
public struct U256: Hashable, Sendable {
    /// Limbs, `w0` least significant.
    public var w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    @inlinable
    public init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        self.w0 = w0; self.w1 = w1; self.w2 = w2; self.w3 = w3
    }

    @inlinable
    public init(_ value: UInt64) { self.init(w0: value, w1: 0, w2: 0, w3: 0) }

    // Computed rather than `static let`: a stored global is reached from other modules through
    // an addressor call (lazy-initialisation check) on every use in the interpreter loop.
    @inlinable public static var zero: U256 { U256(w0: 0, w1: 0, w2: 0, w3: 0) }
    @inlinable public static var one: U256 { U256(w0: 1, w1: 0, w2: 0, w3: 0) }
    @inlinable public static var max: U256 { U256(w0: .max, w1: .max, w2: .max, w3: .max) }

    @inlinable
    public var isZero: Bool { (w0 | w1 | w2 | w3) == 0 }

    /// The value if it fits in 64 bits.
    @inlinable
    public var uint64: UInt64? { (w1 | w2 | w3) == 0 ? w0 : nil }

    /// The value, or `UInt64.max` when it does not fit: the usual way to turn an EVM offset or
    /// length into something that will then fail a gas or bounds check.
    @inlinable
    public var clampedUInt64: UInt64 { (w1 | w2 | w3) == 0 ? w0 : .max }
}

extension U256 {
    /// The big-endian 32-byte form, as a `Bytes32` (storage keys and values, BLOCKHASH).
    @inlinable
    public init(_ b: Bytes32) { self.init(w0: b.w3, w1: b.w2, w2: b.w1, w3: b.w0) }

    /// The low 160 bits as an address.
    @inlinable
    public init(_ a: Address) { self.init(w0: a.mid << 32 | UInt64(a.lo), w1: a.hi << 32 | a.mid >> 32, w2: a.hi >> 32, w3: 0) }
}

extension Bytes32 {
    @inlinable
    public init(_ v: U256) { self.init(w0: v.w3, w1: v.w2, w2: v.w1, w3: v.w0) }
}

extension Address {
    /// The low 160 bits of an EVM word.
    @inlinable
    public init(_ v: U256) {
        self.init(hi: v.w2 << 32 | v.w1 >> 32, mid: v.w1 << 32 | v.w0 >> 32, lo: UInt32(truncatingIfNeeded: v.w0))
    }
}
