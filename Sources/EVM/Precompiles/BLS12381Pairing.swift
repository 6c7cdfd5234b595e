/// What KZG point evaluation needs from BLS12-381: compressed G1 decoding with the subgroup
/// check, the fixed G2 points (generator and the ceremony's [τ]₂), and a pairing-product check.
///
/// The pairing is the reduced Tate pairing: the Miller loop runs over r on the G1 point (so all
/// point arithmetic is in the base field) and evaluates lines at the untwisted G2 point
/// ψ(x, y) = (x·w⁻², y·w⁻³) in Fp12, with T in Jacobian coordinates. Vertical lines are
/// dropped: they take values in Fp6 (x·w⁻² lies in Fp6), which the final exponentiation
/// f^((p¹²−1)/r) sends to one. Slower than an optimal ate pairing (a 255-bit loop instead of
/// 64), but with few places to go wrong; the precompile needs two pairings.
enum BLS12381 {
    typealias G1 = JacobianPoint<BLSFp>
    typealias G2 = JacobianPoint<BLSFp2>

    /// The group order r, little-endian limbs.
    static let order: (UInt64, UInt64, UInt64, UInt64) =
        (0xffffffff00000001, 0x53bda402fffe5bfe, 0x3339d80809a1d805, 0x73eda753299d7d48)

    static let g1Generator = G1(
        affineX: BLSFp(normal: [0xfb3af00adb22c6bb, 0x6c55e83ff97a1aef, 0xa14e3a3f171bac58,
                                0xc3688c4f9774b905, 0x2695638c4fa9ac0f, 0x17f1d3a73197d794]),
        affineY: BLSFp(normal: [0x0caa232946c5e7e1, 0xd03cc744a2888ae4, 0x00db18cb2c04b3ed,
                                0xfcf5e095d5d00af6, 0xa09e30ed741d8ae4, 0x08b3f481e3aaa0f1]))

    static let g2Generator = G2(
        affineX: BLSFp2(BLSFp(normal: [0xd48056c8c121bdb8, 0x0bac0326a805bbef, 0xb4510b647ae3d177,
                                       0xc6e47ad4fa403b02, 0x260805272dc51051, 0x024aa2b2f08f0a91]),
                        BLSFp(normal: [0xe5ac7d055d042b7e, 0x334cf11213945d57, 0xb5da61bbdc7f5049,
                                       0x596bd0d09920b61a, 0x7dacd3a088274f65, 0x13e02b6052719f60])),
        affineY: BLSFp2(BLSFp(normal: [0xe193548608b82801, 0x923ac9cc3baca289, 0x6d429a695160d12c,
                                       0xadfd9baa8cbdd3a7, 0x8cc9cdc6da2e351a, 0x0ce5d527727d6e11]),
                        BLSFp(normal: [0xaaa9075ff05f79be, 0x3f370d275cec1da1, 0x267492ab572e99ab,
                                       0xcb3e287e85a763af, 0x32acd2b02bc28b99, 0x0606c4a02ea734cc])))

    /// [τ]₂ from the EIP-4844 trusted setup (KZG_SETUP_G2[1], compressed
    /// b5bfd7dd…20c1def2), decompressed offline.
    static let tauG2 = G2(
        affineX: BLSFp2(BLSFp(normal: [0xc98edada20c1def2, 0x087041de621000ed, 0xa36851477ba4c60b,
                                       0x3926c911cceceac9, 0x734429b7b38608e2, 0x185cbfee53492714]),
                        BLSFp(normal: [0xafaaab24f3499f72, 0x2914e5870cb452d2, 0x1009a2ce615ac53d,
                                       0x26187075cbfbefa8, 0x843bc287230af389, 0x15bfd7dd8cdeb128])),
        affineY: BLSFp2(BLSFp(normal: [0xee689bfbbb832a99, 0x4ce26d105941f383, 0xe82451a496a9c979,
                                       0x131569490e28de18, 0xd7d5ee8599d1fca2, 0x014353bdb96b626d]),
                        BLSFp(normal: [0x23048ef30d0a154f, 0x9495346f3d7ac9cd, 0xda5ed1ba9bfa0789,
                                       0xef79de09fc63671f, 0x03432fcae0181b4b, 0x1666c54b0a325295])))

    /// A G1 point from its 48-byte compressed encoding (ZCash format: flags in the top three
    /// bits: compressed, infinity, sort). `nil` for anything invalid, including points outside
    /// the order-r subgroup.
    static func decompressG1(_ bytes: ArraySlice<UInt8>) -> G1? {
        guard bytes.count == 48 else { return nil }
        let b = Array(bytes)
        let compressed = b[0] & 0x80 != 0, infinity = b[0] & 0x40 != 0, sort = b[0] & 0x20 != 0
        guard compressed else { return nil }
        var limbs = InlineArray<6, UInt64>(repeating: 0)
        for i in 0..<48 {
            let byte = i == 0 ? b[0] & 0x1f : b[i]
            let limb = (47 - i) / 8, shift = UInt64((47 - i) % 8) * 8
            limbs[limb] |= UInt64(byte) << shift
        }
        if infinity {
            guard !sort else { return nil }
            for i in 0..<6 where limbs[i] != 0 { return nil }
            return .infinity
        }
        guard BLSFp.less(limbs, BLSFp.modulus) else { return nil }
        let x = BLSFp(normal: limbs)
        guard var y = (x.squared() * x + BLSFp(4)).squareRoot() else { return nil }
        if y.isLexicographicallyLargest != sort { y = -y }
        let point = G1(affineX: x, affineY: y)
        guard point.multiplied(by: order).isInfinity else { return nil }
        return point
    }

    /// ψ's factors w⁻² and w⁻³ in Fp12 (w = the Fp12 generator over Fp6).
    private static let untwist: (x: BLSFp12, y: BLSFp12) = {
        let w = BLSFp12(.zero, .one)
        let w2 = w * w
        return (w2.inverse(), (w2 * w).inverse())
    }()

    private static func embed(_ a: BLSFp2) -> BLSFp12 { BLSFp12(BLSFp6(a, .zero, .zero), .zero) }

    /// Whether Π e(Pᵢ, Qᵢ) = 1; pairs with a point at infinity contribute one.
    static func pairingProductIsOne(_ pairs: [(G1, G2)]) -> Bool {
        var f = BLSFp12.one
        for (p, q) in pairs {
            guard let pa = p.affine, let qa = q.affine else { continue }
            let qx = embed(qa.x) * untwist.x, qy = embed(qa.y) * untwist.y
            f = f * millerLoop(p: pa, qx: qx, qy: qy)
        }
        if f.c0 == .zero && f.c1 == .zero { return false }  // unreachable for valid points
        let easy = f.conjugate() * f.inverse()  // f^(p⁶ − 1)
        return easy.power(finalExponent) == .one
    }

    /// (p⁶ + 1)/r, little-endian limbs (2030 bits).
    private static let finalExponent: [UInt64] = [
        0x8739e1cdc0705d6a, 0x09a5256de0381a16, 0x9cf0f70a61c791e2, 0x3a09c4497903f76e,
        0x2d7271563890f133, 0x224741b36fec7760, 0x338259c22a12bd40, 0x38ee1cd4778e0de7,
        0xc3b5ef4b188a20b0, 0x1d615d49e2764d7b, 0x816101ddd076117d, 0xf007c01e7ebe3afc,
        0x27d7bd90935021c3, 0xc3b5e2f557c0b15f, 0x5e886c94c4f82384, 0xee6a95db11e63f56,
        0x2b822f514a9c4f6f, 0x12d6a874d21b73da, 0x1304275ef499dffb, 0x967878febcb95d1f,
        0x4744497f8b2f2922, 0x85a2e707f0841855, 0x9f0c50126c802eec, 0xfb46e197bd2fa489,
        0x548ce0809bc5f61a, 0xcf56fb1573beaa8c, 0xad7375a3763bdf7c, 0xe0ec9031179bdecc,
        0x6579aea83c48c1da, 0xdbf85ae664cf5bb3, 0x7b6f235c55ca7566, 0x000028b314877503,
    ]

    /// a·yQ + b·xQ + c for a, b, c ∈ Fp: a line evaluated at the untwisted Q.
    @inline(__always)
    private static func line(_ a: BLSFp, _ b: BLSFp, _ c: BLSFp, qx: BLSFp12, qy: BLSFp12) -> BLSFp12 {
        var l = qy * a + qx * b
        l.c0.c0.c0 = l.c0.c0.c0 + c
        return l
    }

    /// f_{r,P}(Q) with T in Jacobian coordinates: no inversions. Each line is scaled by a factor
    /// in Fp (2YZ³ for a tangent, Z·H for a chord), which the final exponentiation removes.
    private static func millerLoop(p: (x: BLSFp, y: BLSFp), qx: BLSFp12, qy: BLSFp12) -> BLSFp12 {
        var f = BLSFp12.one
        let base = G1(affineX: p.x, affineY: p.y)
        var t = base
        let r = [order.0, order.1, order.2, order.3]
        let top = 255 - r[3].leadingZeroBitCount  // index of r's top bit (254)
        func double() {
            // (yQ − y) − λ(xQ − x), λ = 3X²/(2YZ), times 2YZ³:
            // 2YZ³·yQ − 3X²Z²·xQ + 3X³ − 2Y².
            let xx = t.x.squared(), zz = t.z.squared()
            let threeXX = xx.doubled() + xx
            let a = (t.y * t.z * zz).doubled()
            f = f * line(a, -(threeXX * zz), threeXX * t.x - t.y.squared().doubled(), qx: qx, qy: qy)
            t = t.doubled()
        }
        for i in stride(from: top - 1, through: 0, by: -1) {
            f = f.squared()
            if !t.isInfinity { double() }
            guard (r[i / 64] >> UInt64(i % 64)) & 1 == 1 else { continue }
            if t.isInfinity { t = base; continue }
            // Chord through T and P: H = xP·Z² − X, N = yP·Z³ − Y, λ = N/(Z·H); times Z·H:
            // ZH·yQ − N·xQ + N·xP − ZH·yP.
            let zz = t.z.squared()
            let h = p.x * zz - t.x
            let n = p.y * zz * t.z - t.y
            if h.isZero {
                if n.isZero { double() } else { t = .infinity }  // T = −P: vertical, dropped
                continue
            }
            let zh = t.z * h
            f = f * line(zh, -n, n * p.x - zh * p.y, qx: qx, qy: qy)
            t = t + base
        }
        return f
    }
}
