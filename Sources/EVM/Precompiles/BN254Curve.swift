/// The arithmetic a short-Weierstrass curve point needs from its coordinate field; bn254 Fp (G1)
/// and Fp2 (its G2 twist) and the BLS12-381 fields all provide it, so one Jacobian
/// implementation serves every group here.
protocol CurveField: Equatable, Sendable {
    static var zero: Self { get }
    static var one: Self { get }
    var isZero: Bool { get }
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    func squared() -> Self
    func doubled() -> Self
    func inverse() -> Self
}

extension Fp: CurveField {}
extension Fp2: CurveField {}

/// A point on y² = x³ + b (a = 0) in Jacobian coordinates (x = X/Z², y = Y/Z³); Z = 0 is the
/// point at infinity. Jacobian so that scalar multiplication needs one inversion, at the end.
struct JacobianPoint<F: CurveField>: Equatable, Sendable {
    var x: F, y: F, z: F

    static var infinity: JacobianPoint { JacobianPoint(x: .one, y: .one, z: .zero) }

    init(x: F, y: F, z: F) { self.x = x; self.y = y; self.z = z }

    /// An affine point (not infinity).
    init(affineX: F, affineY: F) { self.init(x: affineX, y: affineY, z: .one) }

    var isInfinity: Bool { z.isZero }

    /// Affine coordinates, or `nil` for infinity.
    var affine: (x: F, y: F)? {
        if isInfinity { return nil }
        let zInv = z.inverse()
        let zInv2 = zInv.squared()
        return (x * zInv2, y * zInv2 * zInv)
    }

    /// dbl-2009-l.
    func doubled() -> JacobianPoint {
        if isInfinity { return self }
        let a = x.squared(), b = y.squared(), c = b.squared()
        let d = ((x + b).squared() - a - c).doubled()
        let e = a.doubled() + a
        let f = e.squared()
        let x3 = f - d.doubled()
        let c8 = c.doubled().doubled().doubled()
        let y3 = e * (d - x3) - c8
        let z3 = (y * z).doubled()
        return JacobianPoint(x: x3, y: y3, z: z3)
    }

    /// add-2007-bl, with the equal and opposite cases handled explicitly.
    static func + (p: JacobianPoint, q: JacobianPoint) -> JacobianPoint {
        if p.isInfinity { return q }
        if q.isInfinity { return p }
        let z1z1 = p.z.squared(), z2z2 = q.z.squared()
        let u1 = p.x * z2z2, u2 = q.x * z1z1
        let s1 = p.y * q.z * z2z2, s2 = q.y * p.z * z1z1
        let h = u2 - u1
        let rr = (s2 - s1).doubled()
        if h.isZero {
            return rr.isZero ? p.doubled() : .infinity
        }
        let i = h.doubled().squared()
        let j = h * i
        let v = u1 * i
        let x3 = rr.squared() - j - v.doubled()
        let y3 = rr * (v - x3) - (s1 * j).doubled()
        let z3 = ((p.z + q.z).squared() - z1z1 - z2z2) * h
        return JacobianPoint(x: x3, y: y3, z: z3)
    }

    /// self × k for a 256-bit scalar given as little-endian limbs (not reduced: EIP-196
    /// multiplies by the full 256-bit value, which is the same point as k mod r for G1).
    func multiplied(by k: (UInt64, UInt64, UInt64, UInt64)) -> JacobianPoint {
        var result = JacobianPoint.infinity
        for limb in [k.3, k.2, k.1, k.0] {
            for bit in stride(from: 63, through: 0, by: -1) {
                result = result.doubled()
                if (limb >> UInt64(bit)) & 1 == 1 { result = result + self }
            }
        }
        return result
    }
}

/// The bn254 groups as EIP-196/197 decode them.
enum BN254Curve {
    /// b = 3 of G1: y² = x³ + 3.
    static let b1 = Fp(3)
    /// b' = 3/ξ of the twist carrying G2.
    static let b2 = Fp2(Fp(normal: 0x3267e6dc24a138e5, 0xb5b4c5e559dbefa3, 0x81be18991be06ac3, 0x2b149d40ceb8aaae),
                        Fp(normal: 0xe4a2bd0685c315d2, 0xa74fa084e52d1852, 0xcd2cafadeed8fdf4, 0x009713b03af0fed4))
    /// The group order r, little-endian limbs.
    static let order: (UInt64, UInt64, UInt64, UInt64) =
        (0x43e1f593f0000001, 0x2833e84879b97091, 0xb85045b68181585d, 0x30644e72e131a029)

    enum Decoded<F: CurveField> {
        case infinity
        case point(x: F, y: F)
    }

    /// A G1 point from 64 bytes at `offset`: (0, 0) is infinity; otherwise coordinates must be
    /// below p and on the curve. `nil` means invalid input.
    static func g1(_ bytes: [UInt8], at offset: Int) -> Decoded<Fp>? {
        guard let x = Fp(bigEndian: bytes, at: offset), let y = Fp(bigEndian: bytes, at: offset + 32) else { return nil }
        if x.isZero && y.isZero { return .infinity }
        guard y.squared() == x.squared() * x + b1 else { return nil }
        return .point(x: x, y: y)
    }

    /// A G2 point from 128 bytes at `offset` (x.imag, x.real, y.imag, y.real): all zero is
    /// infinity; otherwise below p, on the twist, and in the order-r subgroup (the twist has a
    /// large cofactor, so the last check is needed).
    static func g2(_ bytes: [UInt8], at offset: Int) -> Decoded<Fp2>? {
        guard let xi = Fp(bigEndian: bytes, at: offset), let xr = Fp(bigEndian: bytes, at: offset + 32),
              let yi = Fp(bigEndian: bytes, at: offset + 64), let yr = Fp(bigEndian: bytes, at: offset + 96)
        else { return nil }
        let x = Fp2(xr, xi), y = Fp2(yr, yi)
        if x.isZero && y.isZero { return .infinity }
        guard y.squared() == x.squared() * x + b2 else { return nil }
        guard JacobianPoint(affineX: x, affineY: y).multiplied(by: order).isInfinity else { return nil }
        return .point(x: x, y: y)
    }

    /// 64 output bytes for a G1 point ((0, 0) for infinity).
    static func encode(_ p: JacobianPoint<Fp>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(64)
        if let (x, y) = p.affine {
            x.appendBigEndian(to: &out)
            y.appendBigEndian(to: &out)
        } else {
            out.append(contentsOf: repeatElement(0, count: 64))
        }
        return out
    }
}
