import Primitives

/// A trie key of up to 32 bytes (64 nibbles), held inline so that leaves and extensions store their
/// whole key without a heap allocation. Every Ethereum trie fits: hashed keys are 32 bytes and
/// transaction/receipt keys (`rlp(index)`) are a few bytes.
///
/// Nibbles past `count` are always zero, so two keys are equal exactly when their words and counts
/// are equal.
@frozen
public struct TrieKey: Hashable, Sendable {
    /// The key bytes, left-aligned and zero-padded.
    public var bytes: Bytes32
    /// Length in nibbles (0...64).
    public var count: Int

    @inlinable
    public init(_ hashed: Bytes32) { self.bytes = hashed; self.count = 64 }

    /// A key from at most 32 bytes.
    @inlinable
    public init<C: Collection>(bytes: C) where C.Element == UInt8 {
        precondition(bytes.count <= 32, "trie keys are at most 32 bytes")
        var padded = [UInt8](repeating: 0, count: 32)
        var i = 0
        for b in bytes { padded[i] = b; i += 1 }
        self.bytes = Bytes32(bytes: padded)!
        self.count = i * 2
    }

    @inlinable
    init(rawBytes: Bytes32, count: Int) { self.bytes = rawBytes; self.count = count }

    /// The nibble at `index` (< count).
    @inlinable
    public func nibble(_ index: Int) -> Int { Int(bytes.nibble(index)) }

    /// The first nibble index (from 0) where `self` and `other` differ, capped at the shorter count.
    @inlinable
    func firstDifference(_ other: TrieKey) -> Int {
        let limit = Swift.min(count, other.count)
        let d0 = bytes.w0 ^ other.bytes.w0
        let d: Int
        if d0 != 0 { d = d0.leadingZeroBitCount >> 2 } else {
            let d1 = bytes.w1 ^ other.bytes.w1
            if d1 != 0 { d = 16 + d1.leadingZeroBitCount >> 2 } else {
                let d2 = bytes.w2 ^ other.bytes.w2
                if d2 != 0 { d = 32 + d2.leadingZeroBitCount >> 2 } else {
                    let d3 = bytes.w3 ^ other.bytes.w3
                    d = d3 != 0 ? 48 + d3.leadingZeroBitCount >> 2 : 64
                }
            }
        }
        return Swift.min(d, limit)
    }

    /// The first `n` nibbles of this key, followed by `extra` nibbles.
    @inlinable
    func prefix(_ n: Int, appending extra: Int? = nil) -> TrieKey {
        var words = [bytes.w0, bytes.w1, bytes.w2, bytes.w3]
        for w in 0..<4 {
            let start = w * 16
            if n <= start { words[w] = 0 } else if n < start + 16 {
                let keepBits = (n - start) * 4
                words[w] &= ~(UInt64.max >> UInt64(keepBits))
            }
        }
        var count = n
        if let e = extra {
            let w = n >> 4, shift = UInt64(60 - (n & 15) * 4)
            words[w] |= UInt64(e) << shift
            count += 1
        }
        return TrieKey(rawBytes: Bytes32(w0: words[0], w1: words[1], w2: words[2], w3: words[3]), count: count)
    }

    /// The nibbles from `start` to `end`, one per byte (tests and diagnostics).
    public func nibbles(from start: Int = 0, to end: Int? = nil) -> [UInt8] {
        (start..<(end ?? count)).map { UInt8(nibble($0)) }
    }
}
