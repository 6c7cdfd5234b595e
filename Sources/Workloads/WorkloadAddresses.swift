import Primitives

/// Where generated blocks put things, for tests and benchmarks that want to name the hot spots
/// (e.g. "every transaction writes pair 0's reserves"). Addresses do not depend on the seed.
public enum WorkloadAddresses {
    /// Regular account `index` (0 is the hot account and the top Zipf rank).
    public static func account(_ index: Int) -> Address { BlockBuilder.accountAddress(index) }
    public static var hotAccount: Address { account(0) }
    /// The block's fee recipient.
    public static var coinbase: Address { BlockBuilder.coinbase }
    /// ERC-20 token `i` of the `erc20` workload.
    public static func token(_ i: Int) -> Address { BlockBuilder.contractAddress(.token, i) }
    /// AMM pair `i` (trading `weth` against `pairToken(i)`).
    public static func pair(_ i: Int) -> Address { BlockBuilder.contractAddress(.pair, i) }
    public static func pairToken(_ i: Int) -> Address { BlockBuilder.contractAddress(.pairToken, i) }
    public static var weth: Address { BlockBuilder.contractAddress(.weth) }
    public static var lendingPool: Address { BlockBuilder.contractAddress(.lendingPool) }
    /// The lending pool's stablecoin.
    public static var stablecoin: Address { BlockBuilder.contractAddress(.usd) }
    /// NFT collection `i`.
    public static func collection(_ i: Int) -> Address { BlockBuilder.contractAddress(.collection, i) }
    /// The token contract plain payments are sent to when they are built to revert.
    public static var revertSink: Address { BlockBuilder.contractAddress(.sink) }
}
