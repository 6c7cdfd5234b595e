import Testing
import Primitives
import StateAccess
import Blocks
@testable import EVM

@Suite struct ExecutionTests {
    @Test func revertRestoresStorageAndKeepsReturnData() throws {
        // SSTORE(0, 1); MSTORE(0, 0xaa); REVERT(31, 1)
        let s = T.state([(T.contract, .zero, T.hex("600160005560aa6000526001601ffd"), [:])])
        let r = try T.run(T.call(T.contract, gas: 100_000), on: s)
        #expect(!r.success)
        #expect(r.error == "Revert")
        #expect(r.output == [0xaa])
        #expect(r.gasUsed < 100_000, "REVERT does not consume the remaining gas")
        #expect(s.storage(T.contract, slot: 0) == .zero)
        #expect(r.writeSet.accounts[T.contract] == nil)
    }

    @Test func failedSubcallRevertsItsStateAndTransientStorageButNotTheCaller() throws {
        // Child: TSTORE(0, 5); SSTORE(1, 1); INVALID
        let child = T.hex("60056000" + "5d" + "6001600155" + "fe")
        // Caller: CALL(child) → SSTORE(2, success); SSTORE(3, TLOAD(0) from child's address? no: own TLOAD)
        let caller = T.hex("6000600060006000600073") + T.other.bytes + T.hex("61ffff" + "f1" + "600255" + "60005c" + "600355" + "00")
        let s = T.state([(T.contract, .zero, caller, [:]), (T.other, .zero, child, [:])])
        let r = try T.run(T.call(T.contract, gas: 300_000), on: s)
        #expect(r.success)
        #expect(s.storage(T.contract, slot: 2) == .zero, "CALL pushed 0")
        #expect(s.storage(T.other, slot: 1) == .zero)
    }

    @Test func transientStorageLivesForTheTransactionEIP1153() throws {
        // TSTORE(1, 7); SSTORE(0, TLOAD(1))
        let s = T.state([(T.contract, .zero, T.hex("60076001" + "5d" + "60015c" + "600055"), [:])])
        _ = try T.run(T.call(T.contract), on: s)
        #expect(s.storage(T.contract, slot: 0) == 7)
        // A second transaction starts with empty transient storage.
        let s2 = T.state([(T.contract, .zero, T.hex("60015c600055"), [:])])
        _ = try T.run(T.call(T.contract), on: s2)
        #expect(s2.storage(T.contract, slot: 0) == .zero)
    }

    @Test func createAddressIsKeccakOfRlpSenderNonce() {
        let ex = TransactionExecutor(fork: .cancun, env: T.env())
        let sender = try! Address(hex: "0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0")
        #expect(ex.createAddress(sender: sender, nonce: 0) == (try! Address(hex: "0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d")))
        #expect(ex.createAddress(sender: sender, nonce: 1) == (try! Address(hex: "0x343c43a37d37dff08ae8c4a11544c718abb4fcf8")))
    }

    @Test func create2AddressMatchesEIP1014Examples() {
        let ex = TransactionExecutor(fork: .cancun, env: T.env())
        #expect(ex.create2Address(sender: .zero, salt: .zero, initCode: [0x00])
                == (try! Address(hex: "0x4D1A2e2bB4F88F0250f26Ffff098B0b30B26BF38")))
        let salt = U256(try! Bytes32(hex: "0x000000000000000000000000feed000000000000000000000000000000000000"))
        #expect(ex.create2Address(sender: try! Address(hex: "0xdeadbeef00000000000000000000000000000000"), salt: salt, initCode: [0x00])
                == (try! Address(hex: "0xD04116cDd17beBE565EB2422F2497E06cC1C9833")))
    }

    @Test func creationTransactionDeploysCodeWithNonceOne() throws {
        // Init code: MSTORE8(0, 0x2a) RETURN(0, 1) → runtime code 0x2a
        let s = T.state()
        let r = try T.run(T.call(nil, data: T.hex("602a60005360016000f3")), on: s)
        #expect(r.success)
        let addr = TransactionExecutor(fork: .cancun, env: T.env()).createAddress(sender: T.sender, nonce: 0)
        #expect(r.contractAddress == addr)
        let w = try #require(r.writeSet.accounts[addr])
        #expect(w.code == [0x2a])
        #expect(w.storageCleared)
        #expect(s.account(addr)?.nonce == 1)
        #expect(s.account(addr)?.codeHash == Keccak256.hash([0x2a]))
    }

    @Test func codeStartingWith0xEFIsRejectedEIP3541() throws {
        let s = T.state()
        let r = try T.run(T.call(nil, data: T.hex("60ef60005360016000f3")), on: s)
        #expect(!r.success)
        #expect(r.gasUsed == 1_000_000, "a failed deployment consumes all gas")
    }

    @Test func createOpcodeCollisionFailsAndConsumesTheChildGas() throws {
        // CREATE(0, 0, 0) twice from an account whose first target already has a nonce.
        let me = T.contract
        let ex = TransactionExecutor(fork: .cancun, env: T.env())
        let target = ex.createAddress(sender: me, nonce: 1)
        let code = T.hex("600060006000f0600055")  // SSTORE(0, CREATE(0,0,0))
        let s = T.state([(me, .zero, code, [:])])
        s.insert(target, nonce: 1, balance: .zero, code: [], codeHash: AccountInfo.emptyCodeHash, storage: [:])
        let r = try T.run(T.call(me, gas: 1_000_000), on: s)
        #expect(r.success)
        #expect(s.storage(me, slot: 0) == .zero)
        #expect(s.account(me)?.nonce == 2, "the creator's nonce still increments")
    }

    @Test func selfdestructOfAPreexistingContractOnlyMovesTheBalanceEIP6780() throws {
        let s = T.state([(T.contract, 1000, T.push(T.other) + [0xff], [U256(1): U256(1)])])
        let r = try T.run(T.call(T.contract), on: s)
        #expect(r.success)
        #expect(s.account(T.contract) != nil)
        #expect(s.account(T.contract)?.balance == .zero)
        #expect(s.storage(T.contract, slot: 1) == 1)
        #expect(s.account(T.other)?.balance == 1000)
    }

    @Test func selfdestructToItselfKeepsTheBalanceEIP6780() throws {
        // ADDRESS SELFDESTRUCT on a pre-existing contract: no net change (Cancun), burnt before.
        let s = T.state([(T.contract, 1000, [0x30, 0xff], [:])])
        _ = try T.run(T.call(T.contract), on: s)
        #expect(s.account(T.contract)?.balance == 1000)
        let s2 = T.state([(T.contract, 1000, [0x30, 0xff], [:])])
        _ = try T.run(T.call(T.contract), on: s2, fork: .shanghai)
        #expect(s2.account(T.contract) == nil)
    }

    @Test func selfdestructInTheCreatingTransactionDeletesTheAccount() throws {
        // Init code: SELFDESTRUCT(other)
        let s = T.state()
        let r = try T.run(T.call(nil, data: T.push(T.other) + [0xff], value: 77), on: s)
        #expect(r.success)
        let addr = try #require(r.contractAddress)
        #expect(s.account(addr) == nil)
        #expect(r.writeSet.accounts[addr] == nil, "never existed before: nothing to write")
        #expect(s.account(T.other)?.balance == 77)
    }

    @Test func touchedEmptyAccountIsDeletedEIP161() throws {
        let s = T.state()
        s.insert(T.other, nonce: 0, balance: .zero, code: [], codeHash: AccountInfo.emptyCodeHash, storage: [:])
        let r = try T.run(T.call(T.other, gas: 21000), on: s)
        #expect(r.writeSet.accounts[T.other]?.deleted == true)
        #expect(s.account(T.other) == nil)
    }

    @Test func logsCarryAddressTopicsAndData() throws {
        // MSTORE8(0, 0x11); LOG1(0, 1, topic 0x22)
        let s = T.state([(T.contract, .zero, T.hex("6011600053" + "6022" + "60016000a1"), [:])])
        let r = try T.run(T.call(T.contract), on: s)
        #expect(r.logs == [Log(address: T.contract, topics: [Bytes32(U256(0x22))], data: [0x11])])
    }

    @Test func staticCallCannotWrite() throws {
        // Child: SSTORE(0, 1). Caller: SSTORE(0, STATICCALL(gas, child, 0,0,0,0)) → 0
        let child = T.hex("6001600055")
        let caller = T.hex("600060006000600073") + T.other.bytes + T.hex("61fffffa" + "600055")
        let s = T.state([(T.contract, .zero, caller, [U256(0): U256(9)]), (T.other, .zero, child, [:])])
        _ = try T.run(T.call(T.contract), on: s)
        #expect(s.storage(T.contract, slot: 0) == .zero)
        #expect(s.storage(T.other, slot: 0) == .zero)
    }
}
