import Testing
import Primitives
import Blocks
@testable import EVM

/// Every precompile on garbage: random bytes and lengths, random gas, structured-but-hostile
/// inputs. Nothing may trap, `.unsupported` never appears, and a success never costs more than
/// the gas given.
@Suite struct PrecompileRobustnessTests {
    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            var z = state
            z = (z ^ (z >> 33)) &* 0xff51afd7ed558ccd
            return z ^ (z >> 29)
        }
        mutating func bytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8(truncatingIfNeeded: next()) } }
    }

    static func check(_ address: UInt32, _ input: [UInt8], gas: UInt64) {
        let result = Precompiles.run(Address(low: address), input: input, gasLimit: gas, fork: .cancun)
        switch result {
        case .success(let used, _): #expect(used <= gas, "0x\(address) used \(used) > \(gas)")
        case .failure: break
        case .unsupported(let why): Issue.record("0x\(address) unsupported: \(why)")
        }
    }

    @Test(arguments: Array(UInt32(1)...10))
    func randomInputsNeverTrap(_ address: UInt32) {
        var rng = Rng(state: UInt64(address) &* 0x9e3779b97f4a7c15)
        let lengths = [0, 1, 31, 32, 33, 63, 64, 95, 96, 97, 127, 128, 129, 160, 191, 192, 193, 212, 213, 214, 384, 500]
        for length in lengths {
            for gas: UInt64 in [0, 100, 3000, 200_000] {
                Self.check(address, rng.bytes(length), gas: gas)
            }
        }
    }

    @Test func modexpHostileLengths() {
        func word(_ v: UInt64) -> [UInt8] {
            [UInt8](repeating: 0, count: 24) + (0..<8).map { UInt8(truncatingIfNeeded: v >> (56 - 8 * UInt64($0))) }
        }
        let words: [[UInt8]] = [word(0), word(1), word(32), word(33), word(1 << 31), word(UInt64(UInt32.max)),
                                word(1 << 32), word(UInt64.max), [0x80] + [UInt8](repeating: 0, count: 31),
                                [UInt8](repeating: 0xff, count: 32)]
        var rng = Rng(state: 5)
        for b in words { for e in words { for m in words {
            Self.check(5, b + e + m + rng.bytes(40), gas: 30_000_000)
        } } }
    }

    @Test func precompileSetPerFork() {
        #expect(Precompiles.contains(Address(low: 0x0a), fork: .cancun))
        #expect(!Precompiles.contains(Address(low: 0x0a), fork: .shanghai))
        #expect(Precompiles.contains(Address(low: 0x09), fork: .paris))
        #expect(!Precompiles.contains(Address(low: 0), fork: .cancun))
        #expect(!Precompiles.contains(Address(low: 0x0b), fork: .cancun))
        #expect(!Precompiles.contains(Address(hi: 0, mid: 1, lo: 1), fork: .cancun))
    }
}
