import Testing
import Primitives
import StateAccess
import Blocks
@testable import EVM

@Suite struct GasTests {
    @Test func nativeTransferCosts21000AndMovesValue() throws {
        let s = T.state()
        let r = try T.run(T.call(T.other, value: 5, gas: 21000), on: s)
        #expect(r.success)
        #expect(r.gasUsed == 21000)
        #expect(s.account(T.other)?.balance == 5)
        #expect(s.account(T.sender)?.nonce == 1)
        #expect(s.account(T.sender)?.balance == T.richBalance &- 5 &- U256(21000 * 10))
    }

    /// EIP-3529 test table (storage key warm through the access list, so the costs are those of
    /// the EIP): code, original value, execution gas, refund counter.
    static let sstoreCases: [(String, UInt64, UInt64, UInt64)] = [
        ("60006000556000600055", 0, 212, 0),
        ("60006000556001600055", 0, 20112, 0),
        ("60016000556000600055", 0, 20112, 19900),
        ("60016000556002600055", 0, 20112, 0),
        ("60016000556001600055", 0, 20112, 0),
        ("60006000556000600055", 1, 3012, 4800),
        ("60006000556001600055", 1, 3012, 2800),
        ("60006000556002600055", 1, 3012, 0),
        ("60026000556000600055", 1, 3012, 4800),
        ("60026000556003600055", 1, 3012, 0),
        ("60026000556001600055", 1, 3012, 2800),
        ("60026000556002600055", 1, 3012, 0),
        ("60016000556000600055", 1, 3012, 4800),
        ("60016000556002600055", 1, 3012, 0),
        ("60016000556001600055", 1, 212, 0),
        ("600160005560006000556001600055", 0, 40118, 19900),
        ("600060005560016000556000600055", 1, 5918, 7600),
    ]

    @Test(arguments: sstoreCases)
    func sstoreCostsAndRefundsFollowEIP2200And3529(code: String, original: UInt64, execGas: UInt64, refund: UInt64) throws {
        let s = T.state([(T.contract, .zero, T.hex(code), original == 0 ? [:] : [U256(0): U256(original)])])
        let list = [AccessListEntry(address: T.contract, storageKeys: [.zero])]
        let r = try T.run(T.call(T.contract, gas: 200_000, accessList: list), on: s)
        #expect(r.success)
        let before = 21000 + 2400 + 1900 + execGas
        #expect(r.gasUsed == before - min(refund, before / 5))
    }

    @Test func coldAccountAccessCosts2600ThenWarm100EIP2929() throws {
        // BALANCE(other) POP BALANCE(other) POP STOP
        let code = T.push(T.other) + [0x31, 0x50] + T.push(T.other) + [0x31, 0x50, 0x00]
        let s = T.state([(T.contract, .zero, code, [:])])
        let r = try T.run(T.call(T.contract), on: s)
        #expect(r.gasUsed == 21000 + 3 + 2600 + 2 + 3 + 100 + 2)
    }

    @Test func accessListMakesTheFirstAccessWarmEIP2930() throws {
        let code = T.push(T.other) + [0x31, 0x50, 0x00]
        let s = T.state([(T.contract, .zero, code, [:])])
        let r = try T.run(T.call(T.contract, accessList: [AccessListEntry(address: T.other, storageKeys: [])]), on: s)
        #expect(r.gasUsed == 21000 + 2400 + 3 + 100 + 2)
    }

    @Test func coldSloadCosts2100ThenWarm100() throws {
        // SLOAD(0) POP SLOAD(0) POP
        let s = T.state([(T.contract, .zero, T.hex("6000545060005450"), [:])])
        let r = try T.run(T.call(T.contract), on: s)
        #expect(r.gasUsed == 21000 + 3 + 2100 + 2 + 3 + 100 + 2)
    }

    @Test func memoryExpansionIsQuadratic() throws {
        // MSTORE(1024, 1): 33 words = 3·33 + 33²/512 = 101
        let s = T.state([(T.contract, .zero, T.hex("6001610400" + "52"), [:])])
        let r = try T.run(T.call(T.contract), on: s)
        #expect(r.gasUsed == 21000 + 3 + 3 + 3 + 101)
    }

    @Test func expChargesFiftyPerExponentByte() throws {
        // EXP(2, 0x0100) POP
        let s = T.state([(T.contract, .zero, T.hex("61010060020a50"), [:])])
        let r = try T.run(T.call(T.contract), on: s)
        #expect(r.gasUsed == 21000 + 3 + 3 + 10 + 100 + 2)
    }

    @Test func callPassesAllButOne64thEIP150() throws {
        // Child: SSTORE(0, GAS)
        let child = T.hex("5a600055")
        // Caller: CALL(GAS, child, 0, 0, 0, 0, 0)
        let caller = T.hex("6000600060006000600073") + T.other.bytes + T.hex("5af100")
        let s = T.state([(T.contract, .zero, caller, [:]), (T.other, .zero, child, [:])])
        let gas: UInt64 = 200_000
        _ = try T.run(T.call(T.contract, gas: gas), on: s)
        let g = gas - 21000 - 5 * 3 - 3 - 2     // gas left when CALL runs
        let avail = g - 2600                    // cold callee
        let childGas = avail - avail / 64
        #expect(s.storage(T.other, slot: 0) == U256(childGas - 2))
    }

    @Test func intrinsicGasCountsDataCreateAndAccessList() {
        let ex = TransactionExecutor(fork: .cancun, env: T.env())
        var t = T.call(T.other, data: [0, 1, 0, 2])
        #expect(ex.intrinsicGas(t) == 21000 + 4 + 16 + 4 + 16)
        t.accessList = [AccessListEntry(address: T.other, storageKeys: [1, 2])]
        #expect(ex.intrinsicGas(t) == 21000 + 40 + 2400 + 3800)
        let c = T.call(nil, data: [UInt8](repeating: 1, count: 33))
        #expect(ex.intrinsicGas(c) == 21000 + 32000 + 33 * 16 + 2 * 2)
    }

    @Test func blobGasPriceIsTheFakeExponential() {
        #expect(TransactionExecutor.blobGasPrice(excessBlobGas: 0) == 1)
        #expect(TransactionExecutor.blobGasPrice(excessBlobGas: 3_338_477) == 2)   // e ≈ 2.718 → 2
        #expect(TransactionExecutor.blobGasPrice(excessBlobGas: 10 * 3_338_477) == 22026)
    }
}
