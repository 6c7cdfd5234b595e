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
    public static func run(_ address: Address, input: [UInt8], gasLimit: UInt64, fork: Fork) -> PrecompileResult {
        .unsupported("precompile \(address.hex) is not implemented")
    }
}
