import Foundation
import Testing
import TestSupport
@testable import Primitives

/// RLP against ethereum/tests RLPTests, plus one hand-written case per error.
@Suite struct RLPTests {
    /// `"#<decimal>"` as minimal big-endian bytes.
    static func bigDecimal(_ digits: Substring) -> [UInt8] {
        var out: [UInt8] = []  // big-endian
        for c in digits.utf8 {
            var carry = Int(c - UInt8(ascii: "0"))
            for i in stride(from: out.count - 1, through: 0, by: -1) {
                let v = Int(out[i]) * 10 + carry
                out[i] = UInt8(v & 0xff)
                carry = v >> 8
            }
            while carry > 0 { out.insert(UInt8(carry & 0xff), at: 0); carry >>= 8 }
        }
        return out
    }

    /// The `in` of an rlptest.json case as an item.
    static func item(_ json: Any) throws -> RLPItem {
        if let s = json as? String {
            if s.hasPrefix("#") { return .bytes(bigDecimal(s.dropFirst())) }
            return .bytes(try s.unicodeScalars.map { u in
                try #require(u.value < 256, "non-byte scalar in \(s)")
                return UInt8(u.value)
            })
        }
        if let l = json as? [Any] { return .list(try l.map(item)) }
        if let n = json as? NSNumber {
            var v = n.uint64Value
            var bytes: [UInt8] = []
            while v > 0 { bytes.insert(UInt8(v & 0xff), at: 0); v >>= 8 }
            return .bytes(bytes)
        }
        Issue.record("unexpected input \(json)")
        return .bytes([])
    }

    static func cases(_ relative: String) throws -> [String: [String: Any]]? {
        guard let data = try Fixtures.data(relative) else { return nil }
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]])
    }

    @Test func validVectors() throws {
        guard let cases = try Self.cases("rlp/rlptest.json") else { return }
        #expect(cases.count == 28)
        for (name, c) in cases {
            let expected = try Hex.decode(try #require(c["out"] as? String))
            let item = try Self.item(try #require(c["in"]))
            #expect(RLP.encode(item) == expected, "\(name)")
            var w = RLPWriter()
            RLPTests.write(item, into: &w)
            #expect(w.bytes == expected, "\(name) via RLPWriter")
            let decoded = try RLP.decode(expected)
            #expect(decoded == item, "\(name)")
            #expect(RLP.encode(decoded) == expected, "\(name)")
        }
    }

    @Test func invalidVectors() throws {
        guard let cases = try Self.cases("rlp/invalidRLPTest.json") else { return }
        #expect(cases.count == 26)
        for (name, c) in cases {
            let bytes = try Hex.decode(try #require(c["out"] as? String))
            #expect(throws: RLPError.self, "\(name)") { try RLP.decode(bytes) }
        }
    }

    @Test func randomExample() throws {
        guard let cases = try Self.cases("rlp/RandomRLPTests_example.json") else { return }
        #expect(!cases.isEmpty)
        for (name, c) in cases {
            let bytes = try Hex.decode(try #require(c["out"] as? String))
            let item = try RLP.decode(bytes)
            #expect(RLP.encode(item) == bytes, "\(name)")
        }
    }

    @Test func eachErrorCase() {
        #expect(throws: RLPError.emptyInput) { try RLP.decode([]) }
        #expect(throws: RLPError.nonCanonicalSingleByte(offset: 0)) { try RLP.decode([0x81, 0x7f]) }
        #expect(throws: RLPError.nonCanonicalSingleByte(offset: 1)) { try RLP.decode([0xc2, 0x81, 0x00]) }
        #expect(throws: RLPError.nonCanonicalLongForm(offset: 0)) { try RLP.decode([0xb8, 0x01, 0xff]) }
        #expect(throws: RLPError.nonCanonicalLongForm(offset: 0)) { try RLP.decode([0xf8, 0x01, 0x80]) }
        #expect(throws: RLPError.leadingZeroInLength(offset: 0)) { try RLP.decode([0xb9, 0x00, 0x40] + Array(repeating: 1, count: 64)) }
        #expect(throws: RLPError.lengthOverflow(offset: 0)) { try RLP.decode([0xbf, 0xff, 0, 0, 0, 0, 0, 0, 1, 0x11]) }
        #expect(throws: RLPError.truncated(offset: 0, needed: 2, available: 1)) { try RLP.decode([0x81]) }
        #expect(throws: RLPError.truncated(offset: 0, needed: 3, available: 2)) { try RLP.decode([0xb9, 0x01]) }
        // An item that runs past the end of its list, though not past the input.
        #expect(throws: RLPError.truncated(offset: 1, needed: 3, available: 1)) { try RLP.decode([0xc1, 0x82, 0x61, 0x62]) }
        #expect(throws: RLPError.trailingBytes(offset: 1)) { try RLP.decode([0x80, 0x80]) }
        // Hostile nesting: a byte run that claims ever-deeper lists is rejected by bounds checks
        // before recursing, and properly nested lists stop at `RLP.maxDepth`.
        #expect(throws: RLPError.self) { try RLP.decode([UInt8](repeating: 0xc1, count: 100_000) + [0xc0]) }
        #expect(throws: Never.self) { _ = try RLP.decode(Self.nested(RLP.maxDepth)) }
        do {
            _ = try RLP.decode(Self.nested(RLP.maxDepth + 1))
            Issue.record("nesting beyond maxDepth accepted")
        } catch {
            guard case .tooDeep = error else { Issue.record("wrong error \(error)"); return }
        }
        do {
            _ = try RLP.decode(Self.nested(20_000))
            Issue.record("deep nesting accepted")
        } catch {
            guard case .tooDeep = error else { Issue.record("wrong error \(error)"); return }
        }
    }

    /// `depth` lists, each holding the next, around an empty innermost list: [[[…[]…]]].
    static func nested(_ depth: Int) -> [UInt8] {
        var headers: [[UInt8]] = []  // innermost first
        var length = 1
        for _ in 1..<depth {
            var w = RLPWriter(capacity: 0)
            w.appendHeader(length, base: 0xc0)
            headers.append(w.bytes)
            length += w.bytes.count
        }
        return headers.reversed().flatMap { $0 } + [0xc0]
    }

    @Test func writerScalars() {
        var w = RLPWriter()
        w.append(UInt64(0)); w.append(UInt64(0x7f)); w.append(UInt64(0x80)); w.append(UInt64.max)
        #expect(w.bytes == [0x80, 0x7f, 0x81, 0x80, 0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
        #expect(RLP.encode(U256.zero) == [0x80])
        #expect(RLP.encode(U256(w0: 1, w1: 1, w2: 0, w3: 0)) == [0x89, 0x01, 0, 0, 0, 0, 0, 0, 0, 0x01])
        #expect(RLP.encode(U256.max) == [0xa0] + Array(repeating: 0xff, count: 32))
        #expect(RLP.encode(U256(w0: 0, w1: 0, w2: 0, w3: 0x0100)) == [0x9a, 0x01, 0x00] + Array(repeating: 0, count: 24))
        let h = Bytes32(w0: 0x0102030405060708, w1: 0, w2: 0, w3: 9)
        var wh = RLPWriter(); wh.append(h)
        #expect(wh.bytes == RLP.encode(.bytes(h.bytes)))
        let a = Address(hi: 0xdeadbeef, mid: 1, lo: 0x7f)
        var wa = RLPWriter(); wa.append(a)
        #expect(wa.bytes == RLP.encode(.bytes(a.bytes)))
        #expect(RLP.encode(bytes: [0x00]) == [0x00])
        #expect(RLP.encode(bytes: [0x80]) == [0x81, 0x80])
    }

    /// Writes `item` with the writer's list tokens and `appendBytes`.
    static func write(_ item: RLPItem, into w: inout RLPWriter) {
        switch item {
        case .bytes(let b): w.appendBytes(b)
        case .list(let l): w.withList { w in for x in l { write(x, into: &w) } }
        }
    }

    static func randomItem(depth: Int, using rng: inout some RandomNumberGenerator) -> RLPItem {
        if depth > 3 || Int.random(in: 0..<3, using: &rng) == 0 {
            let n = [0, 1, 1, 2, 55, 56, 57, 200, 1100].randomElement(using: &rng)!
            return .bytes((0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) })
        }
        let n = Int.random(in: 0..<6, using: &rng)
        return .list((0..<n).map { _ in randomItem(depth: depth + 1, using: &rng) })
    }

    @Test func writerMatchesEncodeOnRandomItems() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let item = Self.randomItem(depth: 0, using: &rng)
            let encoded = RLP.encode(item)
            var w = RLPWriter(capacity: 0)
            Self.write(item, into: &w)
            #expect(w.bytes == encoded)
            #expect(try RLP.decode(encoded) == item)
            var raw = RLPWriter()
            raw.withList { $0.appendRaw(encoded) }
            #expect(raw.bytes == RLP.encode(.list([item])))
        }
    }
}
