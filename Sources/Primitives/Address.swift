/// A 20-byte Ethereum address, stored as three big-endian words (8 + 8 + 4 bytes) so that it
/// hashes and compares without touching an array.
@frozen
public struct Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var hi: UInt64, mid: UInt64, lo: UInt32

    @inlinable
    public init(hi: UInt64, mid: UInt64, lo: UInt32) { self.hi = hi; self.mid = mid; self.lo = lo }

    public static let zero = Address(hi: 0, mid: 0, lo: 0)

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

    @inlinable
    public static func == (a: Address, b: Address) -> Bool { a.hi == b.hi && a.mid == b.mid && a.lo == b.lo }

    // MARK: Hashing
    //
    // Addresses key the hottest tables of execution: the ledger's account index, the block
    // overlay, the per-transaction write sets. `Hasher` (SipHash-1-3 over three words, seeded,
    // then finalized) cost about as much as the rest of a plain transfer, so hashed collections
    // get a folded-multiply hash instead (wyhash's `mum`: one 64×64→128-bit multiply per step).
    // It takes the collection's per-instance seed in both multiplicands, so an attacker who
    // chooses addresses (anyone can send ether to any address) cannot aim them at one bucket
    // without knowing the process's random hashing seed. Equal addresses hash equally; the
    // value is not stable across processes, like every Swift hash.

    /// Folded 64×64→128-bit multiply: the high and low halves xor-ed.
    @inlinable @inline(__always)
    static func _mum(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let p = a.multipliedFullWidth(by: b)
        return p.high ^ p.low
    }

    /// The address mixed into one word under `seed`.
    @inlinable @inline(__always)
    public func mixedHash(seed: UInt64) -> UInt64 {
        let s2 = (seed << 32) | (seed >> 32)
        let h = Address._mum(hi ^ seed ^ 0xa076_1d64_78bd_642f, mid ^ s2 ^ 0xe703_7ed1_a0b4_28db)
        return Address._mum(h ^ UInt64(lo) ^ 0x8ebc_6af0_9c88_c6e3, 0x5899_65cc_7537_4cc3 ^ seed)
    }

    /// What `Set` and `Dictionary` call: the mixed word, no `Hasher` round trip.
    @inlinable
    public func _rawHashValue(seed: Int) -> Int {
        Int(truncatingIfNeeded: mixedHash(seed: UInt64(bitPattern: Int64(seed))))
    }

    /// Inside composite keys `Hasher` gets the three words themselves: an unseeded pre-mix
    /// would let chosen addresses collide before the seeded hasher ever sees them.
    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(hi)
        hasher.combine(mid)
        hasher.combine(lo)
    }
}
