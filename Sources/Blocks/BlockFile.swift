import Foundation
import Primitives

/// The block interchange format of `../shared/tools/oracle/README.md`: genesis allocation,
/// environment, unsigned transactions with a trusted `from`. Decoding is strict and names the
/// offending field; encoding is deterministic (sorted keys, canonical hex), so the same block
/// always gives the same bytes.
public enum BlockFile {
    /// Reads a block file.
    public static func decode(_ data: Data) throws(DecodingError) -> Block {
        let root = try JSONReader.parse(data)
        let forkName = try root.optionalField("fork")?.string() ?? "cancun"
        guard let fork = Fork(name: forkName) else {
            throw DecodingError(path: "fork", message: "unsupported fork \"\(forkName)\" (supported: \(Fork.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let env = try environment(root.field("env"))
        let pre = try allocation(root.field("pre"))
        let txs = try root.field("txs").array().map { (t) throws(DecodingError) in try transaction(t) }
        return Block(fork: fork, env: env, pre: pre, transactions: txs)
    }

    static func environment(_ e: JSONReader) throws(DecodingError) -> BlockEnvironment {
        var env = BlockEnvironment()
        env.chainId = try e.optionalField("chainId")?.uint64() ?? 1
        env.coinbase = try e.field("coinbase").address()
        env.number = try e.field("number").uint64()
        env.timestamp = try e.field("timestamp").uint64()
        env.gasLimit = try e.field("gasLimit").uint64()
        env.baseFee = try e.optionalField("baseFee")?.quantity() ?? .zero
        env.prevRandao = try e.optionalField("prevRandao")?.bytes32() ?? .zero
        env.excessBlobGas = try e.optionalField("excessBlobGas")?.uint64() ?? 0
        if let hashes = try e.optionalField("blockHashes") {
            for (key, value) in try hashes.members() {
                guard let n = try JSONReader.quantity(key, path: value.path).uint64 else {
                    throw value.fail("block number does not fit in 64 bits")
                }
                env.blockHashes[n] = try value.bytes32()
            }
        }
        return env
    }

    /// Reads a `pre` allocation: address → {balance, nonce, code, storage}. Rejects addresses that
    /// appear twice (differing only in case), empty accounts, bad hex and wrong widths.
    public static func allocation(_ pre: JSONReader) throws(DecodingError) -> [Address: GenesisAccount] {
        var out: [Address: GenesisAccount] = [:]
        for (key, a) in try pre.members() {
            let address: Address
            do { address = try Address(hex: key) } catch { throw DecodingError(path: a.path, message: "bad address key: \(error)") }
            guard out[address] == nil else { throw a.fail("address appears twice (keys differ only in case)") }
            _ = try a.object()
            var account = GenesisAccount()
            account.balance = try a.optionalField("balance")?.quantity() ?? .zero
            account.nonce = try a.optionalField("nonce")?.uint64() ?? 0
            account.code = try a.optionalField("code")?.bytes() ?? []
            if let storage = try a.optionalField("storage") {
                for (slotText, v) in try storage.members() {
                    let slot = try JSONReader.quantity(slotText, path: v.path)
                    guard account.storage[slot] == nil else { throw v.fail("storage slot appears twice") }
                    let value = try v.quantity()
                    if !value.isZero { account.storage[slot] = value }
                }
            }
            if account.balance.isZero && account.nonce == 0 && account.code.isEmpty {
                throw a.fail("empty account (balance 0, nonce 0, no code) is not allowed in pre")
            }
            out[address] = account
        }
        return out
    }

    static func transaction(_ t: JSONReader) throws(DecodingError) -> Transaction {
        let from = try t.field("from").address()
        var to: Address? = nil
        if let toField = try t.optionalField("to") {
            let s = try toField.string()
            if s != "" && s != "0x" { to = try toField.address() }
        }
        var tx = Transaction(from: from, to: to, nonce: try t.field("nonce").uint64(), gasLimit: try t.field("gas").uint64())
        tx.value = try t.optionalField("value")?.quantity() ?? .zero
        if let d = try t.optionalField("data") {
            tx.data = try d.bytes()
        } else if let d = try t.optionalField("input") {
            tx.data = try d.bytes()
        }
        if let list = try t.optionalField("accessList") {
            tx.accessList = try list.array().map { (e) throws(DecodingError) in
                AccessListEntry(address: try e.field("address").address(),
                                storageKeys: try (e.optionalField("storageKeys")?.array() ?? []).map { (k) throws(DecodingError) in try k.quantity() })
            }
        }
        if let maxFee = try t.optionalField("maxFeePerGas") {
            tx.maxFeePerGas = try maxFee.quantity()
            tx.maxPriorityFeePerGas = try t.optionalField("maxPriorityFeePerGas")?.quantity() ?? .zero
        } else {
            tx.gasPrice = try t.field("gasPrice").quantity()
        }
        if let type = try t.optionalField("type")?.uint64() {
            guard type == UInt64(tx.kind.rawValue) else {
                throw DecodingError(path: t.path + ".type", message: "type \(type) does not match the fee fields (which make it type \(tx.kind.rawValue))")
            }
        }
        return tx
    }
}
