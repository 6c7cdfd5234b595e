@testable import Primitives

/// A deliberately slow, independent arbitrary-precision unsigned integer used as the oracle for
/// the U256 differential tests: little-endian 32-bit limbs, schoolbook add/sub/mul and binary
/// (bit-at-a-time) long division. It shares no code or algorithm with U256's limb arithmetic.
struct Ref: Equatable, CustomStringConvertible {
    /// Little-endian, no trailing zero limbs (zero is `[]`).
    private(set) var limbs: [UInt32]

    init(limbs: [UInt32]) {
        self.limbs = limbs
        while let last = self.limbs.last, last == 0 { self.limbs.removeLast() }
    }

    init(_ v: UInt64) { self.init(limbs: [UInt32(truncatingIfNeeded: v), UInt32(truncatingIfNeeded: v >> 32)]) }

    init(_ u: U256) {
        var l: [UInt32] = []
        for w in [u.w0, u.w1, u.w2, u.w3] {
            l.append(UInt32(truncatingIfNeeded: w)); l.append(UInt32(truncatingIfNeeded: w >> 32))
        }
        self.init(limbs: l)
    }

    static let zero = Ref(limbs: [])
    static let one = Ref(UInt64(1))
    /// 2^n.
    static func pow2(_ n: Int) -> Ref {
        var l = [UInt32](repeating: 0, count: n / 32 + 1)
        l[n / 32] = 1 << UInt32(n % 32)
        return Ref(limbs: l)
    }
    static let mod256 = pow2(256)
    static let half256 = pow2(255)

    var isZero: Bool { limbs.isEmpty }
    func limb(_ i: Int) -> UInt32 { i < limbs.count ? limbs[i] : 0 }
    var bitLength: Int { limbs.isEmpty ? 0 : (limbs.count - 1) * 32 + (32 - limbs.last!.leadingZeroBitCount) }
    func bit(_ i: Int) -> Bool { (limb(i / 32) >> UInt32(i % 32)) & 1 == 1 }

    /// Builds a value from a bit predicate over bits 0..<count.
    static func fromBits(_ count: Int, _ f: (Int) -> Bool) -> Ref {
        var l = [UInt32](repeating: 0, count: (count + 31) / 32)
        for i in 0..<count where f(i) { l[i / 32] |= 1 << UInt32(i % 32) }
        return Ref(limbs: l)
    }

    /// The low 256 bits as a U256 (the value must already be below 2^256 for an exact match).
    var u256: U256 {
        func w(_ i: Int) -> UInt64 { UInt64(limb(2 * i)) | UInt64(limb(2 * i + 1)) << 32 }
        return U256(w0: w(0), w1: w(1), w2: w(2), w3: w(3))
    }

    /// Reduced mod 2^256 by dropping limbs.
    var truncated: Ref { Ref(limbs: Array(limbs.prefix(8))) }

    static func < (a: Ref, b: Ref) -> Bool {
        if a.limbs.count != b.limbs.count { return a.limbs.count < b.limbs.count }
        var i = a.limbs.count - 1
        while i >= 0 {
            if a.limbs[i] != b.limbs[i] { return a.limbs[i] < b.limbs[i] }
            i -= 1
        }
        return false
    }
    static func >= (a: Ref, b: Ref) -> Bool { !(a < b) }

    static func + (a: Ref, b: Ref) -> Ref {
        let n = max(a.limbs.count, b.limbs.count)
        var out: [UInt32] = []
        var carry: UInt64 = 0
        for i in 0..<n {
            let s = UInt64(a.limb(i)) + UInt64(b.limb(i)) + carry
            out.append(UInt32(truncatingIfNeeded: s)); carry = s >> 32
        }
        out.append(UInt32(carry))
        return Ref(limbs: out)
    }

    /// Requires a >= b.
    static func - (a: Ref, b: Ref) -> Ref {
        precondition(a >= b)
        var out: [UInt32] = []
        var borrow: Int64 = 0
        for i in 0..<a.limbs.count {
            var d = Int64(a.limb(i)) - Int64(b.limb(i)) - borrow
            if d < 0 { d += 1 << 32; borrow = 1 } else { borrow = 0 }
            out.append(UInt32(d))
        }
        return Ref(limbs: out)
    }

    static func * (a: Ref, b: Ref) -> Ref {
        if a.isZero || b.isZero { return .zero }
        var out = [UInt32](repeating: 0, count: a.limbs.count + b.limbs.count)
        for i in 0..<a.limbs.count {
            var carry: UInt64 = 0
            for j in 0..<b.limbs.count {
                let t = UInt64(a.limbs[i]) * UInt64(b.limbs[j]) + UInt64(out[i + j]) + carry
                out[i + j] = UInt32(truncatingIfNeeded: t); carry = t >> 32
            }
            out[i + b.limbs.count] = UInt32(carry)
        }
        return Ref(limbs: out)
    }

    /// Binary long division: one bit of the dividend at a time, shift-and-subtract.
    func divMod(_ d: Ref) -> (q: Ref, r: Ref) {
        precondition(!d.isZero)
        if self < d { return (.zero, self) }
        var q = [UInt32](repeating: 0, count: limbs.count)
        var r = Ref.zero
        var i = bitLength - 1
        while i >= 0 {
            r = r + r
            if bit(i) { r = r + Ref.one }
            if r >= d { r = r - d; q[i / 32] |= 1 << UInt32(i % 32) }
            i -= 1
        }
        return (Ref(limbs: q), r)
    }

    // MARK: two's complement over 256 bits

    var isNegative256: Bool { self >= Ref.half256 }
    /// (negative?, magnitude) of a 256-bit pattern.
    var signed: (neg: Bool, mag: Ref) { isNegative256 ? (true, Ref.mod256 - self) : (false, self) }
    /// The 256-bit pattern of ±mag.
    static func fromSigned(_ neg: Bool, _ mag: Ref) -> Ref {
        let m = mag.truncated
        return (neg && !m.isZero) ? (Ref.mod256 - m).truncated : m
    }

    // MARK: EVM semantics, written from the yellow paper definitions

    static func add(_ a: Ref, _ b: Ref) -> Ref { (a + b).truncated }
    static func sub(_ a: Ref, _ b: Ref) -> Ref { (a + Ref.mod256 - b).truncated }
    static func mul(_ a: Ref, _ b: Ref) -> Ref { (a * b).truncated }
    static func div(_ a: Ref, _ b: Ref) -> Ref { b.isZero ? .zero : a.divMod(b).q }
    static func mod(_ a: Ref, _ b: Ref) -> Ref { b.isZero ? .zero : a.divMod(b).r }
    static func sdiv(_ a: Ref, _ b: Ref) -> Ref {
        if b.isZero { return .zero }
        let (na, ma) = a.signed, (nb, mb) = b.signed
        return fromSigned(na != nb, ma.divMod(mb).q)
    }
    static func smod(_ a: Ref, _ b: Ref) -> Ref {
        if b.isZero { return .zero }
        let (na, ma) = a.signed, (_, mb) = b.signed
        return fromSigned(na, ma.divMod(mb).r)
    }
    static func addmod(_ a: Ref, _ b: Ref, _ m: Ref) -> Ref { m.isZero ? .zero : (a + b).divMod(m).r }
    static func mulmod(_ a: Ref, _ b: Ref, _ m: Ref) -> Ref { m.isZero ? .zero : (a * b).divMod(m).r }
    /// Left-to-right binary exponentiation (the production code goes right to left).
    static func exp(_ a: Ref, _ e: Ref) -> Ref {
        var r = Ref.one
        var i = e.bitLength - 1
        while i >= 0 {
            r = mul(r, r)
            if e.bit(i) { r = mul(r, a) }
            i -= 1
        }
        return r
    }
    static func shl(_ a: Ref, _ n: Int) -> Ref { n >= 256 ? .zero : (a * pow2(n)).truncated }
    static func shr(_ a: Ref, _ n: Int) -> Ref { n >= 256 ? .zero : fromBits(256) { a.bit($0 + n) } }
    static func sar(_ a: Ref, _ n: Int) -> Ref {
        let neg = a.isNegative256
        return fromBits(256) { i in i + n < 256 ? a.bit(i + n) : neg }
    }
    static func signextend(_ b: Int, _ x: Ref) -> Ref {
        if b >= 31 { return x }
        let t = 8 * b + 7
        let s = x.bit(t)
        return fromBits(256) { i in i <= t ? x.bit(i) : s }
    }
    static func byte(_ i: Int, _ x: Ref) -> Ref {
        if i >= 32 { return .zero }
        let base = 8 * (31 - i)
        return fromBits(8) { x.bit(base + $0) }
    }
    static func slt(_ a: Ref, _ b: Ref) -> Bool {
        let (na, ma) = a.signed, (nb, mb) = b.signed
        if na != nb { return na }
        return na ? mb < ma : ma < mb
    }

    /// Decimal by repeated short division by 10.
    var description: String {
        if isZero { return "0" }
        var digits: [Character] = []
        var l = limbs
        while !l.isEmpty {
            var rem: UInt64 = 0
            var i = l.count - 1
            while i >= 0 {
                let cur = rem << 32 | UInt64(l[i])
                l[i] = UInt32(cur / 10); rem = cur % 10
                i -= 1
            }
            digits.append(Character(String(rem)))
            while let last = l.last, last == 0 { l.removeLast() }
        }
        return String(digits.reversed())
    }

    /// Minimal lowercase hex with 0x, nibble by nibble from the bits.
    var hex: String {
        let n = max(1, (bitLength + 3) / 4)
        let table = Array("0123456789abcdef")
        var s = "0x"
        for k in stride(from: n - 1, through: 0, by: -1) {
            var v = 0
            for j in 0..<4 where bit(4 * k + j) { v |= 1 << j }
            s.append(table[v])
        }
        return s
    }

    /// 32 big-endian bytes from the bits.
    var bytes32: [UInt8] {
        (0..<32).map { i in
            var v: UInt8 = 0
            for j in 0..<8 where bit(8 * (31 - i) + j) { v |= 1 << UInt8(j) }
            return v
        }
    }
}

/// Deterministic SplitMix64 so that every run exercises the same cases.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// Operand mix: edge values, small values, full-width random values, random values of random
/// width (so dividend and divisor limb counts vary), and limbs drawn from {0, 1, 2^63, max, random}
/// (the patterns that exercise Knuth D's estimate corrections and carries).
struct OperandGenerator {
    var rng: SplitMix64
    init(seed: UInt64) { rng = SplitMix64(state: seed) }

    static let edges: [U256] = {
        var e: [U256] = [
            .zero, .one, U256(2), U256(3), U256(UInt64.max), U256(w0: 0, w1: 1, w2: 0, w3: 0),
            U256(w0: 0, w1: 0, w2: 1, w3: 0), U256(w0: 0, w1: 0, w2: 0, w3: 1 << 63),
            U256(w0: .max, w1: .max, w2: .max, w3: .max >> 1), .max, U256(w0: .max - 1, w1: .max, w2: .max, w3: .max),
            U256(w0: 1, w1: 0, w2: 0, w3: 1 << 63),
        ]
        for limb in 0..<4 {
            for v: UInt64 in [1, .max, 1 << 63] {
                var u = U256.zero
                switch limb { case 0: u.w0 = v; case 1: u.w1 = v; case 2: u.w2 = v; default: u.w3 = v }
                e.append(u)
            }
        }
        return e
    }()

    mutating func next() -> U256 {
        switch rng.below(10) {
        case 0, 1: return Self.edges[rng.below(Self.edges.count)]
        case 2: return U256(rng.next() >> UInt64(rng.below(64)))
        case 3, 4, 5: return U256(w0: rng.next(), w1: rng.next(), w2: rng.next(), w3: rng.next())
        case 6, 7:
            let full = U256(w0: rng.next(), w1: rng.next(), w2: rng.next(), w3: rng.next())
            return full >> rng.below(256)
        default:
            func limb(_ r: inout SplitMix64) -> UInt64 {
                switch r.below(5) { case 0: 0; case 1: 1; case 2: 1 << 63; case 3: .max; default: r.next() }
            }
            return U256(w0: limb(&rng), w1: limb(&rng), w2: limb(&rng), w3: limb(&rng))
        }
    }
}
