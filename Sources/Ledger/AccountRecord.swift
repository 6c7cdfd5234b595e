import CPrefetch
import Primitives
import StateAccess
import Trie

/// One account as a shard holds it: the flat fields and storage that reads use, the storage trie
/// that roots use, and what changed since the last root. A class so that the ledger's read index
/// and the owning shard share it; only the owning shard mutates it, on the shard's queue.
final class AccountRecord {
    // The fields a read touches come first, so they lie in the object's first 96 bytes (after
    // the 16-byte header) and `AccountIndex.prefetchRecord` can announce them as two lines.

    /// False after deletion (or when the account became empty); the record then waits for the
    /// next root to remove its leaf, and a later write revives it.
    var exists = false
    var info = AccountInfo()
    /// Non-zero slots only.
    var storage: [U256: U256] = [:]
    let address: Address
    /// keccak(address), computed once: the key in the state trie.
    let hashedKey: Bytes32
    let shard: Int
    var storageTrie = MerkleTrie()
    var storageRoot = MerkleTrie.emptyRoot
    /// Slots written since the last root (may repeat).
    var dirtySlots: [U256] = []
    /// The storage trie was replaced or written since the last root (its root must be re-read).
    var storageChanged = true
    /// In the shard's dirty list.
    var dirty = false
    /// In the shard's list of records with many dirty slots (`Shard.largeStorage`).
    var largeListed = false
    /// Its storage batch is being applied in parts (`StorageSplit`); the shard finishes it last.
    var splitPending = false

    /// Byte offsets (from the object's start) of the first and last byte of the read fields.
    static let hotFieldsStart = 16
    static let hotFieldsEnd = 16 + 8 + MemoryLayout<AccountInfo>.stride + 8 - 1

    /// Starts loading the fields a read or a write of the account touches, as the lines of
    /// their first and last byte: for a read (`AccountIndex.prefetchRecord`), or owned, for a
    /// write a shard is about to apply (`Shard.apply`).
    @inline(__always)
    static func announce(_ record: Unmanaged<AccountRecord>, forWriting: Bool) {
        let p = UnsafeRawPointer(record.toOpaque())
        if forWriting {
            cprefetch_write(p + hotFieldsStart)
            cprefetch_write(p + hotFieldsEnd)
        } else {
            cprefetch_read(p + hotFieldsStart)
            cprefetch_read(p + hotFieldsEnd)
        }
    }

    init(address: Address, hashedKey: Bytes32, shard: Int) {
        self.address = address; self.hashedKey = hashedKey; self.shard = shard
    }

    /// Removes everything but the identity (deletion, or an account that became empty).
    func wipe() {
        exists = false
        info = AccountInfo()
        storage = [:]
        storageTrie = MerkleTrie()
        dirtySlots = []
        storageChanged = true
    }

    func clone() -> AccountRecord {
        let r = AccountRecord(address: address, hashedKey: hashedKey, shard: shard)
        r.exists = exists; r.info = info; r.storage = storage
        r.storageTrie = storageTrie.clone(); r.storageRoot = storageRoot
        r.dirtySlots = dirtySlots; r.dirty = dirty; r.storageChanged = storageChanged
        return r
    }

    /// rlp([nonce, balance, storageRoot, codeHash]): the account's value in the state trie.
    func encodedAccount() -> [UInt8] {
        // Written after a 2-byte gap for the list header, then moved into place: one allocation.
        var out: [UInt8] = [0, 0]
        out.reserveCapacity(112)
        LedgerWord.appendRLP(U256(info.nonce), to: &out)
        LedgerWord.appendRLP(info.balance, to: &out)
        LedgerWord.appendRLP(storageRoot, to: &out)
        LedgerWord.appendRLP(info.codeHash, to: &out)
        let payload = out.count - 2   // at most 9 + 33 + 33 + 33 = 108
        if payload < 56 { out[1] = 0xc0 + UInt8(payload); out.removeFirst() } else { out[0] = 0xf8; out[1] = UInt8(payload) }
        return out
    }
}
