import Primitives

/// Amounts the generators work with. Generation does its own bookkeeping (lending health, pool
/// sizes) in `UInt128`, which is exact for every quantity the workloads produce, and converts to
/// `U256` only when writing a transaction or the genesis, so it does not need U256 arithmetic.
enum Amounts {
    static let ether: UInt128 = 1_000_000_000_000_000_000
    static let gwei: UInt128 = 1_000_000_000

    /// Every account's starting ETH: a billion ether, so even a single account sending a whole
    /// 100,000-transaction block (fees, payments, lending deposits of up to 100 ETH) stays funded.
    static let accountBalance: UInt128 = 1_000_000_000 * ether
    /// Every sender's starting balance of an 18-decimal token (a trillion tokens).
    static let tokenBalance: UInt128 = 1_000_000_000_000 * ether
}

extension U256 {
    /// The exact value of a `UInt128`.
    @inline(__always)
    init(_ v: UInt128) {
        self.init(w0: UInt64(truncatingIfNeeded: v), w1: UInt64(truncatingIfNeeded: v >> 64), w2: 0, w3: 0)
    }

    /// A value with only the top bit set: larger than any balance a workload creates, so a
    /// transfer of it always underflows (a deliberate revert).
    static let half = U256(w0: 0, w1: 0, w2: 0, w3: 1 << 63)
}

extension U256 {
    /// A fixed storage slot number (the contracts' scalar variables).
    static func slot(_ n: UInt64) -> U256 { U256(n) }
}
