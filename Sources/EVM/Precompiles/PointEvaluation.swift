/// KZG point evaluation (0x0a, EIP-4844): proves that the blob polynomial committed to by
/// `commitment` takes the value y at z. Input: versioned hash ‖ z ‖ y ‖ commitment ‖ proof
/// (32 + 32 + 32 + 48 + 48 = 192 bytes). Valid proofs return FIELD_ELEMENTS_PER_BLOB and the
/// BLS modulus; anything else fails (all gas consumed).
enum PointEvaluation {
    static let gas: UInt64 = 50000

    /// The BLS12-381 scalar field modulus r, big-endian.
    static let blsModulus: [UInt8] = [
        0x73, 0xed, 0xa7, 0x53, 0x29, 0x9d, 0x7d, 0x48, 0x33, 0x39, 0xd8, 0x08, 0x09, 0xa1, 0xd8, 0x05,
        0x53, 0xbd, 0xa4, 0x02, 0xff, 0xfe, 0x5b, 0xfe, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01,
    ]

    static func run(input: [UInt8], gasLimit: UInt64) -> PrecompileResult {
        guard input.count == 192, gasLimit >= gas else { return .failure }
        // versioned hash = 0x01 ‖ sha256(commitment)[1...]
        var expected = SHA256.hash(Array(input[96..<144]))
        expected[0] = 0x01
        guard Array(input[0..<32]) == expected else { return .failure }
        guard let z = scalar(input, at: 32), let y = scalar(input, at: 64) else { return .failure }
        guard let commitment = BLS12381.decompressG1(input[96..<144]),
              let proof = BLS12381.decompressG1(input[144..<192]) else { return .failure }

        // e(C − [y]G1, −G2) · e(π, [τ]G2 − [z]G2) = 1
        let g2 = BLS12381.g2Generator
        let pMinusY = commitment + negate(BLS12381.g1Generator.multiplied(by: y))
        let xMinusZ = BLS12381.tauG2 + negate(g2.multiplied(by: z))
        guard BLS12381.pairingProductIsOne([(pMinusY, negate(g2)), (proof, xMinusZ)]) else { return .failure }

        var out = [UInt8](repeating: 0, count: 32)
        out[30] = 0x10  // 4096 field elements per blob
        return .success(gasUsed: gas, output: out + blsModulus)
    }

    private static func negate<F: CurveField>(_ p: JacobianPoint<F>) -> JacobianPoint<F> {
        JacobianPoint(x: p.x, y: F.zero - p.y, z: p.z)
    }

    /// A 32-byte big-endian field element as little-endian limbs; `nil` unless below r.
    private static func scalar(_ input: [UInt8], at offset: Int) -> (UInt64, UInt64, UInt64, UInt64)? {
        var below = false
        for i in 0..<32 where input[offset + i] != blsModulus[i] {
            below = input[offset + i] < blsModulus[i]
            break
        }
        guard below else { return nil }
        func word(_ k: Int) -> UInt64 {
            var v: UInt64 = 0
            for i in 0..<8 { v = v << 8 | UInt64(input[offset + 8 * k + i]) }
            return v
        }
        return (word(3), word(2), word(1), word(0))
    }
}
