import Ledger
import Primitives
import StateAccess
import Testing
import Trie

/// The WriteSet rules of StateAccess/WriteSet.swift, one case each, through the StateView reads.
@Suite struct WriteSemanticsTests {
    let a = Address(low: 0xaa), b = Address(low: 0xbb)

    func ledger() throws -> ShardedLedger { try ShardedLedger(shardCount: 16) }

    @Test func balanceDeltaCreatesAndAccumulates() throws {
        let l = try ledger()
        l.apply([WriteSet(accounts: [a: AccountWrite(balanceDelta: U256(5))]),
                 WriteSet(accounts: [a: AccountWrite(balanceDelta: U256(7))])])
        #expect(try l.account(a) == AccountInfo(balance: U256(12)))
        #expect(try l.account(b) == nil)
    }

    @Test func emptyAccountIsNotStored() throws {
        let l = try ledger()
        l.apply([WriteSet(accounts: [a: AccountWrite(info: AccountInfo(nonce: 1))])])
        let withA = l.stateRoot()
        #expect(withA != MerkleTrie.emptyRoot)
        l.apply([WriteSet(accounts: [a: AccountWrite(info: AccountInfo())])])
        #expect(try l.account(a) == nil)
        #expect(l.stateRoot() == MerkleTrie.emptyRoot)
        #expect(l.dump().isEmpty)
        // Empty but with storage: kept (the rule removes only accounts without storage).
        l.apply([WriteSet(accounts: [b: AccountWrite(storage: [U256(1): U256(2)])])])
        #expect(try l.account(b) == AccountInfo())
        #expect(try l.hasStorage(b))
    }

    @Test func deleteThenRecreateInOneWrite() throws {
        let l = try ledger()
        l.apply([WriteSet(accounts: [a: AccountWrite(info: AccountInfo(nonce: 3, balance: U256(9)), storage: [U256(1): U256(1), U256(2): U256(2)])])])
        _ = l.stateRoot()
        l.apply([WriteSet(accounts: [a: AccountWrite(info: AccountInfo(nonce: 1), deleted: true, storage: [U256(3): U256(3)])])])
        #expect(try l.account(a) == AccountInfo(nonce: 1))
        #expect(try l.storage(a, slot: U256(1)) == .zero)
        #expect(try l.storage(a, slot: U256(3)) == U256(3))
        let expected = try ShardedLedger(shardCount: 1)
        expected.apply([WriteSet(accounts: [a: AccountWrite(info: AccountInfo(nonce: 1), storage: [U256(3): U256(3)])])])
        #expect(l.stateRoot() == expected.stateRoot())
    }

    @Test func storageClearedThenWritten() throws {
        let l = try ledger()
        l.apply([WriteSet(accounts: [a: AccountWrite(info: AccountInfo(nonce: 1), storage: [U256(1): U256(1)])])])
        _ = l.stateRoot()
        l.apply([WriteSet(accounts: [a: AccountWrite(storageCleared: true, storage: [U256(2): U256(2)])])])
        #expect(try l.storage(a, slot: U256(1)) == .zero)
        #expect(try l.storage(a, slot: U256(2)) == U256(2))
        let d = l.dump()
        #expect(d.count == 1 && d[0].storage.count == 1)
        l.apply([WriteSet(accounts: [a: AccountWrite(storage: [U256(2): .zero])])])
        #expect(try !l.hasStorage(a))
        #expect(l.dump()[0].storageRoot == MerkleTrie.emptyRoot)
    }

    @Test func codeIsStoredByHash() throws {
        let l = try ledger()
        let code: [UInt8] = [0x60, 0x00, 0x60, 0x00, 0xf3]
        let h = Keccak256.hash(code)
        l.apply([WriteSet(accounts: [a: AccountWrite(info: AccountInfo(nonce: 1, codeHash: h), code: code)])])
        #expect(l.code(hash: h) == code)
        #expect(l.code(hash: AccountInfo.emptyCodeHash) == [])
        #expect(try l.account(a)?.codeHash == h)
        #expect(l.dump()[0].code == code)
    }

    @Test func blockHashesAreSettable() throws {
        let l = try ledger()
        #expect(l.blockHash(7) == .zero)
        l.blockHashes[7] = Bytes32(w0: 1, w1: 2, w2: 3, w3: 4)
        #expect(l.blockHash(7) == Bytes32(w0: 1, w1: 2, w2: 3, w3: 4))
    }
}
