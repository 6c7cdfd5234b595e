import Primitives
import StateAccess

/// One read of an incarnation, with the value it returned. Validation is value-based: it
/// re-resolves the location and compares values (see `VersionedView.validate`).
enum ReadRecord: Sendable {
    /// `fromBase`: answered by the pre-block state with no version of this block involved.
    case account(Address, AccountInfo?, fromBase: Bool)
    case storage(Address, U256, U256, fromBase: Bool)
    case hasStorage(Address, Bool, fromBase: Bool)
    /// The code hash alone (`StateView.codeHash`): balance deltas above it do not invalidate
    /// it. `fromBase`: read from the pre-block account (with or without deltas on top).
    case codeHash(Address, Bytes32, fromBase: Bool)
}

/// The pre-block state, shared by all workers. It is only read during a block, so any
/// `StateView` whose reads are safe from several threads at once (the ledger, `InMemoryState`)
/// may be used; this box carries that promise across threads.
struct SharedBase: @unchecked Sendable {
    let view: any StateView
}

/// The `StateView` of one incarnation of transaction `tx`: reads resolve in the multi-version
/// memory below `tx` (then the pre-block state), each read is recorded in the read set, and a
/// read that meets an ESTIMATE throws `.blocked(onTransaction:)` so the incarnation stops at
/// once and the scheduler parks it behind the blocking transaction. One per worker, reused
/// for every incarnation the worker runs (`begin`).
final class VersionedView: StateView {
    let memory: MVMemory
    let base: any StateView
    @exclusivity(unchecked) private(set) var tx = 0
    @exclusivity(unchecked) private var log = ReadLog()
    /// What this incarnation may skip under declared footprints (`DeclaredFootprints`).
    @exclusivity(unchecked) private(set) var plan = FootprintPlan.inactive
    /// Whether this incarnation read an account outside its footprint.
    @exclusivity(unchecked) private(set) var escaped = false

    /// The reads of the current incarnation, valid until the next read or `begin`.
    var reads: UnsafeBufferPointer<ReadRecord> { log.records }

    init(memory: MVMemory, base: any StateView) {
        self.memory = memory
        self.base = base
    }

    deinit { log.free() }

    /// Starts an incarnation. The read buffer keeps its capacity from one incarnation to the
    /// next: a fresh buffer per transaction was an allocation (and page faults) per execution.
    func begin(tx: Int, plan: FootprintPlan = .inactive) {
        self.tx = tx
        self.plan = plan
        escaped = false
        log.removeAll()
    }

    /// Under declared footprints: whether a read of `address` goes to the pre-block state
    /// unlogged (its first declaring transaction); notes an escape when `address` is neither
    /// declared nor lazy.
    @inline(__always)
    private func readsFromBase(_ address: Address) -> Bool {
        guard plan.active else { return false }
        if plan.readsFromBase(address) { return true }
        if !plan.declares(address) && !memory.isLazy(address) { escaped = true }
        return false
    }

    func account(_ address: Address) throws(StateViewError) -> AccountInfo? {
        if readsFromBase(address) { return try base.account(address) }
        let (value, fromBase) = try Self.resolveAccount(address, tx: tx, memory: memory, base: base)
        log.append(.account(address, value, fromBase: fromBase))
        return value
    }

    func codeHash(_ address: Address) throws(StateViewError) -> Bytes32 {
        if readsFromBase(address) { return try base.codeHash(address) }
        let (hash, fromBase) = try Self.resolveCodeHash(address, tx: tx, memory: memory, base: base)
        log.append(.codeHash(address, hash, fromBase: fromBase))
        return hash
    }

    func storage(_ address: Address, slot: U256) throws(StateViewError) -> U256 {
        switch memory.readStorage(address, slot: slot, tx: tx) {
        case .blocked(let b): throw .blocked(onTransaction: b)
        case .found(let v):
            log.append(.storage(address, slot, v, fromBase: false)); return v
        case .base:
            let v = try base.storage(address, slot: slot)
            log.append(.storage(address, slot, v, fromBase: true)); return v
        }
    }

    func hasStorage(_ address: Address) throws(StateViewError) -> Bool {
        switch memory.hasStorage(address, tx: tx) {
        case .blocked(let b): throw .blocked(onTransaction: b)
        case .found(let v):
            log.append(.hasStorage(address, v, fromBase: false)); return v
        case .base:
            let v = try base.hasStorage(address)
            log.append(.hasStorage(address, v, fromBase: true)); return v
        }
    }

    func prefetchStorage(_ address: Address, slot: U256) { memory.announceStorage(address, slot: slot) }

    func code(hash: Bytes32) -> [UInt8] { memory.code(hash: hash) ?? base.code(hash: hash) }
    func blockHash(_ number: UInt64) -> Bytes32 { base.blockHash(number) }

    @inline(__always)
    static func resolveAccount(_ address: Address, tx: Int, memory: MVMemory, base: any StateView) throws(StateViewError) -> (AccountInfo?, Bool) {
        switch memory.readAccount(address, tx: tx) {
        case .blocked(let b): throw .blocked(onTransaction: b)
        case .value(let v): return (v, false)
        case .base(nil): return (try base.account(address), true)
        case .base(let d?):
            var v = try base.account(address) ?? AccountInfo()
            v.balance = v.balance &+ d
            return (v, false)
        }
    }

    /// Deltas only move balances: the code hash is the nearest full value's, else the pre-block one.
    @inline(__always)
    static func resolveCodeHash(_ address: Address, tx: Int, memory: MVMemory, base: any StateView) throws(StateViewError) -> (Bytes32, Bool) {
        switch memory.readAccountIgnoringDeltas(address, tx: tx) {
        case .blocked(let b): throw .blocked(onTransaction: b)
        case .value(let v): return (v?.codeHash ?? AccountInfo.emptyCodeHash, false)
        case .base: return (try base.codeHash(address), true)
        }
    }

    /// Whether every read of an incarnation of `tx` would return the same value now.
    ///
    /// Value-based rather than version-based: a re-execution that writes the same value as
    /// the aborted incarnation (common: the same nonce, the same slot) does not invalidate its
    /// readers, and a balance read through lazy deltas has no single version to compare. It is
    /// sound because an incarnation is a deterministic function of the values it read; an
    /// ESTIMATE found on the way fails validation. A pre-block read that still resolves to the
    /// pre-block state is valid without touching the base again (the base does not change).
    static func validate(_ reads: some Sequence<ReadRecord>, tx: Int, memory: MVMemory, base: any StateView) -> Bool {
        for read in reads {
            switch read {
            case .account(let a, let value, let fromBase):
                switch memory.readAccount(a, tx: tx) {
                case .blocked: return false
                case .value(let v): if v != value { return false }
                case .base(nil):
                    if !fromBase {
                        let v: AccountInfo?
                        do { v = try base.account(a) } catch { return false }
                        if v != value { return false }
                    }
                case .base(let d?):
                    var v: AccountInfo
                    do { v = try base.account(a) ?? AccountInfo() } catch { return false }
                    v.balance = v.balance &+ d
                    if v != value { return false }
                }
            case .storage(let a, let slot, let value, let fromBase):
                switch memory.readStorage(a, slot: slot, tx: tx) {
                case .blocked: return false
                case .found(let v): if v != value { return false }
                case .base:
                    if !fromBase { guard let v = try? base.storage(a, slot: slot), v == value else { return false } }
                }
            case .codeHash(let a, let hash, let fromBase):
                switch memory.readAccountIgnoringDeltas(a, tx: tx) {
                case .blocked: return false
                case .value(let v): if (v?.codeHash ?? AccountInfo.emptyCodeHash) != hash { return false }
                case .base:
                    if !fromBase { guard let h = try? base.codeHash(a), h == hash else { return false } }
                }
            case .hasStorage(let a, let value, let fromBase):
                switch memory.hasStorage(a, tx: tx) {
                case .blocked: return false
                case .found(let v): if v != value { return false }
                case .base:
                    if !fromBase { guard let v = try? base.hasStorage(a), v == value else { return false } }
                }
            }
        }
        return true
    }
}
