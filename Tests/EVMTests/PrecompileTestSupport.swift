import Foundation
import Testing
import Primitives
import Blocks
@testable import EVM

/// One go-ethereum precompile vector (`core/vm/testdata/precompiles/*.json`), transcribed into
/// `PrecompileVectorData`. Failure vectors have `ExpectedError` instead of `Expected` and `Gas`.
struct PrecompileVector: Decodable, CustomTestStringConvertible, Sendable {
    let Input: String
    let Expected: String?
    let Gas: UInt64?
    let Name: String
    let ExpectedError: String?

    var testDescription: String { Name }
    var input: [UInt8] { hexBytes(Input) }
    var expected: [UInt8] { hexBytes(Expected ?? "") }
}

/// Decodes one of the vector files in `PrecompileVectorData`.
func precompileVectors(_ file: String) -> [PrecompileVector] {
    guard let text = PrecompileVectorData.files[file],
          let vectors = try? JSONDecoder().decode([PrecompileVector].self, from: Data(text.utf8)) else { return [] }
    return vectors
}

func hexBytes(_ s: String) -> [UInt8] {
    var out = [UInt8]()
    var high: UInt8? = nil
    for c in s.utf8 {
        let v: UInt8
        switch c {
        case 48...57: v = c - 48
        case 97...102: v = c - 87
        case 65...70: v = c - 55
        default: continue
        }
        if let h = high { out.append(h << 4 | v); high = nil } else { high = v }
    }
    return out
}

func runPrecompile(_ address: UInt32, _ input: [UInt8], gas: UInt64 = 100_000_000) -> PrecompileResult {
    Precompiles.run(Address(low: address), input: input, gasLimit: gas, fork: .cancun)
}

/// A success vector: exact output and gas with exactly enough gas, and `.failure` with one less.
func checkVector(_ address: UInt32, _ v: PrecompileVector) {
    let gas = v.Gas ?? 0
    #expect(runPrecompile(address, v.input, gas: gas) == .success(gasUsed: gas, output: v.expected), "\(v.Name)")
    if gas > 0 {
        #expect(runPrecompile(address, v.input, gas: gas - 1) == .failure, "\(v.Name) out of gas")
    }
}
