/// The bn254 precompiles 0x06 (add), 0x07 (scalar mul) and 0x08 (pairing check) with their
/// Istanbul prices (EIP-1108). Short inputs are zero-padded, long add/mul inputs truncated.
enum BN254Precompiles {
    static let addGas: UInt64 = 150
    static let mulGas: UInt64 = 6000
    static let pairingBaseGas: UInt64 = 45000
    static let pairingPerPairGas: UInt64 = 34000

    private static func padded(_ input: [UInt8], to length: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        for i in 0..<min(length, input.count) { out[i] = input[i] }
        return out
    }

    private static func jacobian(_ d: BN254Curve.Decoded<Fp>) -> JacobianPoint<Fp> {
        switch d {
        case .infinity: return .infinity
        case .point(let x, let y): return JacobianPoint(affineX: x, affineY: y)
        }
    }

    static func add(input: [UInt8], gasLimit: UInt64) -> PrecompileResult {
        guard gasLimit >= addGas else { return .failure }
        let data = padded(input, to: 128)
        guard let a = BN254Curve.g1(data, at: 0), let b = BN254Curve.g1(data, at: 64) else { return .failure }
        return .success(gasUsed: addGas, output: BN254Curve.encode(jacobian(a) + jacobian(b)))
    }

    static func mul(input: [UInt8], gasLimit: UInt64) -> PrecompileResult {
        guard gasLimit >= mulGas else { return .failure }
        let data = padded(input, to: 96)
        guard let a = BN254Curve.g1(data, at: 0) else { return .failure }
        func word(_ k: Int) -> UInt64 {
            var v: UInt64 = 0
            for i in 0..<8 { v = v << 8 | UInt64(data[64 + 8 * k + i]) }
            return v
        }
        let product = jacobian(a).multiplied(by: (word(3), word(2), word(1), word(0)))
        return .success(gasUsed: mulGas, output: BN254Curve.encode(product))
    }

    static func pairing(input: [UInt8], gasLimit: UInt64) -> PrecompileResult {
        guard input.count % 192 == 0 else { return .failure }
        let k = UInt64(input.count / 192)
        let (perPairs, o1) = pairingPerPairGas.multipliedReportingOverflow(by: k)
        let (gas, o2) = pairingBaseGas.addingReportingOverflow(perPairs)
        guard !o1, !o2, gas <= gasLimit else { return .failure }
        var pairs: [(p: (x: Fp, y: Fp), q: BN254Pairing.G2Affine)] = []
        for i in 0..<Int(k) {
            guard let p = BN254Curve.g1(input, at: 192 * i), let q = BN254Curve.g2(input, at: 192 * i + 64)
            else { return .failure }
            if case .point(let px, let py) = p, case .point(let qx, let qy) = q {
                pairs.append(((px, py), (qx, qy)))
            }
        }
        let one = BN254Pairing.productIsOne(pairs)
        var out = [UInt8](repeating: 0, count: 32)
        if one { out[31] = 1 }
        return .success(gasUsed: gas, output: out)
    }
}
