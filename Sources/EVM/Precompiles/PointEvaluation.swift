/// KZG point evaluation (0x0a, EIP-4844). Not implemented yet: it needs BLS12-381 and the
/// trusted setup. Malformed input is rejected here (`.failure`, as a full implementation would);
/// well-formed input that would need the pairing is `.unsupported`, which the interpreter turns
/// into a loud error rather than a silent success.
enum PointEvaluation {
    static let gas: UInt64 = 50000

    /// The BLS12-381 scalar field modulus, big-endian.
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
        // z and y must be canonical field elements.
        guard belowModulus(input, at: 32), belowModulus(input, at: 64) else { return .failure }
        return .unsupported("KZG point evaluation (0x0a) needs BLS12-381, not implemented")
    }

    private static func belowModulus(_ input: [UInt8], at offset: Int) -> Bool {
        for i in 0..<32 where input[offset + i] != blsModulus[i] { return input[offset + i] < blsModulus[i] }
        return false
    }
}
