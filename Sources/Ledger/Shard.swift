import Primitives
import StateAccess
import Trie

/// One write routed to a shard: the account, its hashed key (computed once by the router) and the
/// write.
struct ShardWrite {
    var address: Address
    var hashedKey: Bytes32
    var write: AccountWrite
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
    /// Between `updateStorage` and `finishTrie`: the state subtree's updates so far, and the
    /// records whose storage the ledger updates in parts.
    private var accountUpdates: [TrieUpdate] = []
    private(set) var pendingSplits: [StorageSplit] = []

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
    /// balanceDelta, code, storage; then an empty account without storage is removed.
    func apply(_ writes: [ShardWrite]) {
        for sw in writes {
            let w = sw.write
            var record = accounts[sw.address]
            func live() -> AccountRecord {
                if let r = record {
                    if !r.exists { r.exists = true; markDirty(r) }
                    return r
                }
                let r = AccountRecord(address: sw.address, hashedKey: sw.hashedKey, shard: index)
                r.exists = true
                accounts[sw.address] = r
                created.append(r)
                markDirty(r)
                record = r
                return r
            }
            if w.deleted, let r = record, r.exists { r.wipe(); markDirty(r) }
            if w.storageCleared, let r = record, r.exists {
                r.storage = [:]; r.storageTrie = MerkleTrie(); r.dirtySlots = []; r.storageChanged = true; markDirty(r)
            }
            if let info = w.info {
                let r = live(); r.info = info; markDirty(r)
            } else if !w.balanceDelta.isZero {
                let r = live(); r.info.balance = LedgerWord.add(r.info.balance, w.balanceDelta); markDirty(r)
            }
            if let code = w.code {
                let h = code.isEmpty ? AccountInfo.emptyCodeHash : context.hash(code)
                if !code.isEmpty { newCode.append((h, code)) }
                let r = live(); r.info.codeHash = h; markDirty(r)
            }
            if !w.storage.isEmpty {
                let r = live()
                r.storageChanged = true
                for (slot, value) in w.storage {
                    if value.isZero {
                        if r.storage.removeValue(forKey: slot) != nil { r.dirtySlots.append(slot) }
                    } else {
                        r.storage[slot] = value; r.dirtySlots.append(slot)
                    }
                }
                markDirty(r)
            }
            if let r = record, r.exists, r.info.isEmpty, r.storage.isEmpty { r.wipe(); markDirty(r) }
        }
    }

    /// Brings the storage tries and the state subtree up to date with the dirty records and
    /// hashes the subtree (caching every node's reference). Returns nothing: the ledger reads the
    /// subtree reference when it merges.
    ///
    /// All changes of a trie go in as one sorted batch (`MerkleTrie.update(batch:)`), which
    /// inserts and re-hashes in a single walk instead of one walk per key plus a hashing walk.
    func updateTrie() {
        _ = updateStorage(splittingFrom: nil)
        finishTrie()
    }

    /// The first half of `updateTrie`: every dirty record's storage trie, except that a record
    /// with at least `splittingFrom` dirty slots and a branch at its storage root is returned
    /// as a `StorageSplit` for the ledger to spread over its workers. `finishTrie` then
    /// completes the state subtree, once those splits are applied.
    func updateStorage(splittingFrom threshold: Int?) -> [StorageSplit] {
        var splits: [StorageSplit] = []
        accountUpdates.removeAll(keepingCapacity: true)
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
            if let threshold, r.dirtySlots.count >= threshold, let split = StorageSplit(record: r) {
                splits.append(split)
                continue   // its storage root and account leaf wait for `finishTrie`
            }
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
        pendingSplits = splits
        return splits
    }

    /// The second half of `updateTrie`: the storage roots of the split records (their parts all
    /// applied), then the state subtree.
    func finishTrie() {
        for split in pendingSplits {
            let r = split.record
            split.finish()
            r.storageRoot = r.storageTrie.rootHash(&context)
            r.storageChanged = false
            accountUpdates.append(TrieUpdate(key: TrieKey(r.hashedKey), value: r.encodedAccount()))
        }
        pendingSplits = []
        trie.update(batch: accountUpdates, &context)
        accountUpdates.removeAll(keepingCapacity: true)
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
