import CSecp256k1
import Primitives

/// ECRECOVER (0x01): the address that signed a 32-byte hash, via libsecp256k1's recovery module.
/// Any malformed signature is not an error of the call: it succeeds with empty output.
enum ECRecover {
    static let gas: UInt64 = 3000

    /// One verification context for the process. libsecp256k1 contexts are safe to share between
    /// threads for recovery (it only reads them).
    nonisolated(unsafe) private static let context: OpaquePointer? =
        secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE))

    /// secp256k1's group order n, big-endian.
    private static let order: [UInt8] = [
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
        0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
    ]

    static func run(input: [UInt8], gasLimit: UInt64) -> PrecompileResult {
        guard gasLimit >= gas else { return .failure }
        var data = [UInt8](repeating: 0, count: 128)
        for i in 0..<min(128, input.count) { data[i] = input[i] }
        guard let publicKey = recover(data) else { return .success(gasUsed: gas, output: []) }
        let hash = Keccak256.hash(publicKey)
        var out = [UInt8](repeating: 0, count: 32)
        withUnsafeBytes(of: hash.w1.bigEndian) { for i in 0..<4 { out[12 + i] = $0[4 + i] } }
        withUnsafeBytes(of: hash.w2.bigEndian) { for i in 0..<8 { out[16 + i] = $0[i] } }
        withUnsafeBytes(of: hash.w3.bigEndian) { for i in 0..<8 { out[24 + i] = $0[i] } }
        return .success(gasUsed: gas, output: out)
    }

    /// The 64-byte public key (x ‖ y) for hash ‖ v ‖ r ‖ s, or `nil` if the signature is invalid:
    /// v must be exactly 27 or 28 (all 31 high bytes zero), 0 < r, s < n.
    static func recover(_ data: [UInt8]) -> [UInt8]? {
        guard let ctx = context else { return nil }
        for i in 32..<63 where data[i] != 0 { return nil }
        let v = data[63]
        guard v == 27 || v == 28 else { return nil }
        let r = Array(data[64..<96]), s = Array(data[96..<128])
        guard inRange(r), inRange(s) else { return nil }

        var signature = secp256k1_ecdsa_recoverable_signature()
        let compact = r + s
        guard secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &signature, compact, Int32(v - 27)) == 1
        else { return nil }
        var pubkey = secp256k1_pubkey()
        let hash = Array(data[0..<32])
        guard secp256k1_ecdsa_recover(ctx, &pubkey, &signature, hash) == 1 else { return nil }
        var serialized = [UInt8](repeating: 0, count: 65)
        var length = 65
        guard secp256k1_ec_pubkey_serialize(ctx, &serialized, &length, &pubkey, UInt32(SECP256K1_EC_UNCOMPRESSED)) == 1,
              length == 65 else { return nil }
        return Array(serialized[1..<65])
    }

    /// 0 < x < n for a 32-byte big-endian x.
    private static func inRange(_ x: [UInt8]) -> Bool {
        guard x.contains(where: { $0 != 0 }) else { return false }
        for i in 0..<32 where x[i] != order[i] { return x[i] < order[i] }
        return false
    }
}
