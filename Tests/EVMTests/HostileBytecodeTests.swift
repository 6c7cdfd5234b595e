import Testing
import Primitives
import StateAccess
import Blocks
@testable import EVM

/// Bytecode built to break an interpreter: every case ends with the specified failure, never a
/// crash, and an exceptional halt consumes all the gas.
@Suite struct HostileBytecodeTests {
    func runFailing(_ code: [UInt8], gas: UInt64 = 100_000) throws -> TransactionResult {
        let s = T.state([(T.contract, .zero, code, [:])])
        return try T.run(T.call(T.contract, gas: gas), on: s)
    }

    @Test func stackUnderflowHalts() throws {
        let r = try runFailing([0x01])
        #expect(!r.success && r.error == "StackUnderflow" && r.gasUsed == 100_000)
    }

    @Test func stackOverflowAt1025ItemsHalts() throws {
        // JUMPDEST ADDRESS PUSH1 0 JUMP: pushes forever.
        let r = try runFailing(T.hex("5b30600056"), gas: 1_000_000)
        #expect(!r.success && r.error == "StackOverflow")
    }

    @Test func jumpIntoPushDataIsInvalid() throws {
        // PUSH1 3 JUMP PUSH1 0x5b: byte 3 is a 0x5b inside push data.
        let r = try runFailing(T.hex("600356605b"))
        #expect(!r.success && r.error == "InvalidJump")
    }

    @Test func jumpToAJumpdestWorks() throws {
        let r = try runFailing(T.hex("6004565b5b00"))
        #expect(r.success)
    }

    @Test func invalidOpcodesHaltAndConsumeAllGas() throws {
        for op: UInt8 in [0xfe, 0x0c, 0xef, 0x21] {
            let r = try runFailing([op])
            #expect(!r.success && r.error == "InvalidOpcode" && r.gasUsed == 100_000)
        }
    }

    @Test func hugeMemoryOffsetsRunOutOfGasWithoutAllocating() throws {
        // MLOAD(2^64 - 1), MSTORE(2^40, 0), RETURN(0, 2^255), CALLDATACOPY(0, 0, 2^32)
        for code in ["67ffffffffffffffff51", "6000640100000000" + "52", "7f8000000000000000000000000000000000000000000000000000000000000000" + "6000f3",
                     "64010000000060006000" + "37"] {
            let r = try runFailing(T.hex(code))
            #expect(!r.success && r.error == "OutOfGas" && r.gasUsed == 100_000, "\(code)")
        }
    }

    @Test func zeroSizeAtAHugeOffsetCostsNothing() throws {
        // RETURN(2^255, 0)
        let r = try runFailing(T.hex("6000" + "7f8000000000000000000000000000000000000000000000000000000000000000" + "f3"))
        #expect(r.success)
    }

    @Test func truncatedPushAtTheEndReadsZeros() throws {
        // PUSH2 0x01 (one byte missing) → 0x0100; nothing crashes.
        let r = try runFailing(T.hex("6101"))
        #expect(r.success)
    }

    @Test func returnDataCopyPastTheEndHalts() throws {
        let r = try runFailing(T.hex("600160006000" + "3e"))
        #expect(!r.success && r.error == "ReturnDataOutOfBounds")
    }

    @Test func recursionStopsAtDepth1024WithoutCrashing() throws {
        // Each frame: SSTORE(0, SLOAD(0) + 1) is too costly; instead count depth via CALLDATA:
        // CALL(GAS, ADDRESS, 0, 0, 0, 0, 0) then STOP — recursion until depth 1024 or gas ends.
        let code = T.hex("60006000600060006000305af100")
        let s = T.state([(T.contract, .zero, code, [:])])
        let env = BlockEnvironment(chainId: 1, coinbase: T.coinbase, number: 1, gasLimit: UInt64(1) << 62, baseFee: 0)
        let r = try T.run(T.call(T.contract, gas: UInt64(1) << 60, price: 0), on: s, env: env)
        #expect(r.success)
    }

    @Test func blockedReadInterruptsTheTransaction() throws {
        let s = T.state([(T.contract, .zero, T.push(T.other) + [0x31, 0x00], [:])])
        let view = RecordingView(s)
        view.blockOn = T.other
        let ex = TransactionExecutor(fork: .cancun, env: T.env())
        #expect(throws: ExecutionInterrupt.blocked(onTransaction: 7)) { _ = try ex.execute(T.call(T.contract), view: view) }
    }

    @Test func unsupportedPrecompileInterruptsLoudly() throws {
        // STATICCALL the point-evaluation precompile (0x0a) with empty input.
        let s = T.state([(T.contract, .zero, T.hex("6000600060006000600a61fffffa00"), [:])])
        let ex = TransactionExecutor(fork: .cancun, env: T.env())
        if case .unsupported = Precompiles.run(Address(low: 0x0a), input: [], gasLimit: 100_000, fork: .cancun) {
            #expect(throws: ExecutionInterrupt.self) { _ = try ex.execute(T.call(T.contract), view: RecordingView(s)) }
        } else {
            _ = try ex.execute(T.call(T.contract), view: RecordingView(s))
        }
    }
}
