/// Keccak-256 as Ethereum uses it: the original Keccak submission's padding (0x01 … 0x80),
/// not FIPS-202 SHA3-256's 0x06, over Keccak-f[1600] with a rate of 136 bytes (17 lanes).
///
/// The one-shot entry points absorb straight from the caller's memory and pad the final
/// partial block in a stack buffer, so hashing allocates nothing; `Keccak256.Hasher` is the
/// streaming form for input that arrives in pieces.
public enum Keccak256 {
    /// Bytes absorbed per permutation: 1600 − 2·256 bits of capacity = 1088 bits.
    public static let rate = 136

    /// The hash of `bytes`. Contiguous collections (`[UInt8]`, `ArraySlice`, `UnsafeBufferPointer`,
    /// `Data`) are hashed in place; anything else is first copied into an array.
    @inlinable
    public static func hash<C: Collection>(_ bytes: C) -> Bytes32 where C.Element == UInt8 {
        if let digest = bytes.withContiguousStorageIfAvailable({ hash(UnsafeRawBufferPointer($0)) }) {
            return digest
        }
        return Array(bytes).withUnsafeBytes { hash($0) }
    }

    /// The hash of the bytes in `buffer`.
    public static func hash(_ buffer: UnsafeRawBufferPointer) -> Bytes32 {
        var state = KeccakState()
        var remaining = buffer.count
        guard var p = buffer.baseAddress, remaining > 0 else {
            // Empty input: one block that is padding only.
            withUnsafeMutableBytes(of: &state) { s in padFinalBlock(s, at: 0) }
            KeccakF1600.permute(&state)
            return digest(state)
        }
        while remaining >= rate {
            absorbBlock(&state, p)
            KeccakF1600.permute(&state)
            p += rate
            remaining -= rate
        }
        // The tail (0…135 bytes): whole lanes are XORed directly, the last partial lane byte by
        // byte, then the padding bits. No copy of the input is needed.
        let tail = p
        let count = remaining
        withUnsafeMutableBytes(of: &state) { s in
            let lanes = count &>> 3
            var i = 0
            while i < lanes {
                let v = s.load(fromByteOffset: i &* 8, as: UInt64.self)
                    ^ UInt64(littleEndian: tail.loadUnaligned(fromByteOffset: i &* 8, as: UInt64.self))
                s.storeBytes(of: v, toByteOffset: i &* 8, as: UInt64.self)
                i &+= 1
            }
            var j = lanes &* 8
            while j < count {
                s[j] ^= tail.load(fromByteOffset: j, as: UInt8.self)
                j &+= 1
            }
            padFinalBlock(s, at: count)
        }
        KeccakF1600.permute(&state)
        return digest(state)
    }

    /// XORs one full 136-byte block at `p` into the first 17 lanes.
    @inline(__always)
    static func absorbBlock(_ state: inout KeccakState, _ p: UnsafeRawPointer) {
        @inline(__always) func lane(_ i: Int) -> UInt64 {
            UInt64(littleEndian: p.loadUnaligned(fromByteOffset: i &* 8, as: UInt64.self))
        }
        state.a00 ^= lane(0); state.a01 ^= lane(1); state.a02 ^= lane(2); state.a03 ^= lane(3)
        state.a04 ^= lane(4); state.a05 ^= lane(5); state.a06 ^= lane(6); state.a07 ^= lane(7)
        state.a08 ^= lane(8); state.a09 ^= lane(9); state.a10 ^= lane(10); state.a11 ^= lane(11)
        state.a12 ^= lane(12); state.a13 ^= lane(13); state.a14 ^= lane(14); state.a15 ^= lane(15)
        state.a16 ^= lane(16)
    }

    /// Keccak padding for a final block holding `count` (< 136) message bytes: 0x01 right after
    /// the message, 0x80 in the last byte of the rate (both in one byte when count == 135).
    @inline(__always)
    static func padFinalBlock(_ s: UnsafeMutableRawBufferPointer, at count: Int) {
        s[count] ^= 0x01
        s[rate &- 1] ^= 0x80
    }

    /// The first 32 state bytes: lanes are little-endian, `Bytes32` words big-endian.
    @inline(__always)
    static func digest(_ state: KeccakState) -> Bytes32 {
        Bytes32(w0: state.a00.byteSwapped, w1: state.a01.byteSwapped,
                w2: state.a02.byteSwapped, w3: state.a03.byteSwapped)
    }
}
