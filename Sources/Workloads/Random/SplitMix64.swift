/// SplitMix64: the seeded generator every workload draws from.
///
/// Chosen over `SystemRandomNumberGenerator` because a block must be a pure function of its
/// parameters and seed (same seed → byte-identical block, on every platform and Swift version),
/// and over xoshiro because one 64-bit add-and-mix per draw is already far faster than anything
/// else generation does per transaction.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// Deterministic mixing of a value without a generator, e.g. an account index into address bits.
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<n (n > 0), by Lemire's multiply-shift; the tiny bias (< n / 2^64) is
    /// irrelevant here and avoiding the rejection loop keeps the draw count per tx fixed.
    @inline(__always)
    mutating func below(_ n: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// Uniform in lo...hi.
    @inline(__always)
    mutating func inRange(_ lo: UInt64, _ hi: UInt64) -> UInt64 {
        lo &+ UInt64(below(Int(hi - lo) + 1))
    }

    /// Uniform in [0, 1) with 53 bits.
    @inline(__always)
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// True with probability p (p ≥ 1 always, p ≤ 0 never, without consuming a different
    /// number of draws: a draw is always taken so knob changes don't shift later choices).
    @inline(__always)
    mutating func chance(_ p: Double) -> Bool { unit() < p }
}
