/// A 20-byte Ethereum address, stored as three big-endian words (8 + 8 + 4 bytes) so that it
/// hashes and compares without touching an array.
@frozen
public struct Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var hi: UInt64, mid: UInt64, lo: UInt32

    @inlinable
    public init(hi: UInt64, mid: UInt64, lo: UInt32) { self.hi = hi; self.mid = mid; self.lo = lo }

    public static let zero = Address(hi: 0, mid: 0, lo: 0)

    /// One pre-mixed word for the hasher instead of three: every state read looks an address
    /// up in a dictionary, and the hasher's cost grows with the words it is fed.
    @inlinable
    public func hash(into hasher: inout Hasher) {
        var h = (hi ^ 0x243F_6A88_85A3_08D3) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ mid) &* 0xC2B2_AE3D_27D4_EB4F
        h ^= UInt64(lo) &* 0x1656_67B1_9E37_79F9
        hasher.combine(h ^ (h >> 29))
    }

    /// Exactly 20 bytes; anything else is `nil`.
    @inlinable
    public init?<C: Collection>(bytes: C) where C.Element == UInt8 {
        guard bytes.count == 20 else { return nil }
        var h: UInt64 = 0, m: UInt64 = 0, l: UInt32 = 0
        var i = 0
        for b in bytes {
            if i < 8 { h = h << 8 | UInt64(b) } else if i < 16 { m = m << 8 | UInt64(b) } else { l = l << 8 | UInt32(b) }
            i += 1
        }
        self.init(hi: h, mid: m, lo: l)
    }

    /// A small address such as a precompile (`Address(low: 1)` is ecrecover).
    @inlinable
    public init(low: UInt32) { self.init(hi: 0, mid: 0, lo: low) }

    /// Parses exactly 40 hex digits (with or without `0x`).
    public init(hex: String) throws(ParseError) {
        let bytes = try Hex.decode(hex)
        guard let a = Address(bytes: bytes) else { throw .wrongWidth(expected: 20, got: bytes.count) }
        self = a
    }

    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(20)
        for s in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: hi >> UInt64(s))) }
        for s in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: mid >> UInt64(s))) }
        for s in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: lo >> UInt32(s))) }
        return out
    }

    /// Lowercase, `0x`-prefixed, 40 digits.
    public var hex: String { Hex.encode(bytes) }
    public var description: String { hex }

    @inlinable
    public static func < (a: Address, b: Address) -> Bool { (a.hi, a.mid, a.lo) < (b.hi, b.mid, b.lo) }
}
