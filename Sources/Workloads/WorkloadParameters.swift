/// Which application a block models.
public enum WorkloadKind: String, CaseIterable, Sendable, Hashable {
    /// Native ETH payments between accounts.
    case transfers
    /// ERC-20 token transfers.
    case erc20
    /// Swaps on constant-product AMM pairs: every swap on a pair writes its reserves.
    case amm
    /// Deposits and borrows, then an owner price drop and a wave of liquidations.
    case lending
    /// NFT mints (one global counter per collection) and transfers.
    case nft
    /// A blend of all of the above, weighted by `WorkloadParameters.mix`.
    case mixed
}

/// The knobs of a generated block. Same parameters (seed included) → byte-identical block.
///
/// Contention is set by `zipf`, `hotFraction` and `contracts`; what the hot item is depends on the
/// workload (see each generator): the hot account for payments, token 0 and the hot account for
/// ERC-20, pair 0 for the AMM, the mint counter of collection 0 for NFTs, one borrower's position
/// (a liquidation race) for lending.
public struct WorkloadParameters: Sendable, Hashable {
    public var workload: WorkloadKind
    /// Number of transactions in the block (≥ 0).
    public var txs: Int
    /// Number of externally owned accounts in the genesis (≥ 1). Senders are drawn uniformly
    /// from them; recipients by Zipf rank (account 0 is the hottest).
    public var accounts: Int
    /// Zipf exponent s ≥ 0 over recipients, tokens, pairs and collections: P(rank k) ∝ 1/(k+1)^s.
    /// 0 is uniform; around 1 is the classic heavy skew.
    public var zipf: Double
    /// Fraction (0…1) of transactions forced onto the single hot account or contract.
    public var hotFraction: Double
    /// Fraction (0…1) of EIP-1559 (type 2) transactions; the rest are legacy (type 0).
    public var eip1559Fraction: Double
    /// Fraction (0…1) of transactions built to revert inside a contract (still included, gas
    /// charged): over-spending ERC-20 transfers, swaps with an impossible slippage bound,
    /// liquidations of healthy positions, transfers of NFTs one does not own, ETH sent to a
    /// contract without a fallback.
    public var revertFraction: Double
    public var seed: UInt64
    /// Number of contract instances (≥ 1): ERC-20 tokens (`erc20`), pairs (`amm`, each against
    /// a shared WETH-like token), collections (`nft`). Chosen per transaction by Zipf rank.
    public var contracts: Int
    /// Transaction-type weights of the `mixed` workload.
    public var mix: WorkloadMix
    /// Lending: fractional price drop set by the owner halfway through the block (0…1, default 0.3).
    public var priceDrop: Double

    public init(workload: WorkloadKind, txs: Int = 1_000, accounts: Int = 1_000, zipf: Double = 0,
                hotFraction: Double = 0, eip1559Fraction: Double = 0.9, revertFraction: Double = 0,
                seed: UInt64 = 1, contracts: Int = 1, mix: WorkloadMix = .mainnet, priceDrop: Double = 0.3) {
        self.workload = workload; self.txs = txs; self.accounts = accounts; self.zipf = zipf
        self.hotFraction = hotFraction; self.eip1559Fraction = eip1559Fraction
        self.revertFraction = revertFraction; self.seed = seed; self.contracts = contracts
        self.mix = mix; self.priceDrop = priceDrop
    }

    /// Throws `WorkloadError.invalidKnob` naming the first knob out of range.
    public func validate() throws(WorkloadError) {
        func fraction(_ name: String, _ v: Double) throws(WorkloadError) {
            guard v.isFinite, v >= 0, v <= 1 else { throw .invalidKnob(name, "\(v)", "must be a fraction in 0…1") }
        }
        guard txs >= 0 else { throw .invalidKnob("txs", "\(txs)", "must not be negative") }
        guard accounts >= 1 else { throw .invalidKnob("accounts", "\(accounts)", "must be at least 1") }
        guard accounts <= 100_000_000 else { throw .invalidKnob("accounts", "\(accounts)", "must be at most 100,000,000") }
        guard contracts >= 1 else { throw .invalidKnob("contracts", "\(contracts)", "must be at least 1") }
        guard contracts <= 65_536 else { throw .invalidKnob("contracts", "\(contracts)", "must be at most 65,536") }
        guard zipf.isFinite, zipf >= 0 else { throw .invalidKnob("zipf", "\(zipf)", "must be a finite exponent ≥ 0") }
        try fraction("hot-fraction", hotFraction)
        try fraction("eip1559-fraction", eip1559Fraction)
        try fraction("revert-fraction", revertFraction)
        guard priceDrop.isFinite, priceDrop >= 0, priceDrop < 1 else {
            throw .invalidKnob("price-drop", "\(priceDrop)", "must be in 0…1 (exclusive of 1)")
        }
        try mix.validate()
    }
}

/// Why a workload could not be generated.
public enum WorkloadError: Error, Equatable, CustomStringConvertible {
    /// A knob (named as on the command line) has a value out of range.
    case invalidKnob(String, String, String)

    public var description: String {
        switch self {
        case let .invalidKnob(name, value, reason): "invalid --\(name) \(value): \(reason)"
        }
    }
}
