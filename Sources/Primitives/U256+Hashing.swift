// Hashing of U256 for hashed collections (storage slots key the ledger's, the overlay's and
// the write sets' storage tables). Same scheme as `Address`: a seeded folded multiply instead
// of `Hasher`'s SipHash rounds over four words; see the notes on `Address._rawHashValue`.
extension U256 {
    /// The value mixed into one word under `seed` (two 64×64→128-bit multiplies).
    @inlinable @inline(__always)
    public func mixedHash(seed: UInt64) -> UInt64 {
        let s2 = (seed << 32) | (seed >> 32)
        let h = Address._mum(w0 ^ seed ^ 0x2d35_8dcc_aa6c_78a5, w1 ^ s2 ^ 0x8bb8_4b93_962e_acc9)
        return Address._mum(h ^ w2 ^ 0x4b33_a62e_d433_d4a3, w3 ^ seed ^ 0x4d5a_2da5_1de1_aa47)
    }

    /// What `Set` and `Dictionary` call: the mixed word, no `Hasher` round trip.
    @inlinable
    public func _rawHashValue(seed: Int) -> Int {
        Int(truncatingIfNeeded: mixedHash(seed: UInt64(bitPattern: Int64(seed))))
    }
}
