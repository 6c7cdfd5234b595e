import Primitives
import StateAccess
import Blocks

/// A storage slot as the transaction sees it.
struct StorageSlot {
    var key: U256
    /// The value at the start of the transaction (zero for accounts created in it).
    var original: U256
    var current: U256
    /// Accessed in this transaction (EIP-2929).
    var warm: Bool
}

/// An (address, slot) pair: warm storage keys and transient storage.
struct SlotKey: Hashable {
    var address: Address
    var slot: U256
}

/// One account as the transaction sees it: loaded from the view on first access, then changed
/// in place (each change recorded in the journal for reverts).
final class AccountEntry {
    private(set) var address: Address
    /// Current nonce, balance, code hash (all zero/empty when the account does not exist).
    var info: AccountInfo
    var exists: Bool
    private(set) var originalInfo: AccountInfo
    private(set) var originalExists: Bool
    /// Runnable code, loaded lazily by code hash.
    var code: AnalyzedCode?
    /// Code deployed in this transaction.
    var deployedCode: [UInt8]?
    var storage = SlotTable()
    /// Created in this transaction: its storage started empty (and SELFDESTRUCT deletes it, EIP-6780).
    var created = false
    /// Touched in the EIP-161 sense: deleted at the end of the transaction if then empty.
    var touched = false
    /// Registered for deletion at the end of the transaction (SELFDESTRUCT).
    var destructed = false

    init(address: Address, info: AccountInfo?) {
        self.address = address
        self.info = info ?? AccountInfo()
        self.exists = info != nil
        self.originalInfo = self.info
        self.originalExists = self.exists
    }

    /// Reuses a pooled entry for another account (the executor recycles entries between
    /// transactions instead of allocating them).
    func reuse(address: Address, info: AccountInfo?) {
        self.address = address
        self.info = info ?? AccountInfo()
        self.exists = info != nil
        self.originalInfo = self.info
        self.originalExists = self.exists
        code = nil
        deployedCode = nil
        storage.reset()
        created = false
        touched = false
        destructed = false
    }

    /// EIP-161 alive: exists and not empty.
    @inline(__always) var isAlive: Bool { exists && !info.isEmpty }
    @inline(__always) var existsAndIsEmpty: Bool { exists && info.isEmpty }
    /// CREATE collision, first half: the address has a nonce or code.
    @inline(__always) var hasCodeOrNonce: Bool { info.nonce != 0 || info.hasCode }
}

/// One undoable change.
enum JournalEntry {
    case info(AccountEntry, AccountInfo, Bool)
    case storage(AccountEntry, Int, U256)
    case created(AccountEntry, SlotTable, Bool)
    case code(AccountEntry, AnalyzedCode?, [UInt8]?)
    case touched(AccountEntry)
    case destructed(AccountEntry)
    case warmAccount(Address)
    case warmSlot(AccountEntry, Int)
    case transient(SlotKey, U256)
}

/// A point to revert to.
struct Checkpoint {
    var journal: Int
    var logs: Int
    var refund: Int64
}

/// Exceptional halts of a frame (all consume the frame's gas), plus the interrupt that stops
/// the whole transaction.
enum Halt: Error {
    case outOfGas
    case stackUnderflow
    case stackOverflow
    case invalidOpcode(UInt8)
    case invalidJump
    case staticViolation
    case returnDataOutOfBounds
    case invalidContractPrefix
    case precompileFailure
    case interrupt(ExecutionInterrupt)

    var name: String {
        switch self {
        case .outOfGas: return "OutOfGas"
        case .stackUnderflow: return "StackUnderflow"
        case .stackOverflow: return "StackOverflow"
        case .invalidOpcode: return "InvalidOpcode"
        case .invalidJump: return "InvalidJump"
        case .staticViolation: return "WriteInStaticContext"
        case .returnDataOutOfBounds: return "ReturnDataOutOfBounds"
        case .invalidContractPrefix: return "InvalidContractPrefix"
        case .precompileFailure: return "PrecompileFailure"
        case .interrupt(let i): return "\(i)"
        }
    }
}

/// The per-transaction state: everything read (cached) and changed, with an undo log.
/// Reused by the executor across transactions (containers keep their capacity).
struct TxState {
    var accounts = AccountMap()
    var warmAccounts = AddressSet()
    /// Storage keys of the access list (EIP-2930): a slot loaded later starts warm if listed.
    var accessListSlots: Set<SlotKey> = []
    var transient: [SlotKey: U256] = [:]
    var journal = JournalBuffer()
    var logs: [Log] = []
    var refund: Int64 = 0
    /// Checkpoints taken and not yet committed or reverted. With none open nothing can be
    /// reverted, so changes are not journaled (the transaction's own bookkeeping before and
    /// after its message, and plain value transfers).
    var openCheckpoints = 0

    mutating func reset() {
        accounts.removeAll()
        warmAccounts.removeAll()
        if !accessListSlots.isEmpty { accessListSlots.removeAll(keepingCapacity: true) }
        if !transient.isEmpty { transient.removeAll(keepingCapacity: true) }
        journal.removeAll()
        if !logs.isEmpty { logs.removeAll(keepingCapacity: true) }
        refund = 0
        openCheckpoints = 0
    }
}

extension TransactionExecutor {
    // MARK: Loading (the only place the view is read)

    @inline(__always)
    func account(_ address: Address) throws(Halt) -> AccountEntry {
        if let e = tx.accounts[address] { return e }
        return try loadAccount(address)
    }

    @inline(never)
    func loadAccount(_ address: Address) throws(Halt) -> AccountEntry {
        tx.accounts.load(address, info: try readAccount(address))
    }

    /// The view's answer for an account, not kept: the caller loads it (`AccountMap.load`) or
    /// settles the transaction without an entry (a plain payment).
    @inline(__always)
    func readAccount(_ address: Address) throws(Halt) -> AccountInfo? {
        do { return try view.account(address) } catch { throw Halt.interrupt(Self.interrupt(error)) }
    }

    /// The code hash of an account this transaction has not loaded, read alone
    /// (`StateView.codeHash`): nothing else of the account is observed.
    func codeHashOfUnloaded(_ address: Address) throws(Halt) -> Bytes32 {
        do { return try view.codeHash(address) } catch { throw Halt.interrupt(Self.interrupt(error)) }
    }

    static func interrupt(_ error: StateViewError) -> ExecutionInterrupt {
        switch error {
        case .blocked(let t): return .blocked(onTransaction: t)
        }
    }

    /// Runnable code of an account.
    @inline(__always)
    func code(of e: AccountEntry) -> AnalyzedCode {
        if let c = e.code { return c }
        let c = loadCode(hash: e.info.codeHash)
        e.code = c
        return c
    }

    @inline(never)
    func loadCode(hash: Bytes32) -> AnalyzedCode {
        if hash == AccountInfo.emptyCodeHash { return AnalyzedCode.empty }
        // A block of calls to one contract asks for the same code every transaction: four word
        // compares instead of hashing the code hash.
        if hash == host.lastCodeHash, let c = host.lastCode { return c }
        let c = cachedCode(hash: hash)
        host.lastCodeHash = hash
        host.lastCode = c
        return c
    }

    private func cachedCode(hash: Bytes32) -> AnalyzedCode {
        if let c = codeCache[hash] { return c }
        let c = AnalyzedCode(view.code(hash: hash))
        if codeCache.count >= 16384 { codeCache.removeAll(keepingCapacity: true) }
        codeCache[hash] = c
        return c
    }

    /// The position of `slot` in the account's slot table, loading it on first access.
    @inline(__always)
    func slotIndex(_ e: AccountEntry, _ slot: U256) throws(Halt) -> Int {
        if let i = e.storage.find(slot) { return i }
        return try loadSlot(e, slot)
    }

    @inline(never)
    func loadSlot(_ e: AccountEntry, _ slot: U256) throws(Halt) -> Int {
        var v = U256.zero
        if !e.created && e.exists {
            do { v = try view.storage(e.address, slot: slot) } catch { throw Halt.interrupt(Self.interrupt(error)) }
        }
        let warm = !tx.accessListSlots.isEmpty && tx.accessListSlots.contains(SlotKey(address: e.address, slot: slot))
        return e.storage.append(StorageSlot(key: slot, original: v, current: v, warm: warm))
    }

    /// Marks a loaded slot warm; returns whether it was warm already.
    @inline(__always)
    func warmSlot(_ e: AccountEntry, _ i: Int) -> Bool {
        if e.storage.slots[i].warm { return true }
        e.storage.slots[i].warm = true
        record(.warmSlot(e, i))
        return false
    }

    func hasStorage(_ address: Address) throws(Halt) -> Bool {
        if let e = tx.accounts[address] {
            if e.created { return e.storage.slots.contains { !$0.current.isZero } }
            if e.storage.slots.contains(where: { !$0.current.isZero }) { return true }
        }
        do { return try view.hasStorage(address) } catch { throw Halt.interrupt(Self.interrupt(error)) }
    }

    // MARK: Journaled changes

    @inline(__always)
    func setInfo(_ e: AccountEntry, _ info: AccountInfo) {
        record(.info(e, e.info, e.exists))
        e.info = info
        e.exists = true
    }

    @inline(__always)
    func setBalance(_ e: AccountEntry, _ balance: U256) {
        if !e.exists && balance.isZero { return }
        var i = e.info
        i.balance = balance
        setInfo(e, i)
    }

    @inline(__always)
    func incrementNonce(_ e: AccountEntry) {
        var i = e.info
        i.nonce &+= 1
        setInfo(e, i)
    }

    @inline(__always)
    func setStorage(_ e: AccountEntry, _ i: Int, _ value: U256) {
        record(.storage(e, i, e.storage.slots[i].current))
        e.storage.slots[i].current = value
    }

    func markCreated(_ e: AccountEntry) {
        record(.created(e, e.storage, e.created))
        e.storage = SlotTable()
        e.created = true
    }

    func setCode(_ e: AccountEntry, _ code: [UInt8]) {
        record(.code(e, e.code, e.deployedCode))
        e.code = code.isEmpty ? AnalyzedCode.empty : AnalyzedCode(code)
        e.deployedCode = code
        var i = e.info
        i.codeHash = code.isEmpty ? AccountInfo.emptyCodeHash : keccak(code)
        setInfo(e, i)
    }

    @inline(__always)
    func touch(_ e: AccountEntry) {
        if e.touched { return }
        record(.touched(e))
        e.touched = true
    }

    func markDestructed(_ e: AccountEntry) {
        if e.destructed { return }
        record(.destructed(e))
        e.destructed = true
    }

    /// Marks `address` warm; returns whether it was warm already.
    @inline(__always)
    func warmAccount(_ address: Address) -> Bool {
        if tx.warmAccounts.insert(address) {
            record(.warmAccount(address))
            return false
        }
        return true
    }


    @inline(__always)
    func transientLoad(_ address: Address, _ slot: U256) -> U256 {
        tx.transient[SlotKey(address: address, slot: slot)] ?? .zero
    }

    func transientStore(_ address: Address, _ slot: U256, _ value: U256) {
        let k = SlotKey(address: address, slot: slot)
        let old = tx.transient[k] ?? .zero
        record(.transient(k, old))
        tx.transient[k] = value
    }

    // MARK: Checkpoints

    @inline(__always)
    func record(_ entry: JournalEntry) {
        if tx.openCheckpoints > 0 { tx.journal.append(entry) }
    }

    @inline(__always)
    func checkpoint() -> Checkpoint {
        tx.openCheckpoints += 1
        return Checkpoint(journal: tx.journal.count, logs: tx.logs.count, refund: tx.refund)
    }

    /// Keeps the changes since `cp` (they stay journaled for any enclosing checkpoint).
    @inline(__always)
    func commit(_ cp: Checkpoint) {
        tx.openCheckpoints -= 1
    }

    func revert(to cp: Checkpoint) {
        while tx.journal.count > cp.journal {
            switch tx.journal.removeLast() {
            case .info(let e, let info, let exists): e.info = info; e.exists = exists
            case .storage(let e, let i, let old): e.storage.slots[i].current = old
            case .created(let e, let storage, let created): e.storage = storage; e.created = created
            case .code(let e, let code, let deployed): e.code = code; e.deployedCode = deployed
            case .touched(let e): e.touched = false
            case .destructed(let e): e.destructed = false
            case .warmAccount(let a): tx.warmAccounts.removeLast(a)
            case .warmSlot(let e, let i): e.storage.slots[i].warm = false
            case .transient(let k, let old): tx.transient[k] = old
            }
        }
        if tx.logs.count > cp.logs { tx.logs.removeSubrange(cp.logs...) }
        tx.refund = cp.refund
        tx.openCheckpoints -= 1
    }
}

@inline(__always)
func keccak(_ bytes: [UInt8]) -> Bytes32 { Keccak256.hash(bytes) }

@inline(__always)
func keccak(_ buffer: UnsafeRawBufferPointer) -> Bytes32 { Keccak256.hash(buffer) }

/// The undo log: a growable buffer of entries, cleared without freeing between transactions.
struct JournalBuffer {
    private var base: UnsafeMutablePointer<JournalEntry>
    private var capacity: Int
    private(set) var count = 0

    init() {
        capacity = 256
        base = .allocate(capacity: capacity)
    }

    @inline(__always)
    mutating func append(_ entry: JournalEntry) {
        if count == capacity { grow() }
        (base + count).initialize(to: entry)
        count &+= 1
    }

    @inline(never)
    private mutating func grow() {
        let nb = UnsafeMutablePointer<JournalEntry>.allocate(capacity: capacity * 2)
        nb.moveInitialize(from: base, count: count)
        base.deallocate()
        base = nb
        capacity *= 2
    }

    @inline(__always)
    mutating func removeLast() -> JournalEntry {
        count &-= 1
        return (base + count).move()
    }

    mutating func removeAll() {
        if count > 0 { base.deinitialize(count: count) }
        count = 0
    }

    /// Frees the buffer; the journal must not be used afterwards.
    mutating func free() {
        removeAll()
        base.deallocate()
        capacity = 0
    }
}
