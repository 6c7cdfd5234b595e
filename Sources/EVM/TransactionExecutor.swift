import Primitives
import StateAccess
import Blocks

/// A view that holds nothing: the executor's view before its first transaction.
private final class NoState: StateView, @unchecked Sendable {
    func account(_ address: Address) throws(StateViewError) -> AccountInfo? { nil }
    func storage(_ address: Address, slot: U256) throws(StateViewError) -> U256 { .zero }
    func hasStorage(_ address: Address) throws(StateViewError) -> Bool { false }
    func code(hash: Bytes32) -> [UInt8] { [] }
    func blockHash(_ number: UInt64) -> Bytes32 { .zero }
}

/// Executor state that outlives a transaction.
struct HostState {
    var view: any StateView
    var codeCache: [Bytes32: AnalyzedCode] = [:]
    /// The code most recently served by `loadCode` (also in `codeCache`).
    var lastCodeHash: Bytes32 = AccountInfo.emptyCodeHash
    var lastCode: AnalyzedCode? = nil
    var stacks: [UnsafeMutablePointer<U256>] = []
    var memories: [Memory] = []
    var origin: Address = .zero
    var gasPrice: U256 = .zero
    var blobHashes: [Bytes32] = []
    var stackBase: UInt = 0
    var stackBudget: UInt = StackGuard.callerBudget
}

/// Executes transactions. One per worker thread: it owns reusable buffers (one stack and one
/// memory per call depth, the per-transaction journal's containers) and a jump-destination
/// analysis cache keyed by code hash. Not thread-safe; it may be moved between threads but used
/// by one at a time.
public final class TransactionExecutor: @unchecked Sendable {
    public let fork: Fork
    /// Fork rules as flags (comparing `Fork` values is not free).
    let isShanghai: Bool
    let isCancun: Bool
    /// The highest precompile address under this fork.
    let lastPrecompile: UInt32
    public let env: BlockEnvironment
    let opTable: UnsafeMutablePointer<OpInfo>
    /// BLOBBASEFEE, from the block's excess blob gas.
    let blobBaseFee: U256

    /// The per-transaction state, kept behind a pointer: reached through addressors, its
    /// containers are mutated in place without the dynamic exclusivity checks a stored class
    /// property costs on every access (the executor is single-threaded by contract).
    private let txStorage: UnsafeMutablePointer<TxState>
    var tx: TxState {
        unsafeAddress { UnsafePointer(txStorage) }
        unsafeMutableAddress { txStorage }
    }
    /// Mutable executor state that outlives a transaction, behind a pointer for the same reason.
    private let hostStorage: UnsafeMutablePointer<HostState>
    var host: HostState {
        unsafeAddress { UnsafePointer(hostStorage) }
        unsafeMutableAddress { hostStorage }
    }

    var view: any StateView { host.view }

    /// Set by executors that keep write sets apart from results (Block-STM): `execute` then
    /// leaves `TransactionResult.writeSet` empty and parks the set for `takeWriteSet()`, which
    /// the caller must call after every included transaction. Why: a result still holding its
    /// write set is released where the block is settled, on another thread and a block of
    /// work later (a cold atomic write per transaction); emptying it afterwards copied the
    /// whole result.
    public var detachesWriteSet = false
    /// Set by executors that settle receipts, which hold no return data: `execute` then leaves
    /// `TransactionResult.output` empty, and the call's return data is freed here, by the
    /// thread that made it, rather than with the result where the block is settled.
    public var dropsReturnData = false
    /// Whether plain payments take `plainPayment`'s shortcut. Always on, except in tests that
    /// compare the shortcut with the general path it stands for.
    var takesPaymentShortcut = true
    private var detachedWriteSet = WriteSet()

    /// The write set of the last included transaction when `detachesWriteSet` is set.
    public func takeWriteSet() -> WriteSet {
        var w = WriteSet()
        swap(&w, &detachedWriteSet)
        return w
    }
    var codeCache: [Bytes32: AnalyzedCode] {
        unsafeAddress { UnsafePointer(hostStorage).pointer(to: \.codeCache)! }
        unsafeMutableAddress { hostStorage.pointer(to: \.codeCache)! }
    }
    var stacks: [UnsafeMutablePointer<U256>] {
        unsafeAddress { UnsafePointer(hostStorage).pointer(to: \.stacks)! }
        unsafeMutableAddress { hostStorage.pointer(to: \.stacks)! }
    }
    var memories: [Memory] {
        unsafeAddress { UnsafePointer(hostStorage).pointer(to: \.memories)! }
        unsafeMutableAddress { hostStorage.pointer(to: \.memories)! }
    }
    var origin: Address { host.origin }
    var gasPrice: U256 { host.gasPrice }
    var blobHashes: [Bytes32] { host.blobHashes }
    /// Where this transaction's machine stack starts and how much of it may be used (`StackGuard`).
    var stackBase: UInt { get { host.stackBase } set { host.stackBase = newValue } }
    var stackBudget: UInt { get { host.stackBudget } set { host.stackBudget = newValue } }

    public init(fork: Fork, env: BlockEnvironment) {
        self.fork = fork
        self.env = env
        self.isShanghai = fork >= .shanghai
        self.isCancun = fork >= .cancun
        self.lastPrecompile = Precompiles.lastAddress(fork)
        self.opTable = OpTable.table(for: fork).entries
        self.blobBaseFee = TransactionExecutor.blobGasPrice(excessBlobGas: env.excessBlobGas)
        self.txStorage = .allocate(capacity: 1)
        self.txStorage.initialize(to: TxState())
        self.hostStorage = .allocate(capacity: 1)
        self.hostStorage.initialize(to: HostState(view: TransactionExecutor.noState))
    }

    deinit {
        for s in stacks { s.deallocate() }
        txStorage.pointee.journal.free()
        txStorage.deinitialize(count: 1)
        txStorage.deallocate()
        hostStorage.deinitialize(count: 1)
        hostStorage.deallocate()
    }

    /// Executes `tx` against `view`. Never writes to the view: all effects are in the result's
    /// write set. The block gas limit (cumulative gas) is the caller's business; everything per
    /// transaction is checked here.
    ///
    /// The view stays referenced after the call, until another view is passed or the executor
    /// goes away (an executor lives for a block): callers pass the same view every time (a
    /// block's overlay, a worker's versioned view), and setting it and clearing it again cost
    /// four reference-count operations per transaction.
    public func execute(_ transaction: Transaction, view: any StateView) throws(ExecutionInterrupt) -> TransactionOutcome {
        if host.view !== view { host.view = view }
        stackBase = StackGuard.currentAddress()
        stackBudget = StackGuard.callerBudget
        defer { tx.reset() }
        do {
            return try process(transaction)
        } catch {
            throw TransactionExecutor.interruptOf(error)
        }
    }

    private static let noState = NoState()

    /// `Precompiles.contains(address, fork:)` without the fork comparison.
    @inline(__always)
    func isPrecompile(_ a: Address) -> Bool {
        a.hi == 0 && a.mid == 0 && a.lo >= 1 && a.lo <= lastPrecompile
    }

    // MARK: Fees

    /// EIP-4844 `fake_exponential(factor, numerator, denominator)`.
    static func fakeExponential(factor: U256, numerator: U256, denominator: U256) -> U256 {
        var i = U256.one
        var output = U256.zero
        var acc = factor &* denominator
        while !acc.isZero {
            output = output &+ acc
            acc = (acc &* numerator).evmDiv(denominator &* i)
            i = i &+ .one
        }
        return output.evmDiv(denominator)
    }

    static func blobGasPrice(excessBlobGas: UInt64) -> U256 {
        fakeExponential(factor: U256(Gas.minBlobGasPrice), numerator: U256(excessBlobGas),
                        denominator: U256(Gas.blobBaseFeeUpdateFraction))
    }

    /// Intrinsic gas (EELS `calculate_intrinsic_cost`), or nil if it overflows.
    func intrinsicGas(_ t: Transaction) -> UInt64 {
        var zeros: UInt64 = 0
        for b in t.data where b == 0 { zeros += 1 }
        let nonZeros = UInt64(t.data.count) - zeros
        var gas = Gas.txBase + zeros * Gas.txDataZero + nonZeros * Gas.txDataNonZero
        if t.to == nil {
            gas += Gas.txCreate
            if isShanghai { gas += Gas.initCodeWord * Gas.words(UInt64(t.data.count)) }
        }
        if let list = t.accessList {
            for entry in list {
                gas += Gas.accessListAddress + Gas.accessListStorageKey * UInt64(entry.storageKeys.count)
            }
        }
        return gas
    }

    /// a·b + c over 512 bits, or nil beyond 2^256 − 1.
    static func mulAdd(_ a: U256, _ b: U256, _ c: U256) -> U256? {
        let (hi, lo) = a.multipliedFullWidth(by: b)
        if !hi.isZero { return nil }
        let (s, o) = lo.addingReportingOverflow(c)
        return o ? nil : s
    }

    // MARK: Processing (EELS `check_transaction` + `process_transaction`)

    private func process(_ t: Transaction) throws(Halt) -> TransactionOutcome {
        // Validation that needs no state.
        let intrinsic = intrinsicGas(t)
        if t.gasLimit < intrinsic { return .rejected(reason: "intrinsic gas too low: \(t.gasLimit) < \(intrinsic)") }
        if t.gasLimit > env.gasLimit { return .rejected(reason: "gas limit \(t.gasLimit) above the block gas limit \(env.gasLimit)") }
        if t.gasLimit > UInt64(Int64.max) { return .rejected(reason: "gas limit too high") }
        if t.nonce == UInt64.max { return .rejected(reason: "nonce at its maximum (EIP-2681)") }
        if isShanghai && t.to == nil && t.data.count > Gas.maxInitCodeSize {
            return .rejected(reason: "init code size \(t.data.count) above \(Gas.maxInitCodeSize) (EIP-3860)")
        }
        let baseFee = env.baseFee
        let effectivePrice: U256
        var maxFeePerGas: U256
        switch t.kind {
        case .dynamicFee, .blob:
            guard let maxFee = t.maxFeePerGas, let priority = t.maxPriorityFeePerGas else {
                return .rejected(reason: "fee-market transaction without maxFeePerGas/maxPriorityFeePerGas")
            }
            if maxFee < priority { return .rejected(reason: "max priority fee per gas above max fee per gas") }
            if maxFee < baseFee { return .rejected(reason: "max fee per gas below the base fee") }
            effectivePrice = min(priority, maxFee &- baseFee) &+ baseFee
            maxFeePerGas = maxFee
        case .legacy, .accessList:
            guard let price = t.gasPrice else { return .rejected(reason: "transaction without gasPrice") }
            if price < baseFee { return .rejected(reason: "gas price below the base fee") }
            effectivePrice = price
            maxFeePerGas = price
        }
        guard var maxCost = TransactionExecutor.mulAdd(U256(t.gasLimit), maxFeePerGas, t.value) else {
            return .rejected(reason: "insufficient funds: gas × price + value overflows")
        }
        var blobFee = U256.zero
        if t.kind == .blob {
            guard isCancun else { return .rejected(reason: "blob transaction before Cancun") }
            guard t.to != nil else { return .rejected(reason: "blob transaction without a recipient") }
            let hashes = t.blobVersionedHashes ?? []
            if hashes.isEmpty { return .rejected(reason: "blob transaction without blobs") }
            if hashes.count > Gas.maxBlobsPerBlock { return .rejected(reason: "too many blobs: \(hashes.count)") }
            for h in hashes where h[byte: 0] != 0x01 {
                return .rejected(reason: "blob versioned hash with version \(h[byte: 0]) (want 0x01)")
            }
            let maxBlobFee = t.maxFeePerBlobGas ?? .zero
            if maxBlobFee < blobBaseFee { return .rejected(reason: "max fee per blob gas below the blob base fee") }
            let blobGas = U256(Gas.blobGasPerBlob * UInt64(hashes.count))
            guard let c = TransactionExecutor.mulAdd(blobGas, maxBlobFee, maxCost) else {
                return .rejected(reason: "insufficient funds: blob fee overflows")
            }
            maxCost = c
            blobFee = blobGas &* blobBaseFee
        }

        // Validation against the sender, read from the view before any entry is made for it
        // (a plain payment never makes one).
        let senderInfo = try readAccount(t.from)
        let senderState = senderInfo ?? AccountInfo()
        if senderState.nonce != t.nonce {
            return .rejected(reason: "nonce mismatch: account has \(senderState.nonce), transaction has \(t.nonce)")
        }
        if senderState.balance < maxCost {
            return .rejected(reason: "insufficient funds: balance \(senderState.balance.hex) < \(maxCost.hex)")
        }
        if senderState.hasCode { return .rejected(reason: "sender has code (EIP-3607)") }

        // A payment to an account without code cannot fail and observes nothing of the
        // recipient but its code hash: its value is debited from the sender and credited as a
        // delta, like the coinbase's fee. Payments to one account (an exchange's deposit address)
        // then do not depend on one another under Block-STM.
        var recipientHasNoCode = false
        if let to = t.to, isPlainPaymentCandidate(t, to: to) {
            recipientHasNoCode = try codeHashOfUnloaded(to) == AccountInfo.emptyCodeHash
            if recipientHasNoCode, t.kind != .blob, t.from != env.coinbase, effectivePrice > baseFee,
               takesPaymentShortcut {
                return plainPayment(t, to: to, sender: senderState, intrinsic: intrinsic, price: effectivePrice,
                                    baseFee: baseFee)
            }
        }
        let sender = tx.accounts.load(t.from, info: senderInfo)

        // Buy gas, bump the nonce.
        host.origin = t.from
        host.gasPrice = effectivePrice
        host.blobHashes = t.blobVersionedHashes ?? []
        let gasFee = U256(t.gasLimit) &* effectivePrice
        incrementNonce(sender)
        setBalance(sender, sender.info.balance &- gasFee &- blobFee)

        // Pre-warmed addresses and slots (EIP-2929, 2930, 3651). Precompiles are warm by rule.
        // (Before the first checkpoint: never reverted, so not journaled.)
        _ = tx.warmAccounts.insert(t.from)
        if isShanghai { _ = tx.warmAccounts.insert(env.coinbase) }
        if let list = t.accessList {
            for entry in list {
                _ = tx.warmAccounts.insert(entry.address)
                for k in entry.storageKeys { tx.accessListSlots.insert(SlotKey(address: entry.address, slot: k)) }
            }
        }

        let gas = Int64(t.gasLimit - intrinsic)
        var result: FrameResult
        var contractAddress: Address? = nil
        /// A plain payment's value, credited to its recipient as a balance delta (see below).
        var recipientCredit = U256.zero
        if let to = t.to {
            _ = tx.warmAccounts.insert(to)
            if recipientHasNoCode {
                // A plain payment the shortcut above did not take (a blob transaction, a sender
                // that is the coinbase, no priority fee): the same lazy credit, through the
                // general bookkeeping. The recipient ends non-empty (the value is not zero), so
                // EIP-161 has nothing to clear.
                let from = try account(t.from)
                setBalance(from, from.info.balance &- t.value)
                recipientCredit = t.value
                result = FrameResult(success: true, gasLeft: gas, output: [], error: nil)
            } else {
                let msg = Message(caller: t.from, target: to, codeAddress: to, value: t.value, data: t.data, gas: gas,
                                  depth: 0, isStatic: false, isCreate: false, transfersValue: true)
                let code = self.code(of: try account(to))
                do { result = try processMessage(msg, code: code) } catch { throw .interrupt(error) }
            }
        } else {
            let address = createAddress(sender: t.from, nonce: t.nonce)
            contractAddress = address
            _ = tx.warmAccounts.insert(address)
            let target = try account(address)
            var collision = target.hasCodeOrNonce
            if !collision { collision = try hasStorage(address) }
            if collision {
                result = FrameResult(success: false, gasLeft: 0, output: [], error: "AddressCollision")
            } else {
                let msg = Message(caller: t.from, target: address, codeAddress: address, value: t.value, data: [],
                                  gas: gas, depth: 0, isStatic: false, isCreate: true, transfersValue: true)
                do { result = try processCreateMessage(msg, initCode: t.data) } catch { throw .interrupt(error) }
            }
        }

        // Refund (EIP-3529: at most a fifth of the gas used) and fees.
        let gasLeft = UInt64(result.gasLeft)
        let gasUsedBeforeRefund = t.gasLimit - gasLeft
        let refundCounter = result.success ? UInt64(max(0, tx.refund)) : 0
        let refund = min(gasUsedBeforeRefund / 5, refundCounter)
        let gasUsed = gasUsedBeforeRefund - refund
        let senderNow = try account(t.from)
        setBalance(senderNow, senderNow.info.balance &+ U256(gasLeft + refund) &* effectivePrice)
        let fee = U256(gasUsed) &* (effectivePrice &- baseFee)

        // The coinbase: a lazy balance delta unless this transaction loaded it.
        var coinbaseDelta = U256.zero
        if let cb = tx.accounts[env.coinbase] {
            creditCoinbase(cb, fee)
        } else if !fee.isZero {
            coinbaseDelta = fee
        } else {
            creditCoinbase(try account(env.coinbase), fee)
        }

        // Moved out, not copied: a copy would leave `tx.logs` shared, and its reset would then
        // release it and allocate a new buffer anyway.
        var logs: [Log] = []
        if result.success { swap(&logs, &tx.logs) }
        var ws = buildWriteSet()
        if !coinbaseDelta.isZero {
            ws.accounts.append(env.coinbase, AccountWrite(balanceDelta: coinbaseDelta))  // not loaded: no write yet
        }
        if !recipientCredit.isZero, let to = t.to {
            ws.accounts.append(to, AccountWrite(balanceDelta: recipientCredit))  // not loaded either
        }
        if detachesWriteSet { swap(&ws, &detachedWriteSet) }   // leaves `ws` empty (taken after each transaction)
        return .included(TransactionResult(
            success: result.success, gasUsed: gasUsed, logs: logs, contractAddress: contractAddress,
            output: dropsReturnData ? [] : result.output, error: result.error, writeSet: ws))
    }

    /// A plain payment whose fee to the coinbase is not zero, settled without the general
    /// machinery (no account entries, warm sets or journal): exactly what `process` would do
    /// for it. No code runs, so the gas used is the intrinsic gas and there is no refund; the
    /// sender pays the fee and the value, and the coinbase and the recipient get balance
    /// deltas. The write set lists the sender, the coinbase and the recipient in the order the
    /// general path does. That machinery was about a fifth of a sequential native transfer.
    private func plainPayment(_ t: Transaction, to: Address, sender: AccountInfo, intrinsic: UInt64,
                              price: U256, baseFee: U256) -> TransactionOutcome {
        var info = sender
        info.nonce &+= 1
        // The general path's arithmetic, step by step: buy all the gas, pay the value, get
        // the unused gas back.
        info.balance = info.balance &- U256(t.gasLimit) &* price
        info.balance = info.balance &- t.value
        info.balance = info.balance &+ U256(t.gasLimit - intrinsic) &* price
        let fee = U256(intrinsic) &* (price &- baseFee)
        let accounts = AccountWrites(count: 3) { slots in
            slots.initializeElement(at: 0, to: (key: t.from, value: AccountWrite(info: info)))
            slots.initializeElement(at: 1, to: (key: env.coinbase, value: AccountWrite(balanceDelta: fee)))
            slots.initializeElement(at: 2, to: (key: to, value: AccountWrite(balanceDelta: t.value)))
        }
        var ws = WriteSet(accounts: accounts)
        if detachesWriteSet { swap(&ws, &detachedWriteSet) }
        return .included(TransactionResult(success: true, gasUsed: intrinsic, logs: [], contractAddress: nil,
                                           output: [], error: nil, writeSet: ws))
    }

    /// Whether a call transaction may be a plain payment credited lazily: a non-zero value to
    /// an address that is neither the sender nor the coinbase (both have their balance read),
    /// nor a precompile. Asked before the transaction loads any account; whether the recipient
    /// has code is asked of the view next.
    @inline(__always)
    private func isPlainPaymentCandidate(_ t: Transaction, to: Address) -> Bool {
        !t.value.isZero && to != t.from && to != env.coinbase && !isPrecompile(to)
    }

    /// EELS: the coinbase gets the priority fee; if it then has a zero balance and is an
    /// existing empty account, it is destroyed.
    private func creditCoinbase(_ cb: AccountEntry, _ fee: U256) {
        let balance = cb.info.balance &+ fee
        if !balance.isZero {
            if !fee.isZero { setBalance(cb, balance) }
        } else if cb.existsAndIsEmpty {
            markDestructed(cb)
        }
    }

    /// The net effect of the transaction, account by account.
    private func buildWriteSet() -> WriteSet {
        // Each loaded account once: appended without a lookup. Room for the two lazy credits
        // appended after it (the coinbase's fee, a payment's recipient): growing the set for
        // them reallocated it.
        var ws = WriteSet(accounts: AccountWrites(minimumCapacity: tx.accounts.count + 2))
        ws.accounts.prefetchFollowingAllocation()
        for i in 0..<tx.accounts.count {
            let e = tx.accounts[at: i]
            let address = e.address
            let delete = e.destructed || (e.touched && e.existsAndIsEmpty)
            if delete {
                if e.originalExists { ws.accounts.append(address, AccountWrite(deleted: true)) }
                continue
            }
            guard e.exists else { continue }
            let info: AccountInfo? = !e.originalExists || e.info != e.originalInfo || e.created ? e.info : nil
            // Sized up front: growing from empty reallocates and rehashes once per doubling.
            // (Sizing is not free either: `Dictionary(minimumCapacity:)` asks the runtime for
            // the storage type's metadata on every call, where growing does not. Timed alone,
            // two slots sized up front took 0.6 of the time of two inserts into an empty one.)
            var dirty = 0
            for s in e.storage.slots where s.current != s.original { dirty += 1 }
            var storage: [U256: U256] = [:]
            if dirty > 0 {
                storage = Dictionary(minimumCapacity: dirty)
                for s in e.storage.slots where s.current != s.original { storage[s.key] = s.current }
            }
            guard info != nil || e.created || e.deployedCode != nil || dirty > 0 else { continue }
            // Built in the call: the write is moved into the set, where a local `var` passed
            // along was copied (a retain and a release of its storage and code).
            ws.accounts.append(address, AccountWrite(info: info, storageCleared: e.created, code: e.deployedCode,
                                                     storage: storage))
        }
        return ws
    }
}
