import Testing
@testable import Primitives

/// Hand-checked EVM edge cases (values from the yellow paper's definitions, large constants
/// computed independently with Python's big integers).
@Suite struct U256EdgeCaseTests {
    static let minSigned = U256(w0: 0, w1: 0, w2: 0, w3: 1 << 63)  // -2^255
    static let minusOne = U256.max
    static func neg(_ v: UInt64) -> U256 { U256(v).negated }
    static func h(_ s: String) -> U256 { try! U256(hex: s) }

    @Test func divisionByZeroIsZero() {
        for x in [U256.zero, .one, .max, Self.minSigned, U256(12345)] {
            #expect(x.evmDiv(.zero) == .zero)
            #expect(x.evmMod(.zero) == .zero)
            #expect(x.evmSDiv(.zero) == .zero)
            #expect(x.evmSMod(.zero) == .zero)
            #expect(x.addMod(.max, .zero) == .zero)
            #expect(x.mulMod(.max, .zero) == .zero)
        }
    }

    @Test func signedDivisionAndModulo() {
        #expect(Self.minSigned.evmSDiv(Self.minusOne) == Self.minSigned)
        #expect(Self.minSigned.evmSDiv(.one) == Self.minSigned)
        #expect(Self.minSigned.evmSMod(Self.minusOne) == .zero)
        #expect(Self.neg(7).evmSDiv(2) == Self.neg(3))  // truncates toward zero
        #expect(U256(7).evmSDiv(Self.neg(2)) == Self.neg(3))
        #expect(Self.neg(7).evmSDiv(Self.neg(2)) == 3)
        #expect(Self.neg(7).evmSMod(3) == Self.neg(1))  // sign of the dividend
        #expect(U256(7).evmSMod(Self.neg(3)) == 1)
        #expect(Self.neg(7).evmSMod(Self.neg(3)) == Self.neg(1))
        #expect(Self.neg(6).evmSMod(3) == .zero)
        #expect(U256(10).evmDiv(3) == 3 && U256(10).evmMod(3) == 1)
    }

    @Test func signedComparison() {
        #expect(Self.minusOne.signedLessThan(.zero))
        #expect(!U256.zero.signedLessThan(Self.minusOne))
        #expect(Self.minSigned.signedLessThan(Self.minusOne))
        #expect(U256.zero.signedGreaterThan(Self.minSigned))
        #expect(!U256.one.signedLessThan(.one))
        #expect(Self.minusOne.isNegative && !U256.one.isNegative)
        #expect(Self.minSigned.negated == Self.minSigned)
    }

    @Test func addModMulModWide() {
        #expect(U256.max.addMod(.max, .max) == .zero)
        #expect(U256.max.addMod(.one, 2) == 0)  // 2^256 is even: the 257th bit counts
        #expect(U256.max.addMod(2, 10) == 7)  // 2^256 + 1 ≡ 6 + 1 (mod 10)
        #expect(U256.max.mulMod(.max, .max) == .zero)
        #expect(U256.max.mulMod(.max, 12) == 9)
        let m = U256.one << 255 &+ 17
        #expect(U256.max.mulMod(U256.max &- 1, m) == 0x4ec)
        #expect(U256.max.addMod(U256.max &- 1, m) == Self.h("0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffca"))
    }

    @Test func exponentWrapsAround() {
        #expect(U256(2).power(256) == .zero)
        #expect(U256(2).power(255) == Self.minSigned)
        #expect(U256.zero.power(.zero) == .one)
        #expect(U256.zero.power(5) == .zero)
        #expect(U256(10).power(18) == U256(1_000_000_000_000_000_000))
        #expect(U256(3).power(.max) == Self.h("0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"))
        #expect(U256(3).power(U256.one << 200 &+ 12345)
                == Self.h("0x6ddbf3c1fad2c647e96bf6f50b6717456ce772886c3e6686e020a456dc1a3623"))
        #expect(Self.minusOne.power(.max) == Self.minusOne)
        #expect(Self.minusOne.power(2) == .one)
    }

    @Test func shiftsOfWholeWordOrMore() {
        for s in [U256(256), U256(257), U256(w0: 0, w1: 1, w2: 0, w3: 0), .max] {
            #expect(U256.max.shiftedLeft(by: s) == .zero)
            #expect(U256.max.shiftedRight(by: s) == .zero)
            #expect(Self.minusOne.arithmeticShiftedRight(by: s) == .max)
            #expect(Self.minSigned.arithmeticShiftedRight(by: s) == .max)
            #expect(U256(w0: 0, w1: 0, w2: 0, w3: .max >> 1).arithmeticShiftedRight(by: s) == .zero)
        }
        #expect(U256.one.shiftedLeft(by: 255) == Self.minSigned)
        #expect(Self.minSigned.shiftedRight(by: 255) == .one)
        #expect(Self.minSigned.arithmeticShiftedRight(by: 254) == Self.neg(2))
        #expect(U256.one << 256 == .zero && U256.one << -1 == .zero && U256(2) >> -1 == 4)
    }

    @Test func signExtendAndByteOutOfRange() {
        let x = Self.h("0x8081828384858687888990919293949596979899a0a1a2a3a4a5a6a7a8a9b0b1")
        for b in [U256(31), U256(32), U256(40), U256(w0: 0, w1: 1, w2: 0, w3: 0), .max] {
            #expect(x.signExtend(fromByte: b) == x)
            #expect(x.evmByte(b.uint64 == 31 ? U256(32) : b) == .zero)
        }
        #expect(U256(0xff).signExtend(fromByte: 0) == .max)
        #expect(U256(0x7f).signExtend(fromByte: 0) == 0x7f)
        #expect(U256(0x12ff).signExtend(fromByte: 0) == .max)
        #expect(U256(0x8000).signExtend(fromByte: 1) == Self.neg(0x8000))
        #expect(U256(0xff7fff).signExtend(fromByte: 1) == 0x7fff)
        #expect(x.signExtend(fromByte: 30) == x | U256(0xff) << 248)  // byte 30 is 0x81: sign bit set
        #expect(x.evmByte(0) == 0x80)
        #expect(x.evmByte(31) == 0xb1)
        #expect(x.evmByte(8) == 0x88)
    }

    /// Operands that force Algorithm D's rare "add back" step (estimate still one too large
    /// after the two-limb test), found by searching a Python model of the algorithm.
    @Test func knuthAddBackVectors() {
        let cases: [(String, String)] = [
            ("0xfffffffffffffffefffffffffffffffe8000000000000000f3d4e7115804f922", "0x7fffffffffffffff7fffffffffffffff7fffffffffffffff0000000000000000"),
            ("0x10000000000000000fffffffffffffffe7fffffffffffffff", "0x10000000000000000ffffffffffffffff"),
            ("0xffffffffffffffff00000000000000008000000000000000a1b0b3a8621bed79", "0x100000000000000000000000000000000ffffffffffffffff"),
            ("0xfffffffffffffffeffffffffffffffff7fffffffffffffff8000000000000000", "0xffffffffffffffffffffffffffffffff8000000000000000"),
            ("0xfffffffffffffffe00000000000000006ebbe57bbde9963f0000000000000001", "0xfffffffffffffffeffffffffffffffff8000000000000000"),
        ]
        for (us, vs) in cases {
            let u = Self.h(us), v = Self.h(vs)
            let (q, r) = u.quotientAndRemainder(dividingBy: v)
            let (rq, rr) = Ref(u).divMod(Ref(v))
            #expect(Ref(q) == rq && Ref(r) == rr, "\(us) / \(vs)")
            // The same divisors under a 512-bit MULMOD dividend.
            #expect(Ref(u.mulMod(u, v)) == Ref.mulmod(Ref(u), Ref(u), Ref(v)))
            #expect(Ref(U256.max.mulMod(u, v)) == Ref.mulmod(Ref(.max), Ref(u), Ref(v)))
        }
    }

    @Test func hexParsing() {
        #expect(Self.h("0x0") == .zero && Self.h("0") == .zero && Self.h("0x000") == .zero)
        #expect(Self.h("0X1F") == 31 && Self.h("1f") == 31 && Self.h("abc") == 0xabc)
        #expect(Self.h("0x" + String(repeating: "0", count: 10) + String(repeating: "f", count: 64)) == .max)
        #expect(throws: ParseError.empty) { try U256(hex: "") }
        #expect(throws: ParseError.empty) { try U256(hex: "0x") }
        #expect(throws: ParseError.invalidCharacter("g", offset: 1)) { try U256(hex: "0x1g") }
        #expect(throws: ParseError.invalidCharacter("-", offset: 0)) { try U256(hex: "-1") }
        #expect(throws: ParseError.invalidCharacter(" ", offset: 2)) { try U256(hex: "12 ") }
        #expect(throws: ParseError.overflow) { try U256(hex: "0x1" + String(repeating: "0", count: 64)) }
        #expect(U256.zero.hex == "0x0" && U256(31).hex == "0x1f" && U256.max.hex == "0x" + String(repeating: "f", count: 64))
    }

    @Test func decimalParsing() throws {
        let maxText = "115792089237316195423570985008687907853269984665640564039457584007913129639935"
        #expect(try U256(decimal: maxText) == .max)
        #expect(U256.max.description == maxText)
        #expect(try U256(decimal: "000123") == 123)
        #expect(U256.zero.description == "0")
        #expect(U256(10_000_000_000_000_000_000 as UInt64).description == "10000000000000000000")
        #expect(throws: ParseError.overflow) {
            try U256(decimal: "115792089237316195423570985008687907853269984665640564039457584007913129639936")
        }
        #expect(throws: ParseError.overflow) { try U256(decimal: maxText + "0") }
        #expect(throws: ParseError.empty) { try U256(decimal: "") }
        #expect(throws: ParseError.invalidCharacter("a", offset: 2)) { try U256(decimal: "12a") }
        #expect(throws: ParseError.invalidCharacter("-", offset: 0)) { try U256(decimal: "-1") }
    }

    @Test func byteForms() {
        #expect(U256(bigEndian: [UInt8](repeating: 1, count: 33)) == nil)
        #expect(U256(bigEndian: [UInt8]()) == .zero)
        #expect(U256(bigEndian: [0x01, 0x02]) == 0x0102)
        #expect(U256(bigEndian: [0x01, 0x02][...]) == 0x0102)
        #expect(U256.zero.minimalBigEndianBytes == [])
        #expect(U256(0x0102).minimalBigEndianBytes == [1, 2])
        #expect(U256(0x0102).bigEndianBytes == [UInt8](repeating: 0, count: 30) + [1, 2])
        #expect(U256.zero.byteWidth == 0 && U256(255).byteWidth == 1 && U256(256).byteWidth == 2 && U256.max.byteWidth == 32)
        #expect(U256.zero.bitWidth == 0 && U256.one.bitWidth == 1 && U256.max.bitWidth == 256)
        #expect(U256.zero.leadingZeroBitCount == 256)
        let literal: U256 = 5
        #expect(literal == U256(5) && U256(5) > 4 && U256(w0: 0, w1: 1, w2: 0, w3: 0) > U256(UInt64.max))
    }
}

/// The Newton-iteration reciprocal used by division must equal its definition exactly.
@Suite struct U256ReciprocalTests {
    @Test func newtonReciprocalMatchesDivision() {
        var rng = SplitMix64(state: 9)
        var ds: [UInt64] = [1 << 63, .max, (1 << 63) + 1, .max - 1, 0xc000_0000_0000_0000]
        for k in 0..<64 { ds.append(1 << 63 | (1 << UInt64(k))); ds.append(.max &<< UInt64(k) | 1 << 63) }
        for d9 in UInt64(256)...511 { ds.append(d9 << 55); ds.append(d9 << 55 | (1 << 55 - 1)) }
        for _ in 0..<30_000 { ds.append(rng.next() | 1 << 63) }
        var failures = 0
        for d in ds where Reciprocal.reciprocal(d) != Reciprocal.reciprocalByDivision(d) {
            failures += 1
            if failures < 5 { Issue.record("reciprocal(\(String(d, radix: 16)))") }
        }
        #expect(failures == 0)
    }
}
