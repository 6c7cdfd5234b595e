import Primitives
import Blocks

/// What a precompiled contract call produced.
public enum PrecompileResult: Equatable, Sendable {
    /// Ran within the gas limit: the gas it cost and its output.
    case success(gasUsed: UInt64, output: [UInt8])
    /// Failed (bad input or out of gas): the call fails and consumes all gas given to it.
    case failure
    /// Not implemented yet. The interpreter turns this into a loud error of the whole
    /// transaction (never a silent success), so conformance reports show it.
    case unsupported(String)
}

/// The precompiled contracts 0x01…0x0a (Cancun).
public enum Precompiles {
    /// Whether `address` is a precompile under `fork` (they are warm from the start, EIP-2929).
    @inlinable
    public static func contains(_ address: Address, fork: Fork) -> Bool {
        address.hi == 0 && address.mid == 0 && address.lo >= 1 && address.lo <= lastAddress(fork)
    }

    @inlinable
    public static func lastAddress(_ fork: Fork) -> UInt32 { fork >= .cancun ? 0x0a : 0x09 }

    /// Runs the precompile at `address` on `input` with at most `gasLimit` gas.
    /// Never traps: any input (hostile lengths, garbage) gives `.success` or `.failure`.
    public static func run(_ address: Address, input: [UInt8], gasLimit: UInt64, fork: Fork) -> PrecompileResult {
        guard contains(address, fork: fork) else {
            return .unsupported("\(address.hex) is not a precompile under \(fork)")
        }
        switch address.lo {
        case 0x01: return ECRecover.run(input: input, gasLimit: gasLimit)
        case 0x02: return hashing(input, gasLimit: gasLimit, base: 60, perWord: 12) { SHA256.hash($0) }
        case 0x03:
            return hashing(input, gasLimit: gasLimit, base: 600, perWord: 120) {
                [UInt8](repeating: 0, count: 12) + RIPEMD160.hash($0)
            }
        case 0x04: return hashing(input, gasLimit: gasLimit, base: 15, perWord: 3) { $0 }
        case 0x05: return ModExp.run(input: input, gasLimit: gasLimit)
        case 0x06: return BN254Precompiles.add(input: input, gasLimit: gasLimit)
        case 0x07: return BN254Precompiles.mul(input: input, gasLimit: gasLimit)
        case 0x08: return BN254Precompiles.pairing(input: input, gasLimit: gasLimit)
        case 0x09: return Blake2F.run(input: input, gasLimit: gasLimit)
        case 0x0a: return PointEvaluation.run(input: input, gasLimit: gasLimit)
        default: return .unsupported("precompile \(address.hex) is not implemented")
        }
    }

    /// The price of the hash-like precompiles: base + perWord × ⌈len / 32⌉.
    static func linearGas(length: Int, base: UInt64, perWord: UInt64) -> UInt64 {
        base + perWord * ((UInt64(length) + 31) / 32)
    }

    private static func hashing(_ input: [UInt8], gasLimit: UInt64, base: UInt64, perWord: UInt64,
                                _ f: ([UInt8]) -> [UInt8]) -> PrecompileResult {
        let gas = linearGas(length: input.count, base: base, perWord: perWord)
        guard gas <= gasLimit else { return .failure }
        return .success(gasUsed: gas, output: f(input))
    }
}
