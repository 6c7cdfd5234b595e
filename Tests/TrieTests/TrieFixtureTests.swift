import Foundation
import Primitives
import Testing
import TestSupport
@testable import Trie

/// ethereum/tests TrieTests: every case of every file must reproduce its root.
@Suite struct TrieFixtureTests {
    static let files = ["trietest.json", "trieanyorder.json", "trietest_secureTrie.json",
                        "trieanyorder_secureTrie.json", "hex_encoded_securetrie_test.json"]

    /// "0x…" is hex, anything else is ASCII; null is nil (delete).
    static func bytes(_ any: Any?) throws -> [UInt8]? {
        guard let s = any as? String else { return nil }
        if s.hasPrefix("0x") { return try Hex.decode(s) }
        return Array(s.utf8)
    }

    @Test(arguments: files)
    func fixtureFile(_ name: String) throws {
        guard let data = try Fixtures.data("trie/\(name)") else { return }
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let secure = name.contains("secure")
        var cases = 0
        for (caseName, value) in json.sorted(by: { $0.key < $1.key }) {
            let c = try #require(value as? [String: Any])
            var pairs: [([UInt8], [UInt8]?)] = []
            if let list = c["in"] as? [[Any]] {
                for p in list { pairs.append((try #require(try Self.bytes(p[0])), try Self.bytes(p[1]))) }
            } else if let obj = c["in"] as? [String: Any] {
                for (k, v) in obj { pairs.append((try #require(try Self.bytes(k)), try Self.bytes(v))) }
            }
            var trie = MerkleTrie()
            for (k, v) in pairs {
                let key = secure ? TrieKey(Keccak256.hash(k)) : TrieKey(bytes: k)
                trie.update(key, v ?? [])
            }
            let expected = try Bytes32(hex: try #require(c["root"] as? String))
            #expect(trie.rootHash() == expected, "\(name) \(caseName)")
            cases += 1
        }
        #expect(cases > 0)
    }

    @Test func hexPrefixRoundTrip() {
        #expect(HexPrefix.encode([1, 2, 3, 4, 5], isLeaf: false) == [0x11, 0x23, 0x45])
        #expect(HexPrefix.encode([0, 1, 2, 3, 4, 5], isLeaf: false) == [0x00, 0x01, 0x23, 0x45])
        #expect(HexPrefix.encode([0, 0xf, 1, 0xc, 0xb, 8], isLeaf: true) == [0x20, 0x0f, 0x1c, 0xb8])
        #expect(HexPrefix.encode([0xf, 1, 0xc, 0xb, 8], isLeaf: true) == [0x3f, 0x1c, 0xb8])
        #expect(HexPrefix.encode([], isLeaf: true) == [0x20])
        for n in 0..<9 {
            let nib = (0..<n).map { UInt8(($0 * 7) & 0xf) }
            for leaf in [true, false] {
                let d = HexPrefix.decode(HexPrefix.encode(nib, isLeaf: leaf))
                #expect(d?.nibbles == nib && d?.isLeaf == leaf)
            }
        }
        #expect(HexPrefix.decode([0x05]) == nil)
    }

    @Test func emptyTrie() {
        #expect(MerkleTrie().rootHash() == MerkleTrie.emptyRoot)
        #expect(MerkleTrie.emptyRoot == (try! Bytes32(hex: "56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421")))
    }

    @Test func keyPrefixAndDifference() {
        let a = TrieKey(bytes: [0x12, 0x34, 0x56])
        let b = TrieKey(bytes: [0x12, 0x35])
        #expect(a.firstDifference(b) == 3)
        #expect(a.prefix(3).nibbles() == [1, 2, 3])
        #expect(a.prefix(3, appending: 9).nibbles() == [1, 2, 3, 9])
        #expect(a.prefix(2) == TrieKey(bytes: [0x12]))
    }
}
