extension Keccak256 {
    /// Streaming Keccak-256: feed the input in any number of pieces, then `finalize()`.
    ///
    /// Input is XORed straight into the sponge state at the current position, so there is no
    /// separate block buffer and nothing is copied twice; whole blocks that arrive aligned are
    /// absorbed lane by lane. The result equals `Keccak256.hash` of the concatenated pieces.
    @frozen
    public struct Hasher: Sendable {
        @usableFromInline var state = KeccakState()
        /// Bytes of the current (not yet permuted) block already absorbed, 0..<136.
        @usableFromInline var position = 0

        @inlinable
        public init() {}

        /// Absorbs `bytes`; contiguous collections are read in place.
        @inlinable
        public mutating func update(_ bytes: some Collection<UInt8>) {
            if bytes.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) != nil { return }
            Array(bytes).withUnsafeBytes { update($0) }
        }

        /// Absorbs the bytes in `buffer`.
        public mutating func update(_ buffer: UnsafeRawBufferPointer) {
            guard var p = buffer.baseAddress else { return }
            var remaining = buffer.count
            // Finish a partly filled block byte by byte.
            if position != 0 {
                let n = Swift.min(remaining, Keccak256.rate &- position)
                xorBytes(p, count: n)
                p += n
                remaining &-= n
                if position == Keccak256.rate {
                    KeccakF1600.permute(&state)
                    position = 0
                }
            }
            // Whole blocks straight from the input.
            while remaining >= Keccak256.rate {
                Keccak256.absorbBlock(&state, p)
                KeccakF1600.permute(&state)
                p += Keccak256.rate
                remaining &-= Keccak256.rate
            }
            if remaining > 0 { xorBytes(p, count: remaining) }
        }

        /// XORs `count` bytes (not past the end of the block) into the state at `position`.
        @inline(__always)
        mutating func xorBytes(_ p: UnsafeRawPointer, count: Int) {
            let start = position
            withUnsafeMutableBytes(of: &state) { s in
                // Bytes up to a lane boundary, then whole lanes, then the rest: small updates
                // (a 64-byte chunk, a 20-byte address) stay cheap without a staging buffer.
                var i = 0
                while i < count, (start &+ i) & 7 != 0 {
                    s[start &+ i] ^= p.load(fromByteOffset: i, as: UInt8.self)
                    i &+= 1
                }
                while count &- i >= 8 {
                    let o = start &+ i
                    let v = s.load(fromByteOffset: o, as: UInt64.self)
                        ^ UInt64(littleEndian: p.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                    s.storeBytes(of: v, toByteOffset: o, as: UInt64.self)
                    i &+= 8
                }
                while i < count {
                    s[start &+ i] ^= p.load(fromByteOffset: i, as: UInt8.self)
                    i &+= 1
                }
            }
            position = start &+ count
        }

        /// Pads, permutes and returns the digest. The hasher is spent afterwards.
        public consuming func finalize() -> Bytes32 {
            let at = position
            withUnsafeMutableBytes(of: &state) { s in Keccak256.padFinalBlock(s, at: at) }
            KeccakF1600.permute(&state)
            return Keccak256.digest(state)
        }
    }
}
