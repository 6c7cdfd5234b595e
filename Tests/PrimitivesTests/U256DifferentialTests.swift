import Testing
@testable import Primitives

/// Every U256 operation against the independent `Ref` oracle, on thousands of seeded operands.
@Suite struct U256DifferentialTests {
    static func check(_ op: String, _ inputs: [U256], _ got: U256, _ want: Ref,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        if Ref(got) != want {
            Issue.record("\(op)(\(inputs.map(\.hex).joined(separator: ", "))) = \(got.hex), expected \(want.hex)",
                         sourceLocation: sourceLocation)
        }
    }
    static func check(_ op: String, _ inputs: [U256], _ got: Bool, _ want: Bool,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        if got != want {
            Issue.record("\(op)(\(inputs.map(\.hex).joined(separator: ", "))) = \(got), expected \(want)",
                         sourceLocation: sourceLocation)
        }
    }

    @Test func addSubMulAndOverflow() {
        var g = OperandGenerator(seed: 1)
        for _ in 0..<4000 {
            let a = g.next(), b = g.next()
            let ra = Ref(a), rb = Ref(b)
            Self.check("add", [a, b], a &+ b, Ref.add(ra, rb))
            Self.check("sub", [a, b], a &- b, Ref.sub(ra, rb))
            Self.check("mul", [a, b], a &* b, Ref.mul(ra, rb))
            let (s, so) = a.addingReportingOverflow(b)
            Self.check("addOverflow", [a, b], so, ra + rb >= Ref.mod256)
            Self.check("addPartial", [a, b], s, Ref.add(ra, rb))
            let (d, dob) = a.subtractingReportingOverflow(b)
            Self.check("subOverflow", [a, b], dob, ra < rb)
            Self.check("subPartial", [a, b], d, Ref.sub(ra, rb))
            let (hi, lo) = a.multipliedFullWidth(by: b)
            let p = ra * rb
            Self.check("mulFullLow", [a, b], lo, p.truncated)
            Self.check("mulFullHigh", [a, b], hi, p.divMod(Ref.mod256).q)
            let (mp, mo) = a.multipliedReportingOverflow(by: b)
            Self.check("mulOverflow", [a, b], mo, p >= Ref.mod256)
            Self.check("mulPartial", [a, b], mp, p.truncated)
            var c = a; c &+= b; Self.check("&+=", [a, b], c, Ref.add(ra, rb))
            c = a; c &-= b; Self.check("&-=", [a, b], c, Ref.sub(ra, rb))
            c = a; c &*= b; Self.check("&*=", [a, b], c, Ref.mul(ra, rb))
        }
    }

    @Test func divisionFamily() {
        var g = OperandGenerator(seed: 2)
        for _ in 0..<4000 {
            let a = g.next(), b = g.next()
            let ra = Ref(a), rb = Ref(b)
            Self.check("div", [a, b], a.evmDiv(b), Ref.div(ra, rb))
            Self.check("mod", [a, b], a.evmMod(b), Ref.mod(ra, rb))
            Self.check("sdiv", [a, b], a.evmSDiv(b), Ref.sdiv(ra, rb))
            Self.check("smod", [a, b], a.evmSMod(b), Ref.smod(ra, rb))
            if !b.isZero {
                let (q, r) = a.quotientAndRemainder(dividingBy: b)
                let (rq, rr) = ra.divMod(rb)
                Self.check("quotient", [a, b], q, rq)
                Self.check("remainder", [a, b], r, rr)
            }
        }
    }

    @Test func addModMulMod() {
        var g = OperandGenerator(seed: 3)
        for _ in 0..<3000 {
            let a = g.next(), b = g.next(), m = g.next()
            let ra = Ref(a), rb = Ref(b), rm = Ref(m)
            Self.check("addmod", [a, b, m], a.addMod(b, m), Ref.addmod(ra, rb, rm))
            Self.check("mulmod", [a, b, m], a.mulMod(b, m), Ref.mulmod(ra, rb, rm))
        }
    }

    @Test func exponentiation() {
        var g = OperandGenerator(seed: 4)
        for i in 0..<1500 {
            let a = g.next()
            // Half the exponents small (the common case), half from the full mix.
            let e = i % 2 == 0 ? U256(g.rng.next() % 300) : g.next()
            Self.check("exp", [a, e], a.power(e), Ref.exp(Ref(a), Ref(e)))
        }
    }

    @Test func comparisonsAndBitwise() {
        var g = OperandGenerator(seed: 5)
        for _ in 0..<4000 {
            let a = g.next(), b = g.next()
            let ra = Ref(a), rb = Ref(b)
            Self.check("lt", [a, b], a < b, ra < rb)
            Self.check("gt", [a, b], a > b, rb < ra)
            Self.check("eq", [a, b], a == b, ra == rb)
            Self.check("slt", [a, b], a.signedLessThan(b), Ref.slt(ra, rb))
            Self.check("sgt", [a, b], a.signedGreaterThan(b), Ref.slt(rb, ra))
            Self.check("and", [a, b], a & b, Ref.fromBits(256) { ra.bit($0) && rb.bit($0) })
            Self.check("or", [a, b], a | b, Ref.fromBits(256) { ra.bit($0) || rb.bit($0) })
            Self.check("xor", [a, b], a ^ b, Ref.fromBits(256) { ra.bit($0) != rb.bit($0) })
        }
    }

    @Test func shifts() {
        var g = OperandGenerator(seed: 6)
        for i in 0..<3000 {
            let a = g.next()
            let n = i < 301 ? i : g.rng.below(301)
            let ra = Ref(a)
            let s = U256(UInt64(n))
            Self.check("shl", [a, s], a.shiftedLeft(by: s), Ref.shl(ra, n))
            Self.check("shr", [a, s], a.shiftedRight(by: s), Ref.shr(ra, n))
            Self.check("sar", [a, s], a.arithmeticShiftedRight(by: s), Ref.sar(ra, n))
            Self.check("<<", [a, s], a << n, Ref.shl(ra, n))
            Self.check(">>", [a, s], a >> n, Ref.shr(ra, n))
            // Shift amounts that only differ from small ones in the high limbs.
            let big = U256(w0: UInt64(n), w1: 0, w2: 0, w3: 1)
            Self.check("shl-big", [a, big], a.shiftedLeft(by: big), .zero)
            Self.check("shr-big", [a, big], a.shiftedRight(by: big), .zero)
            Self.check("sar-big", [a, big], a.arithmeticShiftedRight(by: big), Ref.sar(ra, 300))
        }
    }

    @Test func signExtendAndByte() {
        var g = OperandGenerator(seed: 7)
        for i in 0..<3000 {
            let x = g.next()
            let k = i < 41 ? i : g.rng.below(41)
            let rx = Ref(x)
            let kw = U256(UInt64(k))
            Self.check("signextend", [kw, x], x.signExtend(fromByte: kw), Ref.signextend(k, rx))
            Self.check("byte", [kw, x], x.evmByte(kw), Ref.byte(k, rx))
            let big = U256(w0: UInt64(k), w1: 1, w2: 0, w3: 0)
            Self.check("signextend-big", [big, x], x.signExtend(fromByte: big), rx)
            Self.check("byte-big", [big, x], x.evmByte(big), .zero)
        }
    }

    @Test func unaryAndConversions() throws {
        var g = OperandGenerator(seed: 8)
        for _ in 0..<3000 {
            let a = g.next()
            let ra = Ref(a)
            Self.check("not", [a], ~a, Ref.fromBits(256) { !ra.bit($0) })
            Self.check("neg", [a], a.negated, Ref.sub(.zero, ra))
            Self.check("isNegative", [a], a.isNegative, ra.bit(255))
            #expect(a.bitWidth == ra.bitLength)
            #expect(a.leadingZeroBitCount == 256 - ra.bitLength)
            #expect(a.byteWidth == (ra.bitLength + 7) / 8)
            #expect(a.description == ra.description)
            #expect(a.hex == ra.hex)
            #expect(try U256(hex: a.hex) == a)
            #expect(try U256(decimal: a.description) == a)
            #expect(a.bigEndianBytes == ra.bytes32)
            #expect(a.minimalBigEndianBytes == Array(ra.bytes32.drop(while: { $0 == 0 })))
            #expect(U256(bigEndian: a.bigEndianBytes) == a)
            #expect(U256(bigEndian: a.minimalBigEndianBytes) == a)
            let raw = [UInt8](repeating: 0xee, count: 3) + ra.bytes32
            raw.withUnsafeBytes { p in #expect(U256(loadingFrom: p.baseAddress! + 3) == a) }
            var out = [UInt8](repeating: 0, count: 35)
            out.withUnsafeMutableBytes { a.store(to: $0.baseAddress! + 1) }
            #expect(Array(out[1..<33]) == ra.bytes32)
            #expect(Bytes32(a) == Bytes32(bytes: ra.bytes32))
            #expect(a.uint64 == (ra.bitLength <= 64 ? a.w0 : nil))
        }
    }
}
