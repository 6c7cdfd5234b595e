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
        var s = [UInt64](repeating: 0, count: 25)
        // Lanes are little-endian 8-byte chunks of the byte string; words are big-endian.
        s[0] = a.w3.byteSwapped; s[1] = a.w2.byteSwapped; s[2] = a.w1.byteSwapped; s[3] = a.w0.byteSwapped
        s[4] = b.w3.byteSwapped; s[5] = b.w2.byteSwapped; s[6] = b.w1.byteSwapped; s[7] = b.w0.byteSwapped
        s[8] = 0x01                      // Keccak padding: 0x01 after the message …
        s[16] ^= 0x8000_0000_0000_0000   // … and 0x80 at the last byte of the 136-byte rate.
        s.withUnsafeMutableBufferPointer { keccakF1600($0) }
        return U256(w0: s[3].byteSwapped, w1: s[2].byteSwapped, w2: s[1].byteSwapped, w3: s[0].byteSwapped)
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
    /// Rotation offsets and destination lanes of the combined ρ and π steps.
    private static let rho: [UInt64] = [1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44]
    private static let pi: [Int] = [10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1]

    private static func keccakF1600(_ s: UnsafeMutableBufferPointer<UInt64>) {
        var c = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        for round in 0..<24 {
            // θ
            c.0 = s[0] ^ s[5] ^ s[10] ^ s[15] ^ s[20]
            c.1 = s[1] ^ s[6] ^ s[11] ^ s[16] ^ s[21]
            c.2 = s[2] ^ s[7] ^ s[12] ^ s[17] ^ s[22]
            c.3 = s[3] ^ s[8] ^ s[13] ^ s[18] ^ s[23]
            c.4 = s[4] ^ s[9] ^ s[14] ^ s[19] ^ s[24]
            let d0 = c.4 ^ rotl(c.1, 1), d1 = c.0 ^ rotl(c.2, 1), d2 = c.1 ^ rotl(c.3, 1)
            let d3 = c.2 ^ rotl(c.4, 1), d4 = c.3 ^ rotl(c.0, 1)
            for y in stride(from: 0, to: 25, by: 5) {
                s[y] ^= d0; s[y + 1] ^= d1; s[y + 2] ^= d2; s[y + 3] ^= d3; s[y + 4] ^= d4
            }
            // ρ and π
            var t = s[1]
            for i in 0..<24 {
                let j = pi[i]
                let tmp = s[j]
                s[j] = rotl(t, rho[i])
                t = tmp
            }
            // χ
            for y in stride(from: 0, to: 25, by: 5) {
                let a0 = s[y], a1 = s[y + 1], a2 = s[y + 2], a3 = s[y + 3], a4 = s[y + 4]
                s[y] = a0 ^ (~a1 & a2); s[y + 1] = a1 ^ (~a2 & a3); s[y + 2] = a2 ^ (~a3 & a4)
                s[y + 3] = a3 ^ (~a4 & a0); s[y + 4] = a4 ^ (~a0 & a1)
            }
            // ι
            s[0] ^= roundConstants[round]
        }
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ n: UInt64) -> UInt64 { (x << n) | (x >> (64 - n)) }
}
