import Blocks
import Primitives

/// The state of one generation: the seeded generator, the accounts and their next nonces, the
/// genesis allocation being filled in, and the transactions emitted so far.
///
/// Generators (`WorkloadComponent`s) ask it for senders and recipients, write contract storage
/// into the genesis through it, and append transactions with `emit`, which assigns the nonce,
/// picks the fee type and price, and adds up the block gas limit. Everything is drawn from one
/// `SplitMix64` in a fixed order, so the block is a pure function of the parameters.
struct BlockBuilder {
    let parameters: WorkloadParameters
    var rng: SplitMix64
    /// Regular accounts first (`parameters.accounts` of them), then special ones (the lending
    /// pool's owner) that are never drawn as senders or recipients.
    private(set) var accounts: [Address]
    private var nonces: [UInt64]
    var pre: [Address: GenesisAccount]
    private(set) var transactions: [Transaction]
    private(set) var gasTotal: UInt64 = 0
    private let recipients: ZipfSampler
    private let contractRanks: ZipfSampler

    static let baseFee = Amounts.gwei
    static let coinbase = Address(hi: 0xC014_BA5E_0000_0000, mid: 0, lo: 1)

    init(_ p: WorkloadParameters) {
        parameters = p
        rng = SplitMix64(seed: p.seed)
        accounts = (0..<p.accounts).map(Self.accountAddress)
        nonces = [UInt64](repeating: 0, count: p.accounts)
        pre = Dictionary(minimumCapacity: p.accounts + 16)
        let funded = GenesisAccount(balance: U256(Amounts.accountBalance))
        for a in accounts { pre[a] = funded }
        transactions = []
        transactions.reserveCapacity(p.txs)
        recipients = ZipfSampler(count: p.accounts, exponent: p.zipf)
        contractRanks = ZipfSampler(count: p.contracts, exponent: p.zipf)
    }

    /// The address of regular account `index`: scattered bits (seed-independent, so blocks with
    /// different seeds share one genesis layout) that can never start like a contract address.
    static func accountAddress(_ index: Int) -> Address {
        let i = UInt64(index)
        let hi = SplitMix64.mix(i ^ 0xACC0_0000_0000_0000) & 0x7FFF_FFFF_FFFF_FFFF | 0x1000_0000_0000_0000
        return Address(hi: hi, mid: SplitMix64.mix(i ^ 0xACC1_0000_0000_0000),
                       lo: UInt32(truncatingIfNeeded: SplitMix64.mix(i ^ 0xACC2_0000_0000_0000)))
    }

    /// The address of contract `instance` of a given kind: `0xc0de<kind>…<instance>`, easy to
    /// recognise in a block file.
    static func contractAddress(_ kind: ContractKind, _ instance: Int = 0) -> Address {
        Address(hi: 0xC0DE_0000_0000_0000 | UInt64(kind.rawValue) << 32, mid: 0, lo: UInt32(instance))
    }

    /// Fraction of the block emitted so far (0 before the first transaction).
    var progress: Double {
        parameters.txs == 0 ? 0 : Double(transactions.count) / Double(parameters.txs)
    }

    // MARK: choosing participants

    /// A sender, uniform over the regular accounts (so per-sender nonce chains stay short and
    /// contention comes from what transactions touch, not from who sends them).
    mutating func sender() -> Int { rng.below(parameters.accounts) }

    /// A recipient: the hot account 0 when `hot`, otherwise by Zipf rank.
    mutating func recipient(hot: Bool) -> Int { hot ? 0 : recipients.sample(&rng) }

    /// A contract instance (token, pair, collection): instance 0 when `hot`, else by Zipf rank.
    mutating func contractInstance(hot: Bool) -> Int { hot ? 0 : contractRanks.sample(&rng) }

    /// Registers an account outside the regular range (never drawn as sender or recipient).
    mutating func addSpecialAccount(_ address: Address, balance: UInt128) -> Int {
        accounts.append(address)
        nonces.append(0)
        pre[address] = GenesisAccount(balance: U256(balance))
        return accounts.count - 1
    }

    // MARK: genesis

    /// Places a contract's runtime code in the genesis, with room for `slots` storage entries
    /// (growing a dictionary of 100,000 entries one rehash at a time costs more than filling it).
    mutating func deploy(_ address: Address, code: [UInt8], balance: UInt128 = 0, slots: Int = 0) {
        var account = GenesisAccount(balance: U256(balance), code: code)
        account.storage.reserveCapacity(slots)
        pre[address] = account
    }

    /// Writes one genesis storage slot of a contract placed with `deploy` (zero values are omitted,
    /// as the block format requires).
    mutating func store(_ contract: Address, _ slot: U256, _ value: U256) {
        if value.isZero {
            pre[contract]?.storage[slot] = nil
        } else {
            pre[contract]?.storage[slot] = value
        }
    }

    /// A genesis storage slot written so far (zero when absent).
    func stored(_ contract: Address, _ slot: U256) -> U256 { pre[contract]?.storage[slot] ?? .zero }

    mutating func addBalance(_ address: Address, _ amount: UInt128) {
        let old = pre[address]?.balance ?? .zero
        let sum = UInt128(old.w1) << 64 | UInt128(old.w0)
        pre[address, default: GenesisAccount()].balance = U256(sum + amount)
    }

    // MARK: transactions

    /// Appends a transaction from account `from` with the next nonce. With probability
    /// `eip1559Fraction` it is type 2 (max fee twice the base fee plus the tip), else legacy at
    /// base fee plus tip; the tip is 0.5–3 gwei, always positive, so the coinbase is paid.
    mutating func emit(from: Int, to: Address, gas: UInt64, value: UInt128 = 0, data: [UInt8] = []) {
        let dynamic = rng.chance(parameters.eip1559Fraction)
        let tip = UInt128(rng.inRange(5, 30)) * 100_000_000
        let nonce = nonces[from]
        nonces[from] = nonce + 1
        var tx = Transaction(from: accounts[from], to: to, nonce: nonce, gasLimit: gas, value: U256(value), data: data)
        if dynamic {
            tx.maxFeePerGas = U256(2 * Self.baseFee + tip)
            tx.maxPriorityFeePerGas = U256(tip)
        } else {
            tx.gasPrice = U256(Self.baseFee + tip)
        }
        transactions.append(tx)
        gasTotal += gas
    }

    /// The finished block: fork cancun, and a gas limit that fits every transaction's gas limit.
    func block() -> Block {
        let env = BlockEnvironment(chainId: 1, coinbase: Self.coinbase, number: 1, timestamp: 0x6553_F100,
                                   gasLimit: Swift.max(gasTotal, 30_000_000), baseFee: U256(Self.baseFee))
        return Block(fork: .cancun, env: env, pre: pre, transactions: transactions)
    }
}

/// The `<kind>` nibble group of a workload contract address.
enum ContractKind: UInt32 {
    case sink = 1, token = 2, weth = 3, pairToken = 4, pair = 5, usd = 6, lendingPool = 7, collection = 8
}
