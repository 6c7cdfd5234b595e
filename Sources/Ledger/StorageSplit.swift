import Primitives
import Trie

/// One account's storage batch spread over the ledger's workers (`ShardedLedger.stateRoot`):
/// first its dirty slots are hashed into trie keys in chunks (`hash(chunk:)`), then each of
/// the sixteen subtrees below its storage root takes the keys that fall into it
/// (`apply(part:)`, `SplitBatch`). Both steps run concurrently across chunks and parts; the
/// owning shard then finishes the trie (`finish`) and its root.
final class StorageSplit: @unchecked Sendable {
    let record: AccountRecord
    /// Slots hashed per task: about half a millisecond (keccak, the value lookup, its RLP).
    static let chunkSize = 1024
    let chunkCount: Int
    private let batch: SplitBatch
    /// `hashed[c][n]`: chunk `c`'s updates whose key starts with nibble `n`. A buffer, not an
    /// array property, so that chunks store their results concurrently.
    private let hashed: UnsafeMutablePointer<[[TrieUpdate]]>

    /// Nil when the record's storage trie is not a branch at its root (then it is updated whole).
    init?(record: AccountRecord) {
        guard let batch = SplitBatch(record.storageTrie) else { return nil }
        self.record = record
        self.batch = batch
        chunkCount = (record.dirtySlots.count + Self.chunkSize - 1) / Self.chunkSize
        hashed = .allocate(capacity: chunkCount)
        hashed.initialize(repeating: [], count: chunkCount)
    }

    deinit {
        hashed.deinitialize(count: chunkCount)
        hashed.deallocate()
    }

    /// Step 1, for chunk `c` of the dirty slots (concurrently with other chunks).
    func hash(chunk c: Int, _ context: inout HashContext) {
        let slots = record.dirtySlots
        var parts = [[TrieUpdate]](repeating: [], count: 16)
        for i in c * Self.chunkSize ..< min(slots.count, (c + 1) * Self.chunkSize) {
            let u = Shard.slotUpdate(record, slots[i], &context)
            parts[u.key.nibble(0)].append(u)
        }
        hashed[c] = parts
    }

    /// Step 2, for the subtree below nibble `n` (concurrently with other parts), once every
    /// chunk is hashed. Chunks are taken in order, so a slot written twice keeps its last write.
    func apply(part n: Int, _ context: inout HashContext) {
        var updates: [TrieUpdate] = []
        for c in 0..<chunkCount { updates.append(contentsOf: hashed[c][n]) }
        batch.apply(part: n, updates, &context)
    }

    /// After every part, on the owning shard's thread.
    func finish() {
        batch.finish(&record.storageTrie)
        record.dirtySlots = []
    }
}
