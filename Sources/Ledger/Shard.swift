import CPrefetch
import Primitives
import StateAccess
import Trie

/// One write routed to a shard: the account and the write, with either the account's record,
/// when the router found it in the ledger's index (the shard then skips its own lookup; the
/// shard's table keeps the record alive), or its hashed key, computed once by the router for
/// an account the shard may have to create.
///
/// The write is not copied: `write` points at it inside the block's write set, which
/// `ShardedLedger.apply` holds, unchanged, until every shard has applied its writes. Why: a
/// copy was 130 bytes stored to fresh memory plus a retain of its storage and code, and each
/// retain's locked instruction waited for the copies before it to reach their cold lines —
/// most of what routing a block of transfers cost, on one worker or two.
struct ShardWrite {
    var address: Address
    var write: UnsafePointer<AccountWrite>
    /// The write's balance delta, plus those of the pure credits the router coalesced into it.
    var balanceDelta: U256
    var record: Unmanaged<AccountRecord>?
    /// keccak(address); zero when `record` is set (the record holds it).
    var hashedKey: Bytes32

    init(address: Address, write: UnsafePointer<AccountWrite>, record: Unmanaged<AccountRecord>) {
        self.address = address; self.write = write; self.balanceDelta = write.pointee.balanceDelta
        self.record = record; self.hashedKey = .zero
    }

    init(address: Address, hashedKey: Bytes32, write: UnsafePointer<AccountWrite>) {
        self.address = address; self.write = write; self.balanceDelta = write.pointee.balanceDelta
        self.record = nil; self.hashedKey = hashedKey
    }
}

/// The accounts whose keccak(address) starts with this shard's prefix, their storage, and the
/// state subtree below that prefix. All methods run on the shard's worker queue; shards share
/// nothing mutable, so they need no locks.
final class Shard: @unchecked Sendable {
    let index: Int
    /// Prefix length in nibbles: the depth of this shard's subtree root in the state trie.
    let depth: Int
    var accounts: [Address: AccountRecord] = [:]
    var trie: MerkleTrie
    /// Records changed since the last root, each once.
    var dirty: [AccountRecord] = []
    var context = HashContext()

    /// Output of `apply` for the ledger to merge on its own thread: new records for the read
    /// index, new code for the code store.
    var created: [AccountRecord] = []
    var newCode: [(Bytes32, [UInt8])] = []
    /// Output of `updateTrie`: records removed for good.
    var removed: [Address] = []
    /// Records whose dirty slots reached the ledger's split threshold since the last root,
    /// each once (`apply(_:largeFrom:)`): the candidates for `StorageSplit`, known before the
    /// root phase starts.
    private var largeStorage: [AccountRecord] = []
    /// Records whose storage the ledger updates in parts this root; `finishSplits` completes them.
    var pendingSplits: [StorageSplit] = []

    init(index: Int, depth: Int) {
        self.index = index; self.depth = depth
        self.trie = MerkleTrie(rootDepth: depth, cachesChildReferences: true)
    }

    func clone() -> Shard {
        let s = Shard(index: index, depth: depth)
        s.accounts.reserveCapacity(accounts.count)
        for (a, r) in accounts {
            let c = r.clone()
            s.accounts[a] = c
            if c.dirty { s.dirty.append(c) }
        }
        s.trie = trie.clone()
        return s
    }

    private func markDirty(_ r: AccountRecord) {
        if !r.dirty { r.dirty = true; dirty.append(r) }
    }

    /// Applies writes in order, with the `WriteSet` semantics: deleted, storageCleared, info or
    /// balanceDelta, code, storage; then an empty account without storage is removed. A record
    /// whose dirty slots reach `largeFrom` is listed in `largeStorage`.
    func apply(_ writes: [ShardWrite], largeFrom: Int? = nil) {
        writes.withUnsafeBufferPointer { buffer in
            // Each write's record is a cache miss (the router did not touch it), and so is the
            // write itself, in its write set (made by whichever worker ran the transaction; the
            // router read only its address): announce both eight writes ahead. Unannounced, the
            // write's first two reads (`deleted`, `info`) were three quarters of this loop's own
            // samples in an ERC-20 block's commit.
            // A write's storage (a token's two slots) is a dictionary in its own object, found
            // through the write: announced once the write itself has arrived, half as far ahead.
            let ahead = 8, storageAhead = 4
            for i in 0..<min(ahead, buffer.count) { Self.announce(buffer[i]) }
            for i in 0..<min(storageAhead, buffer.count) { Self.announceStorage(buffer[i]) }
            for i in buffer.indices {
                if i + ahead < buffer.count { Self.announce(buffer[i + ahead]) }
                if i + storageAhead < buffer.count { Self.announceStorage(buffer[i + storageAhead]) }
                apply(buffer.baseAddress! + i, largeFrom: largeFrom)
            }
        }
    }

    /// Starts loading what applying `sw` reads and writes: the account write and its record.
    @inline(__always)
    private static func announce(_ sw: ShardWrite) {
        cprefetch_read_lines(UnsafeRawPointer(sw.write), MemoryLayout<AccountWrite>.size)
        if let r = sw.record { AccountRecord.announce(r, forWriting: true) }
    }

    /// Starts loading the object of `sw`'s storage dictionary: its header (the count, the
    /// reference count that iterating it changes) and, for the small dictionaries of one
    /// transaction, its bitmap, keys and values. The object's address is the dictionary's only
    /// stored word, read without a retain; were the layout ever different, only a hint to a
    /// wrong address would be lost (a prefetch does not fault).
    @inline(__always)
    private static func announceStorage(_ sw: ShardWrite) {
        guard let object = UnsafeRawPointer(sw.write).load(fromByteOffset: storageOffset, as: UnsafeRawPointer?.self) else { return }
        cprefetch_write(object)
        cprefetch_read_lines(object + 64, 256)
    }

    private static let storageOffset: Int = {
        precondition(MemoryLayout<[U256: U256]>.size == MemoryLayout<UnsafeRawPointer>.size)
        return MemoryLayout<AccountWrite>.offset(of: \AccountWrite.storage)!
    }()

    /// One write, read in place: copying a `ShardWrite` out of the array retained its storage
    /// and code, and the lookup in `accounts` hashed the address with SipHash, together most
    /// of what applying a transfer's write cost.
    private func apply(_ sw: UnsafePointer<ShardWrite>, largeFrom: Int?) {
        var record = sw.pointee.record?.takeUnretainedValue() ?? accounts[sw.pointee.address]
        let write = sw.pointee.write
        func live() -> AccountRecord {
            if let r = record {
                if !r.exists { r.exists = true; markDirty(r) }
                return r
            }
            let r = AccountRecord(address: sw.pointee.address, hashedKey: sw.pointee.hashedKey, shard: index)
            r.exists = true
            accounts[sw.pointee.address] = r
            created.append(r)
            markDirty(r)
            record = r
            return r
        }
        if write.pointee.deleted, let r = record, r.exists { r.wipe(); markDirty(r) }
        if write.pointee.storageCleared, let r = record, r.exists {
            r.storage = [:]; r.storageTrie = MerkleTrie(); r.dirtySlots = []; r.storageChanged = true; markDirty(r)
        }
        if let info = write.pointee.info {
            let r = live(); r.info = info; markDirty(r)
        } else if !sw.pointee.balanceDelta.isZero {
            let r = live(); r.info.balance = LedgerWord.add(r.info.balance, sw.pointee.balanceDelta); markDirty(r)
        }
        if let code = write.pointee.code {
            let h = code.isEmpty ? AccountInfo.emptyCodeHash : context.hash(code)
            if !code.isEmpty { newCode.append((h, code)) }
            let r = live(); r.info.codeHash = h; markDirty(r)
        }
        if !write.pointee.storage.isEmpty {
            let r = live()
            r.storageChanged = true
            for (slot, value) in write.pointee.storage {
                if value.isZero {
                    if r.storage.removeValue(forKey: slot) != nil { r.dirtySlots.append(slot) }
                } else {
                    r.storage[slot] = value; r.dirtySlots.append(slot)
                }
            }
            markDirty(r)
            if let largeFrom, !r.largeListed, r.dirtySlots.count >= largeFrom { r.largeListed = true; largeStorage.append(r) }
        }
        if let r = record, r.exists, r.info.isEmpty, r.storage.isEmpty { r.wipe(); markDirty(r) }
    }

    /// Brings the storage tries and the state subtree up to date with the dirty records and
    /// hashes the subtree (caching every node's reference). Returns nothing: the ledger reads the
    /// subtree reference when it merges.
    ///
    /// All changes of a trie go in as one sorted batch (`MerkleTrie.update(batch:)`), which
    /// inserts and re-hashes in a single walk instead of one walk per key plus a hashing walk.
    func updateTrie() {
        _ = takeLargeStorage()   // one worker: no splits
        updateStorageAndSubtree()
        if !pendingSplits.isEmpty { finishSplits() }
    }

    /// The records listed in `largeStorage` since the last root; empties the list.
    func takeLargeStorage() -> [AccountRecord] {
        let list = largeStorage
        for r in list { r.largeListed = false }
        largeStorage = []
        return list
    }

    /// Every dirty record's storage trie and the state subtree, except the records with a
    /// pending split (`pendingSplits`), whose storage roots and leaves `finishSplits` adds once
    /// the ledger has applied their parts. Without pending splits the subtree is hashed here.
    func updateStorageAndSubtree() {
        var accountUpdates: [TrieUpdate] = []
        accountUpdates.reserveCapacity(dirty.count)
        var slotUpdates: [TrieUpdate] = []
        for r in dirty {
            r.dirty = false
            let key = TrieKey(r.hashedKey)
            if !r.exists {
                accountUpdates.append(TrieUpdate(key: key, value: []))
                accounts.removeValue(forKey: r.address)
                removed.append(r.address)
                continue
            }
            if r.splitPending { continue }
            if !r.dirtySlots.isEmpty {
                slotUpdates.removeAll(keepingCapacity: true)
                for slot in r.dirtySlots { slotUpdates.append(Self.slotUpdate(r, slot, &context)) }
                r.storageTrie.update(batch: slotUpdates, &context)
                r.dirtySlots = []
            }
            if r.storageChanged { r.storageRoot = r.storageTrie.rootHash(&context); r.storageChanged = false }
            accountUpdates.append(TrieUpdate(key: key, value: r.encodedAccount()))
        }
        dirty = []
        trie.update(batch: accountUpdates, &context)
        if pendingSplits.isEmpty { _ = trie.rootReference(atDepth: depth, &context) }
    }

    /// After `updateStorageAndSubtree` and every part of the pending splits: their storage
    /// roots and account leaves (a second, small batch), then the subtree's hash.
    func finishSplits() {
        var updates: [TrieUpdate] = []
        for split in pendingSplits {
            let r = split.record
            split.finish()
            r.splitPending = false
            r.storageRoot = r.storageTrie.rootHash(&context)
            r.storageChanged = false
            updates.append(TrieUpdate(key: TrieKey(r.hashedKey), value: r.encodedAccount()))
        }
        pendingSplits = []
        trie.update(batch: updates, &context)
        _ = trie.rootReference(atDepth: depth, &context)
    }

    /// A storage trie's update for `slot`: keyed by keccak(slot), valued rlp(rlp(value)) (the
    /// RLP string holding the integer's RLP), empty for a slot that is now zero.
    static func slotUpdate(_ r: AccountRecord, _ slot: U256, _ context: inout HashContext) -> TrieUpdate {
        let slotKey = TrieKey(context.hash(word: Bytes32(slot)))
        guard let v = r.storage[slot] else { return TrieUpdate(key: slotKey, value: []) }
        var enc: [UInt8] = []
        LedgerWord.appendRLP(v, to: &enc)
        return TrieUpdate(key: slotKey, value: enc)
    }
}
