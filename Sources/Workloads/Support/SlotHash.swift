import Primitives

/// Keccak-256 of the 64-byte inputs Vyper hashes to locate a HashMap entry
/// (keccak256(pad32(slot) ++ pad32(key))), so generators can write contract storage straight
/// into the genesis allocation.
///
/// A private copy rather than `Primitives.Keccak256` because the shared implementation lands on
/// `main` after this module was written; generation only ever hashes one 64-byte block, which this
/// specialises (a single absorb, no streaming). Checked against known vectors in the tests.
enum SlotHash {
    /// keccak256(pad32(a) ++ pad32(b)) for two words given as `U256`.
    static func hash(_ a: U256, _ b: U256) -> U256 {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 25) { s in
            s.initialize(repeating: 0)
            // Lanes are little-endian 8-byte chunks of the byte string; words are big-endian.
            s[0] = a.w3.byteSwapped; s[1] = a.w2.byteSwapped; s[2] = a.w1.byteSwapped; s[3] = a.w0.byteSwapped
            s[4] = b.w3.byteSwapped; s[5] = b.w2.byteSwapped; s[6] = b.w1.byteSwapped; s[7] = b.w0.byteSwapped
            s[8] = 0x01                      // Keccak padding: 0x01 after the message …
            s[16] = 0x8000_0000_0000_0000    // … and 0x80 at the last byte of the 136-byte rate.
            keccakF1600(s)
            return U256(w0: s[3].byteSwapped, w1: s[2].byteSwapped, w2: s[1].byteSwapped, w3: s[0].byteSwapped)
        }
    }

    /// keccak256 of an arbitrary short byte string (< 136 bytes), e.g. an event signature in tests.
    static func hash(bytes: [UInt8]) -> [UInt8] {
        precondition(bytes.count < 136)
        var block = [UInt8](repeating: 0, count: 136)
        for (i, b) in bytes.enumerated() { block[i] = b }
        block[bytes.count] ^= 0x01
        block[135] ^= 0x80
        var s = [UInt64](repeating: 0, count: 25)
        for i in 0..<17 {
            var lane: UInt64 = 0
            for j in 0..<8 { lane |= UInt64(block[i * 8 + j]) << (8 * UInt64(j)) }
            s[i] = lane
        }
        s.withUnsafeMutableBufferPointer { keccakF1600($0) }
        var out = [UInt8]()
        for i in 0..<4 { for j in 0..<8 { out.append(UInt8(truncatingIfNeeded: s[i] >> (8 * UInt64(j)))) } }
        return out
    }

    private static let roundConstants: [UInt64] = [
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
        0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
        0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
        0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
        0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
    ]

    /// Keccak-f[1600] over 25 lanes held in locals (unrolled steps, generated from the reference
    /// ρ/π tables), so it runs without array bounds checks or allocation, even in debug builds.
    private static func keccakF1600(_ s: UnsafeMutableBufferPointer<UInt64>) {
        var a0 = s[0]
        var a1 = s[1]
        var a2 = s[2]
        var a3 = s[3]
        var a4 = s[4]
        var a5 = s[5]
        var a6 = s[6]
        var a7 = s[7]
        var a8 = s[8]
        var a9 = s[9]
        var a10 = s[10]
        var a11 = s[11]
        var a12 = s[12]
        var a13 = s[13]
        var a14 = s[14]
        var a15 = s[15]
        var a16 = s[16]
        var a17 = s[17]
        var a18 = s[18]
        var a19 = s[19]
        var a20 = s[20]
        var a21 = s[21]
        var a22 = s[22]
        var a23 = s[23]
        var a24 = s[24]
        for round in 0..<24 {
            // θ
            let c0 = a0 ^ a5 ^ a10 ^ a15 ^ a20
            let c1 = a1 ^ a6 ^ a11 ^ a16 ^ a21
            let c2 = a2 ^ a7 ^ a12 ^ a17 ^ a22
            let c3 = a3 ^ a8 ^ a13 ^ a18 ^ a23
            let c4 = a4 ^ a9 ^ a14 ^ a19 ^ a24
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)
            a0 ^= d0
            a1 ^= d1
            a2 ^= d2
            a3 ^= d3
            a4 ^= d4
            a5 ^= d0
            a6 ^= d1
            a7 ^= d2
            a8 ^= d3
            a9 ^= d4
            a10 ^= d0
            a11 ^= d1
            a12 ^= d2
            a13 ^= d3
            a14 ^= d4
            a15 ^= d0
            a16 ^= d1
            a17 ^= d2
            a18 ^= d3
            a19 ^= d4
            a20 ^= d0
            a21 ^= d1
            a22 ^= d2
            a23 ^= d3
            a24 ^= d4
            // ρ and π
            let b0 = a0
            let b1 = rotl(a6, 44)
            let b2 = rotl(a12, 43)
            let b3 = rotl(a18, 21)
            let b4 = rotl(a24, 14)
            let b5 = rotl(a3, 28)
            let b6 = rotl(a9, 20)
            let b7 = rotl(a10, 3)
            let b8 = rotl(a16, 45)
            let b9 = rotl(a22, 61)
            let b10 = rotl(a1, 1)
            let b11 = rotl(a7, 6)
            let b12 = rotl(a13, 25)
            let b13 = rotl(a19, 8)
            let b14 = rotl(a20, 18)
            let b15 = rotl(a4, 27)
            let b16 = rotl(a5, 36)
            let b17 = rotl(a11, 10)
            let b18 = rotl(a17, 15)
            let b19 = rotl(a23, 56)
            let b20 = rotl(a2, 62)
            let b21 = rotl(a8, 55)
            let b22 = rotl(a14, 39)
            let b23 = rotl(a15, 41)
            let b24 = rotl(a21, 2)
            // χ
            a0 = b0 ^ (~b1 & b2)
            a1 = b1 ^ (~b2 & b3)
            a2 = b2 ^ (~b3 & b4)
            a3 = b3 ^ (~b4 & b0)
            a4 = b4 ^ (~b0 & b1)
            a5 = b5 ^ (~b6 & b7)
            a6 = b6 ^ (~b7 & b8)
            a7 = b7 ^ (~b8 & b9)
            a8 = b8 ^ (~b9 & b5)
            a9 = b9 ^ (~b5 & b6)
            a10 = b10 ^ (~b11 & b12)
            a11 = b11 ^ (~b12 & b13)
            a12 = b12 ^ (~b13 & b14)
            a13 = b13 ^ (~b14 & b10)
            a14 = b14 ^ (~b10 & b11)
            a15 = b15 ^ (~b16 & b17)
            a16 = b16 ^ (~b17 & b18)
            a17 = b17 ^ (~b18 & b19)
            a18 = b18 ^ (~b19 & b15)
            a19 = b19 ^ (~b15 & b16)
            a20 = b20 ^ (~b21 & b22)
            a21 = b21 ^ (~b22 & b23)
            a22 = b22 ^ (~b23 & b24)
            a23 = b23 ^ (~b24 & b20)
            a24 = b24 ^ (~b20 & b21)
            // ι
            a0 ^= roundConstants[round]
        }
        s[0] = a0
        s[1] = a1
        s[2] = a2
        s[3] = a3
        s[4] = a4
        s[5] = a5
        s[6] = a6
        s[7] = a7
        s[8] = a8
        s[9] = a9
        s[10] = a10
        s[11] = a11
        s[12] = a12
        s[13] = a13
        s[14] = a14
        s[15] = a15
        s[16] = a16
        s[17] = a17
        s[18] = a18
        s[19] = a19
        s[20] = a20
        s[21] = a21
        s[22] = a22
        s[23] = a23
        s[24] = a24
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ n: UInt64) -> UInt64 { (x << n) | (x >> (64 - n)) }
}
