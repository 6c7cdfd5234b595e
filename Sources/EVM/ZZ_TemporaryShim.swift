// TEMPORARY: naive stand-ins for the U256 / RLP API that lands on main with branches u256 and crypto.
// Deleted at the merge. Only here so the EVM compiles and its tests can run before then.
import Primitives

extension U256: Comparable, ExpressibleByIntegerLiteral {
    public init(integerLiteral value: UInt64) { self.init(value) }
    public static func < (a: U256, b: U256) -> Bool { (a.w3, a.w2, a.w1, a.w0) < (b.w3, b.w2, b.w1, b.w0) }
    public var hex: String { Hex.encode(bigEndianBytes) }
    public init?(bigEndian bytes: some Collection<UInt8>) {
        guard bytes.count <= 32 else { return nil }
        var v = U256.zero
        for b in bytes { v = (v << 8) | U256(UInt64(b)) }
        self = v
    }
    public var bigEndianBytes: [UInt8] { Bytes32(self).bytes }
    public var minimalBigEndianBytes: [UInt8] { Array(bigEndianBytes.drop(while: { $0 == 0 })) }
    public init(loadingFrom p: UnsafeRawPointer) { self.init(Bytes32(loadingFrom: p)) }
    public func store(to p: UnsafeMutableRawPointer) { Bytes32(self).store(to: p) }
    public var bitWidth: Int {
        if w3 != 0 { return 256 - w3.leadingZeroBitCount }
        if w2 != 0 { return 192 - w2.leadingZeroBitCount }
        if w1 != 0 { return 128 - w1.leadingZeroBitCount }
        return 64 - w0.leadingZeroBitCount
    }
    public var byteWidth: Int { (bitWidth + 7) / 8 }
    var limbs: [UInt64] { [w0, w1, w2, w3] }
    init(limbs l: [UInt64]) { self.init(w0: l[0], w1: l[1], w2: l[2], w3: l[3]) }
    public func addingReportingOverflow(_ o: U256) -> (partialValue: U256, overflow: Bool) {
        var r = [UInt64](repeating: 0, count: 4); var c: UInt64 = 0
        let a = limbs, b = o.limbs
        for i in 0..<4 { let (s1, o1) = a[i].addingReportingOverflow(b[i]); let (s2, o2) = s1.addingReportingOverflow(c); r[i] = s2; c = (o1 ? 1 : 0) + (o2 ? 1 : 0) }
        return (U256(limbs: r), c != 0)
    }
    public func subtractingReportingOverflow(_ o: U256) -> (partialValue: U256, overflow: Bool) {
        var r = [UInt64](repeating: 0, count: 4); var c: UInt64 = 0
        let a = limbs, b = o.limbs
        for i in 0..<4 { let (s1, o1) = a[i].subtractingReportingOverflow(b[i]); let (s2, o2) = s1.subtractingReportingOverflow(c); r[i] = s2; c = (o1 ? 1 : 0) + (o2 ? 1 : 0) }
        return (U256(limbs: r), c != 0)
    }
    public static func &+ (a: U256, b: U256) -> U256 { a.addingReportingOverflow(b).partialValue }
    public static func &- (a: U256, b: U256) -> U256 { a.subtractingReportingOverflow(b).partialValue }
    public func multipliedFullWidth(by o: U256) -> (high: U256, low: U256) {
        var r = [UInt64](repeating: 0, count: 8)
        let a = limbs, b = o.limbs
        for i in 0..<4 {
            var carry: UInt64 = 0
            for j in 0..<4 {
                let (h, l) = a[i].multipliedFullWidth(by: b[j])
                let (s1, o1) = r[i + j].addingReportingOverflow(l)
                let (s2, o2) = s1.addingReportingOverflow(carry)
                r[i + j] = s2
                carry = h &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
            }
            r[i + 4] = carry
        }
        return (U256(limbs: Array(r[4...])), U256(limbs: Array(r[0..<4])))
    }
    public static func &* (a: U256, b: U256) -> U256 { a.multipliedFullWidth(by: b).low }
    public static func & (a: U256, b: U256) -> U256 { U256(w0: a.w0 & b.w0, w1: a.w1 & b.w1, w2: a.w2 & b.w2, w3: a.w3 & b.w3) }
    public static func | (a: U256, b: U256) -> U256 { U256(w0: a.w0 | b.w0, w1: a.w1 | b.w1, w2: a.w2 | b.w2, w3: a.w3 | b.w3) }
    public static func ^ (a: U256, b: U256) -> U256 { U256(w0: a.w0 ^ b.w0, w1: a.w1 ^ b.w1, w2: a.w2 ^ b.w2, w3: a.w3 ^ b.w3) }
    public static prefix func ~ (a: U256) -> U256 { U256(w0: ~a.w0, w1: ~a.w1, w2: ~a.w2, w3: ~a.w3) }
    public static func << (a: U256, n: Int) -> U256 {
        if n >= 256 { return .zero }; if n <= 0 { return a }
        var l = a.limbs; var r = [UInt64](repeating: 0, count: 4)
        let ws = n / 64, bs = n % 64
        for i in stride(from: 3, through: ws, by: -1) {
            r[i] = l[i - ws] << UInt64(bs)
            if bs > 0 && i - ws - 1 >= 0 { r[i] |= l[i - ws - 1] >> UInt64(64 - bs) }
        }
        l = r; return U256(limbs: l)
    }
    public static func >> (a: U256, n: Int) -> U256 {
        if n >= 256 { return .zero }; if n <= 0 { return a }
        let l = a.limbs; var r = [UInt64](repeating: 0, count: 4)
        let ws = n / 64, bs = n % 64
        for i in 0..<(4 - ws) {
            r[i] = l[i + ws] >> UInt64(bs)
            if bs > 0 && i + ws + 1 < 4 { r[i] |= l[i + ws + 1] << UInt64(64 - bs) }
        }
        return U256(limbs: r)
    }
    static func divMod(_ a: U256, _ b: U256) -> (U256, U256) {
        if b.isZero { return (.zero, .zero) }
        var q = U256.zero, r = U256.zero
        for i in stride(from: 255, through: 0, by: -1) {
            r = r << 1
            if !((a >> i) & .one).isZero { r = r | .one }
            if r >= b { r = r &- b; q = q | (U256.one << i) }
        }
        return (q, r)
    }
    public func evmDiv(_ b: U256) -> U256 { U256.divMod(self, b).0 }
    public func evmMod(_ b: U256) -> U256 { U256.divMod(self, b).1 }
    public var isNegative: Bool { w3 >> 63 != 0 }
    public var negated: U256 { (~self) &+ .one }
    public func evmSDiv(_ b: U256) -> U256 {
        if b.isZero { return .zero }
        let an = isNegative, bn = b.isNegative
        let q = U256.divMod(an ? negated : self, bn ? b.negated : b).0
        return an != bn ? q.negated : q
    }
    public func evmSMod(_ b: U256) -> U256 {
        if b.isZero { return .zero }
        let an = isNegative
        let r = U256.divMod(an ? negated : self, b.isNegative ? b.negated : b).1
        return an ? r.negated : r
    }
    // (a + b) mod n over 257 bits; (a * b) mod n over 512 bits, by repeated doubling.
    static func mulModSlow(_ a: U256, _ b: U256, _ n: U256) -> U256 {
        var result = U256.zero
        var x = a.evmMod(n)
        for i in 0..<256 {
            if !((b >> i) & .one).isZero { result = result.addMod(x, n) }
            x = x.addMod(x, n)
        }
        return result
    }
    public func addMod(_ b: U256, _ n: U256) -> U256 {
        if n.isZero { return .zero }
        let a = evmMod(n), c = b.evmMod(n)
        let (s, o) = a.addingReportingOverflow(c)
        if o || s >= n { return s &- n }
        return s
    }
    public func mulMod(_ b: U256, _ n: U256) -> U256 { n.isZero ? .zero : U256.mulModSlow(self, b, n) }
    public func power(_ e: U256) -> U256 {
        var result = U256.one, base = self
        for i in 0..<256 { if !((e >> i) & .one).isZero { result = result &* base }; base = base &* base }
        return result
    }
    public func signExtend(fromByte b: U256) -> U256 {
        guard let k = b.uint64, k < 31 else { return self }
        let bit = Int(k) * 8 + 7
        let mask = (U256.one << (bit + 1)) &- .one
        if !((self >> bit) & .one).isZero { return self | ~mask }
        return self & mask
    }
    public func evmByte(_ i: U256) -> U256 {
        guard let k = i.uint64, k < 32 else { return .zero }
        return U256(UInt64(Bytes32(self)[byte: Int(k)]))
    }
    public func shiftedLeft(by s: U256) -> U256 { guard let k = s.uint64, k < 256 else { return .zero }; return self << Int(k) }
    public func shiftedRight(by s: U256) -> U256 { guard let k = s.uint64, k < 256 else { return .zero }; return self >> Int(k) }
    public func arithmeticShiftedRight(by s: U256) -> U256 {
        if !isNegative { return shiftedRight(by: s) }
        guard let k = s.uint64, k < 256 else { return .max }
        return ~((~self) >> Int(k))
    }
    public func signedLessThan(_ b: U256) -> Bool {
        if isNegative != b.isNegative { return isNegative }
        return self < b
    }
    public func signedGreaterThan(_ b: U256) -> Bool { b.signedLessThan(self) }
}

public struct RLPWriter {
    public var bytes: [UInt8] = []
    var listStarts: [Int] = []
    public init() {}
    public mutating func appendBytes(_ b: some Collection<UInt8>) {
        let a = Array(b)
        if a.count == 1 && a[0] < 0x80 { bytes.append(a[0]); return }
        header(a.count, 0x80); bytes += a
    }
    mutating func header(_ len: Int, _ base: UInt8) {
        if len < 56 { bytes.append(base + UInt8(len)); return }
        let lb = U256(UInt64(len)).minimalBigEndianBytes
        bytes.append(base + 55 + UInt8(lb.count)); bytes += lb
    }
    public mutating func append(_ v: UInt64) { appendBytes(U256(v).minimalBigEndianBytes) }
    public mutating func append(_ v: U256) { appendBytes(v.minimalBigEndianBytes) }
    public mutating func append(_ a: Address) { appendBytes(a.bytes) }
    public mutating func beginList() -> Int { bytes.count }
    public mutating func endList(_ start: Int) {
        let payload = Array(bytes[start...])
        bytes.removeSubrange(start...)
        header(payload.count, 0xc0); bytes += payload
    }
}

enum ShimKeccak {
    static let rc: [UInt64] = [0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000, 0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009, 0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A, 0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003, 0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A, 0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008]
    static let rotc: [Int] = [1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44]
    static let piln: [Int] = [10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1]
    static func f(_ s: inout [UInt64]) {
        for round in 0..<24 {
            var bc = [UInt64](repeating: 0, count: 5)
            for i in 0..<5 { bc[i] = s[i] ^ s[i + 5] ^ s[i + 10] ^ s[i + 15] ^ s[i + 20] }
            for i in 0..<5 { let t = bc[(i + 4) % 5] ^ ((bc[(i + 1) % 5] << 1) | (bc[(i + 1) % 5] >> 63)); for j in stride(from: 0, to: 25, by: 5) { s[j + i] ^= t } }
            var t = s[1]
            for i in 0..<24 { let j = piln[i]; let tmp = s[j]; s[j] = (t << UInt64(rotc[i])) | (t >> UInt64(64 - rotc[i])); t = tmp }
            for j in stride(from: 0, to: 25, by: 5) { for i in 0..<5 { bc[i] = s[j + i] }; for i in 0..<5 { s[j + i] ^= (~bc[(i + 1) % 5]) & bc[(i + 2) % 5] } }
            s[0] ^= rc[round]
        }
    }
    static func hash(_ input: [UInt8]) -> Bytes32 {
        var s = [UInt64](repeating: 0, count: 25)
        var msg = input; msg.append(0x01)
        while msg.count % 136 != 0 { msg.append(0) }
        msg[msg.count - 1] |= 0x80
        for block in stride(from: 0, to: msg.count, by: 136) {
            for i in 0..<17 { var w: UInt64 = 0; for k in 0..<8 { w |= UInt64(msg[block + i * 8 + k]) << UInt64(8 * k) }; s[i] ^= w }
            f(&s)
        }
        var out = [UInt8]()
        for i in 0..<4 { for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: s[i] >> UInt64(8 * k))) } }
        return Bytes32(bytes: out)!
    }
}

extension Keccak256 {
    static func evmHash(_ bytes: some Collection<UInt8>) -> Bytes32 { ShimKeccak.hash(Array(bytes)) }
    static func evmHash(_ buffer: UnsafeRawBufferPointer) -> Bytes32 { ShimKeccak.hash(Array(buffer)) }
}
