import Foundation
import Primitives
import Blocks

/// One ethereum/tests GeneralStateTests case: a pre-state, an environment, a transaction
/// template with arrays of data/gas/value, and per fork the expected post-state root and logs
/// hash for each combination of indexes.
public struct StateTest: Sendable {
    public struct Account: Sendable {
        public var balance: U256, nonce: UInt64, code: [UInt8], storage: [U256: U256]
    }

    /// The transaction fields; the quantities stay U256 because some tests use values that no
    /// valid transaction can have (gas limits or nonces above 2^64), which must be rejected.
    public struct TransactionTemplate: Sendable {
        public var sender: Address
        public var to: Address?
        public var nonce: U256
        public var gasPrice: U256?
        public var maxFeePerGas: U256?
        public var maxPriorityFeePerGas: U256?
        public var data: [[UInt8]]
        public var accessLists: [[AccessListEntry]?]?
        public var gasLimit: [U256]
        /// nil where the file gives a value no transaction can carry (`0x:bigint …` above 2^256-1).
        public var value: [U256?]
        public var blobVersionedHashes: [Bytes32]?
        public var maxFeePerBlobGas: U256?
    }

    public struct Expectation: Sendable {
        public var dataIndex: Int, gasIndex: Int, valueIndex: Int
        public var stateRoot: Bytes32
        public var logsHash: Bytes32
        /// The exception the transaction must be rejected with, when it is invalid.
        public var expectException: String?
    }

    public var name: String
    public var env: BlockEnvironment
    /// The raw block gas limit (some tests exceed 64 bits in other fields, not this one).
    public var pre: [Address: Account]
    public var transaction: TransactionTemplate
    /// Fork name as written in the file ("Cancun", "Shanghai", …) → expectations.
    public var post: [String: [Expectation]]
}

extension StateTest {
    /// Parses a state-test file (an object of named tests).
    public static func parse(_ data: Data) throws(DecodingError) -> [StateTest] {
        let root = try JSONReader.parse(data)
        return try root.members().map { (entry) throws(DecodingError) in try parse(name: entry.key, entry.value) }
    }

    static func parse(name: String, _ t: JSONReader) throws(DecodingError) -> StateTest {
        let e = try t.field("env")
        var env = BlockEnvironment()
        env.coinbase = try e.field("currentCoinbase").address()
        env.gasLimit = try e.field("currentGasLimit").quantity().clampedUInt64
        env.number = try e.field("currentNumber").uint64()
        env.timestamp = try e.field("currentTimestamp").uint64()
        env.baseFee = try e.optionalField("currentBaseFee")?.quantity() ?? .zero
        if let random = try e.optionalField("currentRandom") {
            env.prevRandao = try random.bytes32()
        } else if let difficulty = try e.optionalField("currentDifficulty") {
            env.prevRandao = Bytes32(try difficulty.quantity())
        }
        env.excessBlobGas = try e.optionalField("currentExcessBlobGas")?.uint64() ?? 0
        env.chainId = 1

        var pre: [Address: Account] = [:]
        for (key, a) in try t.field("pre").members() {
            let address: Address
            do { address = try Address(hex: key) } catch { throw DecodingError(path: a.path, message: "bad address: \(error)") }
            var storage: [U256: U256] = [:]
            for (slot, v) in try a.optionalField("storage")?.members() ?? [] {
                let value = try v.quantity()
                if !value.isZero { storage[try JSONReader.quantity(slot, path: v.path)] = value }
            }
            pre[address] = Account(balance: try a.field("balance").quantity(), nonce: try a.field("nonce").uint64(),
                                   code: try a.field("code").bytes(), storage: storage)
        }

        let x = try t.field("transaction")
        let toText = try x.optionalField("to")?.string() ?? ""
        var tx = TransactionTemplate(
            sender: try x.field("sender").address(),
            to: toText.isEmpty || toText == "0x" ? nil : try x.field("to").address(),
            nonce: try x.field("nonce").quantity(),
            gasPrice: try x.optionalField("gasPrice")?.quantity(),
            maxFeePerGas: try x.optionalField("maxFeePerGas")?.quantity(),
            maxPriorityFeePerGas: try x.optionalField("maxPriorityFeePerGas")?.quantity(),
            data: try x.field("data").array().map { (d) throws(DecodingError) in try d.bytes() },
            accessLists: nil,
            gasLimit: try x.field("gasLimit").array().map { (g) throws(DecodingError) in try g.quantity() },
            value: try x.field("value").array().map { (v) throws(DecodingError) in try Self.oversizedQuantity(v) },
            blobVersionedHashes: try x.optionalField("blobVersionedHashes")?.array().map { (h) throws(DecodingError) in try h.bytes32() },
            maxFeePerBlobGas: try x.optionalField("maxFeePerBlobGas")?.quantity())
        if let lists = try x.optionalField("accessLists") {
            tx.accessLists = try lists.array().map { (list) throws(DecodingError) -> [AccessListEntry]? in
                if list.isNull { return nil }
                return try list.array().map { (entry) throws(DecodingError) in
                    AccessListEntry(address: try entry.field("address").address(),
                                    storageKeys: try entry.field("storageKeys").array().map { (k) throws(DecodingError) in try k.quantity() })
                }
            }
        }

        var post: [String: [Expectation]] = [:]
        for (fork, entries) in try t.field("post").members() {
            post[fork] = try entries.array().map { (p) throws(DecodingError) in
                let idx = try p.field("indexes")
                return Expectation(dataIndex: Int(try idx.field("data").uint64()),
                                   gasIndex: Int(try idx.field("gas").uint64()),
                                   valueIndex: Int(try idx.field("value").uint64()),
                                   stateRoot: try p.field("hash").bytes32(),
                                   logsHash: try p.field("logs").bytes32(),
                                   expectException: try p.optionalField("expectException")?.string())
            }
        }
        return StateTest(name: name, env: env, pre: pre, transaction: tx, post: post)
    }

    /// A quantity, or nil for ethereum/tests' `0x:bigint 0x…` notation of values above 2^256-1.
    static func oversizedQuantity(_ v: JSONReader) throws(DecodingError) -> U256? {
        if let s = v.value as? String, s.hasPrefix("0x:bigint ") { return nil }
        return try v.quantity()
    }

    /// The transaction for one post entry, or the reason no valid transaction can carry these
    /// values (then the entry must expect an exception).
    public func transaction(for e: Expectation) -> Result<Transaction, StateTestError> {
        let t = transaction
        guard e.dataIndex < t.data.count, e.gasIndex < t.gasLimit.count, e.valueIndex < t.value.count else {
            return .failure(StateTestError(message: "indexes out of range"))
        }
        guard let nonce = t.nonce.uint64 else { return .failure(StateTestError(message: "nonce above 2^64-1")) }
        guard let gas = t.gasLimit[e.gasIndex].uint64 else { return .failure(StateTestError(message: "gas limit above 2^64-1")) }
        guard let value = t.value[e.valueIndex] else { return .failure(StateTestError(message: "value above 2^256-1")) }
        var tx = Transaction(from: t.sender, to: t.to, nonce: nonce, gasLimit: gas,
                             gasPrice: t.maxFeePerGas == nil ? t.gasPrice : nil,
                             maxFeePerGas: t.maxFeePerGas, maxPriorityFeePerGas: t.maxPriorityFeePerGas,
                             value: value, data: t.data[e.dataIndex])
        if let lists = t.accessLists, e.dataIndex < lists.count { tx.accessList = lists[e.dataIndex] }
        tx.blobVersionedHashes = t.blobVersionedHashes
        tx.maxFeePerBlobGas = t.maxFeePerBlobGas
        return .success(tx)
    }
}

public struct StateTestError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
