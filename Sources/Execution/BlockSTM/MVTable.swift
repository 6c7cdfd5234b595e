import CPrefetch
import Primitives

/// One shard's map from location to versions: open addressing with linear probing, keyed by a
/// hash the caller computes once (`MVKey.mixedHash`), used under the shard's lock.
///
/// Why not `Dictionary`: every lookup seeded and finalised a SipHash (the standard library's
/// per-process random hashing) over the key — in profiles of low-contention blocks a tenth of
/// the time Block-STM spends in its multi-version memory. Keys here are addresses and slots
/// that are already uniformly spread, so a multiply-xorshift mix is enough, and the stored
/// hashes make most probes a single integer comparison.
struct MVTable {
    /// 0 = empty bucket; otherwise the key's hash with the low bit set.
    private var hashes: [UInt64]
    private var keys: [MVKey]
    private var values: [MVVersions]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 0) {
        var n = 8
        while n < capacity * 2 { n <<= 1 }
        hashes = [UInt64](repeating: 0, count: n)
        keys = [MVKey](repeating: .account(.zero), count: n)
        values = [MVVersions](repeating: MVVersions(), count: n)
        mask = n - 1
    }

    @inline(__always)
    private static func tag(_ hash: UInt64) -> UInt64 { hash | 1 }

    /// Where probing for a key with `hash` starts (the shard took the low bits).
    @inline(__always)
    private func home(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> 7) & mask }

    /// The bucket holding `key`, if present.
    @inline(__always)
    func find(_ key: MVKey, hash: UInt64) -> Int? {
        let t = Self.tag(hash)
        var i = home(hash)
        while true {
            let h = hashes[i]
            if h == 0 { return nil }
            if h == t && keys[i] == key { return i }
            i = (i + 1) & mask
        }
    }

    /// The versions of `key`, if it has an entry.
    @inline(__always)
    func versions(_ key: MVKey, hash: UInt64) -> MVVersions? {
        find(key, hash: hash).map { values[$0] }
    }

    /// Applies `body` to the versions of `key`, creating an empty entry first if needed.
    @inline(__always)
    mutating func update<R>(_ key: MVKey, hash: UInt64, _ body: (inout MVVersions) -> R) -> R {
        if let i = find(key, hash: hash) { return body(&values[i]) }
        if (count + 1) * 4 > hashes.count * 3 { grow() }
        let t = Self.tag(hash)
        var i = home(hash)
        while hashes[i] != 0 { i = (i + 1) & mask }
        hashes[i] = t
        keys[i] = key
        values[i] = MVVersions()
        count += 1
        return body(&values[i])
    }

    /// Starts loading, owned, the home bucket of a key with `hash`: where a version of it will
    /// be looked up or inserted (see `MVMemory.announceAccount`).
    @inline(__always)
    func prefetch(hash: UInt64) {
        let i = home(hash)
        hashes.withUnsafeBufferPointer { cprefetch_write($0.baseAddress! + i) }
        keys.withUnsafeBufferPointer { cprefetch_write($0.baseAddress! + i) }
        values.withUnsafeBufferPointer { b in
            cprefetch_write(b.baseAddress! + i)
            cprefetch_write(UnsafeRawPointer(b.baseAddress! + i) + MemoryLayout<MVVersions>.size - 1)
        }
    }

    /// Applies `body` to the versions of `key` when it has an entry.
    @inline(__always)
    mutating func updateIfPresent(_ key: MVKey, hash: UInt64, _ body: (inout MVVersions) -> Void) {
        if let i = find(key, hash: hash) { body(&values[i]) }
    }

    private mutating func grow() {
        let old = (hashes, keys, values)
        let n = hashes.count * 2
        hashes = [UInt64](repeating: 0, count: n)
        keys = [MVKey](repeating: .account(.zero), count: n)
        values = [MVVersions](repeating: MVVersions(), count: n)
        mask = n - 1
        for j in 0..<old.0.count where old.0[j] != 0 {
            var i = home(old.0[j])   // the tag only sets bit 0
            while hashes[i] != 0 { i = (i + 1) & mask }
            hashes[i] = old.0[j]
            keys[i] = old.1[j]
            values[i] = old.2[j]
        }
    }

    /// Empties the table, keeping its capacity (the next block reuses it).
    mutating func removeAll() {
        guard count > 0 else { return }
        for i in 0..<hashes.count where hashes[i] != 0 {
            hashes[i] = 0
            values[i] = MVVersions()
        }
        count = 0
    }
}

extension MVKey {
    /// A well-mixed 64-bit hash of the location: the shard comes from its low bits, the
    /// bucket within the shard's table from higher ones.
    @inline(__always)
    var mixedHash: UInt64 {
        var h: UInt64
        switch self {
        case .account(let a): h = MVKey.mix(a)
        case .storageClear(let a): h = MVKey.mix(a) &+ 0x5555_5555_5555_5555
        case .storage(let a, let s):
            h = MVKey.mix(a) ^ 0x2545_F491_4F6C_DD1D
            h = (h ^ s.w0) &* 0x9E37_79B9_7F4A_7C15
            h = (h ^ s.w1) &* 0x9E37_79B9_7F4A_7C15
            h = (h ^ s.w2) &* 0x9E37_79B9_7F4A_7C15
            h = (h ^ s.w3) &* 0x9E37_79B9_7F4A_7C15
        }
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return h
    }
}
