import Primitives

/// Keccak-256 of the 64-byte inputs Vyper hashes to locate a HashMap entry
/// (keccak256(pad32(slot) ++ pad32(key))), so generators can write contract storage straight
/// into the genesis allocation. Hashes from a stack buffer: no allocation per slot.
enum SlotHash {
    /// keccak256(pad32(a) ++ pad32(b)) for two words given as `U256`.
    @inline(__always)
    static func hash(_ a: U256, _ b: U256) -> U256 {
        withUnsafeTemporaryAllocation(byteCount: 64, alignment: 8) { buffer in
            Bytes32(a).store(to: buffer.baseAddress!)
            Bytes32(b).store(to: buffer.baseAddress! + 32)
            return U256(Keccak256.hash(UnsafeRawBufferPointer(buffer)))
        }
    }

    /// keccak256 of a byte string, e.g. an event signature in tests.
    static func hash(bytes: [UInt8]) -> [UInt8] { Keccak256.hash(bytes).bytes }
}
