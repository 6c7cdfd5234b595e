/// The BLAKE2b compression function F as exposed by EIP-152 (precompile 0x09): the caller
/// supplies the round count, state, message block, offset counters and final flag.
enum Blake2F {
    private static let iv: [UInt64] = [
        0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
        0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
    ]
    private static let sigma: [[Int]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
        [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
        [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
        [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
        [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
        [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
        [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
        [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
        [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
        [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
    ]

    /// Runs the precompile: exactly 213 bytes (rounds u32 BE, h 8×u64 LE, m 16×u64 LE,
    /// t 2×u64 LE, final flag byte 0 or 1); gas is the round count.
    static func run(input: [UInt8], gasLimit: UInt64) -> PrecompileResult {
        guard input.count == 213 else { return .failure }
        let rounds = UInt32(input[0]) << 24 | UInt32(input[1]) << 16 | UInt32(input[2]) << 8 | UInt32(input[3])
        let gas = UInt64(rounds)
        guard gas <= gasLimit else { return .failure }
        let flag = input[212]
        guard flag <= 1 else { return .failure }
        func word(_ at: Int) -> UInt64 {
            var v: UInt64 = 0
            for i in 0..<8 { v |= UInt64(input[at + i]) << (8 * UInt64(i)) }
            return v
        }
        var h = (0..<8).map { word(4 + 8 * $0) }
        let m = (0..<16).map { word(68 + 8 * $0) }
        let t0 = word(196), t1 = word(204)
        compress(&h, m, t0, t1, final: flag == 1, rounds: Int(rounds))
        var out = [UInt8]()
        out.reserveCapacity(64)
        for v in h { for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
        return .success(gasUsed: gas, output: out)
    }

    /// The message schedule flattened (10 rounds × 16 indices) for pointer access.
    private static let sigmaFlat: [UInt8] = sigma.flatMap { $0.map { UInt8($0) } }

    /// F(h, m, t, f) with `rounds` rounds. The working vector and schedule are read through
    /// pointers so that millions of rounds (gas pays one per round) stay cheap.
    static func compress(_ h: inout [UInt64], _ m: [UInt64], _ t0: UInt64, _ t1: UInt64, final: Bool, rounds: Int) {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 16) { v in
            for i in 0..<8 { v[i] = h[i]; v[i + 8] = iv[i] }
            v[12] ^= t0
            v[13] ^= t1
            if final { v[14] = ~v[14] }
            m.withUnsafeBufferPointer { mp in
                sigmaFlat.withUnsafeBufferPointer { sp in
                    @inline(__always) func g(_ a: Int, _ b: Int, _ c: Int, _ d: Int, _ x: UInt64, _ y: UInt64) {
                        v[a] = v[a] &+ v[b] &+ x; v[d] = (v[d] ^ v[a]).rotr(32)
                        v[c] = v[c] &+ v[d]; v[b] = (v[b] ^ v[c]).rotr(24)
                        v[a] = v[a] &+ v[b] &+ y; v[d] = (v[d] ^ v[a]).rotr(16)
                        v[c] = v[c] &+ v[d]; v[b] = (v[b] ^ v[c]).rotr(63)
                    }
                    var r = 0, row = 0
                    while r < rounds {
                        let s = sp.baseAddress! + row * 16
                        g(0, 4, 8, 12, mp[Int(s[0])], mp[Int(s[1])])
                        g(1, 5, 9, 13, mp[Int(s[2])], mp[Int(s[3])])
                        g(2, 6, 10, 14, mp[Int(s[4])], mp[Int(s[5])])
                        g(3, 7, 11, 15, mp[Int(s[6])], mp[Int(s[7])])
                        g(0, 5, 10, 15, mp[Int(s[8])], mp[Int(s[9])])
                        g(1, 6, 11, 12, mp[Int(s[10])], mp[Int(s[11])])
                        g(2, 7, 8, 13, mp[Int(s[12])], mp[Int(s[13])])
                        g(3, 4, 9, 14, mp[Int(s[14])], mp[Int(s[15])])
                        r += 1
                        row = row == 9 ? 0 : row + 1
                    }
                }
            }
            for i in 0..<8 { h[i] ^= v[i] ^ v[i + 8] }
        }
    }
}

extension UInt64 {
    @inline(__always)
    fileprivate func rotr(_ n: UInt64) -> UInt64 { (self >> n) | (self << (64 - n)) }
}
