import Foundation
import Testing
import TestSupport
@testable import Primitives

/// Keccak-256 against the Keccak team's KATs (byte-aligned lengths), the common Ethereum
/// values, and streaming-versus-one-shot agreement.
@Suite struct KeccakTests {
    struct Vector { let message: [UInt8]; let digest: String }

    /// Parses `Len = bits` / `Msg = HEX` / `MD = HEX` records; the message is the first Len/8 bytes.
    static func kat(_ relative: String) throws -> [Vector]? {
        guard let data = try Fixtures.data(relative) else { return nil }
        var out: [Vector] = []
        var len: Int?
        var msg: [UInt8]?
        for raw in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let parts = raw.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "Len": len = Int(parts[1])
            case "Msg": msg = try Hex.decode(parts[1])
            case "MD":
                let bits = try #require(len), bytes = try #require(msg)
                #expect(bits % 8 == 0)
                out.append(Vector(message: Array(bytes.prefix(bits / 8)), digest: "0x" + parts[1].lowercased()))
                len = nil; msg = nil
            default: break
            }
        }
        return out
    }

    @Test func emptyInput() {
        #expect(Keccak256.hash([UInt8]()).hex == "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
        var h = Keccak256.Hasher()
        h.update([UInt8]())
        #expect(h.finalize().hex == "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
    }

    @Test func shortMsgKAT() throws {
        guard let vectors = try Self.kat("keccak/ShortMsgKAT_256.txt") else { return }
        #expect(vectors.count == 256)
        for v in vectors {
            #expect(Keccak256.hash(v.message).hex == v.digest, "Len = \(v.message.count * 8)")
        }
    }

    @Test func longMsgKAT() throws {
        guard let vectors = try Self.kat("keccak/LongMsgKAT_256.txt") else { return }
        #expect(vectors.count == 65)
        for v in vectors {
            #expect(Keccak256.hash(v.message).hex == v.digest, "Len = \(v.message.count * 8)")
        }
    }

    @Test func commonVectors() throws {
        guard let data = try Fixtures.data("keccak/keccak256_common.json") else { return }
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let vectors = try #require(root["vectors"] as? [[String: Any]])
        #expect(vectors.count == 7)
        for v in vectors {
            let text = try #require(v["input_utf8"] as? String)
            let hex = try #require(v["input_hex"] as? String)
            let expected = try #require(v["keccak256"] as? String)
            #expect(try Hex.decode(hex) == Array(text.utf8))
            #expect(Keccak256.hash(Array(text.utf8)).hex == expected, "\(text)")
            // A non-contiguous collection takes the copying path.
            #expect(Keccak256.hash(text.utf8).hex == expected, "\(text)")
        }
    }

    /// The 1 GiB vector, streamed. Opt-in (`KECCAK_EXTREMELY_LONG=1`, best with `-c release`):
    /// it takes seconds in release and far longer in a debug build.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["KECCAK_EXTREMELY_LONG"] != nil))
    func extremelyLongMsgKAT() throws {
        guard let data = try Fixtures.data("keccak/ExtremelyLongMsgKAT_256.txt") else { return }
        var fields: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        let repeats = try #require(fields["Repeat"].flatMap { Int($0) })
        let text = Array(try #require(fields["Text"]).utf8)
        let expected = "0x" + (try #require(fields["MD"])).lowercased()
        var h = Keccak256.Hasher()
        for _ in 0..<repeats { h.update(text) }
        #expect(h.finalize().hex == expected)
    }

    /// Every length around the block boundaries, through all entry points, in random chunks.
    @Test func streamingMatchesOneShot() {
        var rng = SystemRandomNumberGenerator()
        for length in [0, 1, 7, 8, 31, 32, 33, 135, 136, 137, 271, 272, 273, 1000, 4096] {
            let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let expected = Keccak256.hash(message)
            #expect(message.withUnsafeBytes { Keccak256.hash($0) } == expected)
            #expect(Keccak256.hash(message[...]) == expected)
            for _ in 0..<20 {
                var h = Keccak256.Hasher()
                var i = 0
                while i < message.count {
                    let n = min(message.count - i, Int.random(in: 0...300, using: &rng))
                    if Bool.random(using: &rng) {
                        h.update(message[i..<i + n])
                    } else {
                        message[i..<i + n].withUnsafeBytes { h.update($0) }
                    }
                    i += n
                }
                #expect(h.finalize() == expected, "length \(length)")
            }
        }
    }

    /// Keccak-f[1600] on the zero state: first lane of the KeccakF-1600 reference output.
    @Test func permutationOfZeroState() {
        var s = KeccakState()
        KeccakF1600.permute(&s)
        #expect(s.a00 == 0xF1258F7940E1DDE7)
        #expect(s.a24 == 0xEAF1FF7B5CECA249)
    }
}
