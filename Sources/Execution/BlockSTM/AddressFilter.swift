import CPrefetch
import Synchronization
import Primitives

/// One bit per address hash: set once any transaction of the block records a version of that
/// address (its account, a slot, a wipe). A clear bit proves there is none, so a read goes
/// straight to the pre-block state without taking a shard lock or probing a table.
///
/// Why: at low contention almost every read is of a location no other transaction wrote, and
/// that failed lookup (a lock and a cache miss into megabytes of tables, at execution and again
/// at validation) was the largest part of what a Block-STM read cost over a sequential one.
/// 2^20 bits (128 KiB) stay in cache.
///
/// Races are benign: a reader that checks just before a writer sets the bit reads the
/// pre-block state, exactly as if it had looked the table up just before the version was
/// inserted; the writer's execution then reports a new location and the reader is validated
/// again. Bits are only cleared between blocks.
final class AddressFilter: @unchecked Sendable {
    private static let wordCount = 1 << 14   // × 64 bits
    private let words: UnsafeMutablePointer<Atomic<UInt64>>

    init() {
        words = .allocate(capacity: Self.wordCount)
        for i in 0..<Self.wordCount { (words + i).initialize(to: Atomic(0)) }
    }

    deinit {
        words.deinitialize(count: Self.wordCount)
        words.deallocate()
    }

    @inline(__always)
    private static func bit(_ a: Address) -> (word: Int, mask: UInt64) {
        let h = MVKey.mix(a)
        return (Int(truncatingIfNeeded: h >> 6) & (wordCount - 1), 1 << (h & 63))
    }

    /// Called before the version is inserted.
    @inline(__always)
    func insert(_ a: Address) {
        let (w, m) = Self.bit(a)
        if words[w].load(ordering: .relaxed) & m == 0 {
            words[w].bitwiseOr(m, ordering: .releasing)
        }
    }

    /// False only when no version of `a` was recorded in this block before this call.
    @inline(__always)
    func mayContain(_ a: Address) -> Bool {
        let (w, m) = Self.bit(a)
        return words[w].load(ordering: .acquiring) & m != 0
    }

    /// Starts loading the word of `a`'s bit, owned: it is read at the next transaction's first
    /// read of `a` and written when it records a version there.
    @inline(__always)
    func prefetch(_ a: Address) {
        cprefetch_write(words + Self.bit(a).word)
    }

    /// Clears part `part` of `parts` (between blocks, no reader running).
    func clear(part: Int, of parts: Int) {
        var i = part
        while i < Self.wordCount {
            words[i].store(0, ordering: .relaxed)
            i += parts
        }
    }
}
