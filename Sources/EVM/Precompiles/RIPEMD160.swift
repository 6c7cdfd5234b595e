/// RIPEMD-160 (Dobbertin, Bosselaers, Preneel 1996), written here for precompile 0x03.
/// Little-endian words, two parallel lines of 80 steps each.
struct RIPEMD160 {
    private static let rl: [Int] = [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        7, 4, 13, 1, 10, 6, 15, 3, 12, 0, 9, 5, 2, 14, 11, 8,
        3, 10, 14, 4, 9, 15, 8, 1, 2, 7, 0, 6, 13, 11, 5, 12,
        1, 9, 11, 10, 0, 8, 12, 4, 13, 3, 7, 15, 14, 5, 6, 2,
        4, 0, 5, 9, 7, 12, 2, 10, 14, 1, 3, 8, 11, 6, 15, 13,
    ]
    private static let rr: [Int] = [
        5, 14, 7, 0, 9, 2, 11, 4, 13, 6, 15, 8, 1, 10, 3, 12,
        6, 11, 3, 7, 0, 13, 5, 10, 14, 15, 8, 12, 4, 9, 1, 2,
        15, 5, 1, 3, 7, 14, 6, 9, 11, 8, 12, 2, 10, 0, 4, 13,
        8, 6, 4, 1, 3, 11, 15, 0, 5, 12, 2, 13, 9, 7, 10, 14,
        12, 15, 10, 4, 1, 5, 8, 7, 6, 2, 13, 14, 0, 3, 9, 11,
    ]
    private static let sl: [UInt32] = [
        11, 14, 15, 12, 5, 8, 7, 9, 11, 13, 14, 15, 6, 7, 9, 8,
        7, 6, 8, 13, 11, 9, 7, 15, 7, 12, 15, 9, 11, 7, 13, 12,
        11, 13, 6, 7, 14, 9, 13, 15, 14, 8, 13, 6, 5, 12, 7, 5,
        11, 12, 14, 15, 14, 15, 9, 8, 9, 14, 5, 6, 8, 6, 5, 12,
        9, 15, 5, 11, 6, 8, 13, 12, 5, 12, 13, 14, 11, 8, 5, 6,
    ]
    private static let sr: [UInt32] = [
        8, 9, 9, 11, 13, 15, 15, 5, 7, 7, 8, 11, 14, 14, 12, 6,
        9, 13, 15, 7, 12, 8, 9, 11, 7, 7, 12, 7, 6, 15, 13, 11,
        9, 7, 15, 11, 8, 6, 6, 14, 12, 13, 5, 14, 13, 13, 7, 5,
        15, 5, 8, 11, 14, 14, 6, 14, 6, 9, 12, 9, 12, 5, 15, 8,
        8, 5, 12, 9, 12, 5, 14, 6, 8, 13, 6, 5, 15, 13, 11, 11,
    ]
    private static let kl: [UInt32] = [0x00000000, 0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xa953fd4e]
    private static let kr: [UInt32] = [0x50a28be6, 0x5c4dd124, 0x6d703ef3, 0x7a6d76e9, 0x00000000]

    private var h: (UInt32, UInt32, UInt32, UInt32, UInt32) = (0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0)

    /// The 20-byte digest of `data`.
    static func hash(_ data: [UInt8]) -> [UInt8] {
        var state = RIPEMD160()
        var x = [UInt32](repeating: 0, count: 16)
        let full = data.count / 64
        data.withUnsafeBufferPointer { buf in
            for b in 0..<full { state.compress(buf, from: b * 64, x: &x) }
        }
        var block = [UInt8](repeating: 0, count: 64)
        let rest = data.count - full * 64
        for i in 0..<rest { block[i] = data[full * 64 + i] }
        block[rest] = 0x80
        let bitLength = UInt64(data.count) &* 8
        if rest >= 56 {
            block.withUnsafeBufferPointer { state.compress($0, from: 0, x: &x) }
            for i in 0..<64 { block[i] = 0 }
        }
        for i in 0..<8 { block[56 + i] = UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(i))) }
        block.withUnsafeBufferPointer { state.compress($0, from: 0, x: &x) }
        var out = [UInt8]()
        out.reserveCapacity(20)
        for v in [state.h.0, state.h.1, state.h.2, state.h.3, state.h.4] {
            out.append(UInt8(truncatingIfNeeded: v)); out.append(UInt8(truncatingIfNeeded: v >> 8))
            out.append(UInt8(truncatingIfNeeded: v >> 16)); out.append(UInt8(v >> 24))
        }
        return out
    }

    @inline(__always)
    private static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { (x << n) | (x >> (32 - n)) }

    @inline(__always)
    private static func f(_ j: Int, _ x: UInt32, _ y: UInt32, _ z: UInt32) -> UInt32 {
        switch j {
        case 0: return x ^ y ^ z
        case 1: return (x & y) | (~x & z)
        case 2: return (x | ~y) ^ z
        case 3: return (x & z) | (y & ~z)
        default: return x ^ (y | ~z)
        }
    }

    private mutating func compress(_ p: UnsafeBufferPointer<UInt8>, from o: Int, x: inout [UInt32]) {
        for i in 0..<16 {
            x[i] = UInt32(p[o + 4 * i]) | UInt32(p[o + 4 * i + 1]) << 8
                | UInt32(p[o + 4 * i + 2]) << 16 | UInt32(p[o + 4 * i + 3]) << 24
        }
        var (al, bl, cl, dl, el) = h
        var (ar, br, cr, dr, er) = h
        for j in 0..<80 {
            let round = j / 16
            var t = Self.rotl(al &+ Self.f(round, bl, cl, dl) &+ x[Self.rl[j]] &+ Self.kl[round], Self.sl[j]) &+ el
            al = el; el = dl; dl = Self.rotl(cl, 10); cl = bl; bl = t
            t = Self.rotl(ar &+ Self.f(4 - round, br, cr, dr) &+ x[Self.rr[j]] &+ Self.kr[round], Self.sr[j]) &+ er
            ar = er; er = dr; dr = Self.rotl(cr, 10); cr = br; br = t
        }
        let t = h.1 &+ cl &+ dr
        h.1 = h.2 &+ dl &+ er
        h.2 = h.3 &+ el &+ ar
        h.3 = h.4 &+ al &+ br
        h.4 = h.0 &+ bl &+ cr
        h.0 = t
    }
}
