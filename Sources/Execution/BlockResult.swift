import Foundation
import Primitives
import Blocks
import Trie

/// One account of the post-state, as the result format lists it.
public struct PostAccount: Sendable, Equatable {
    public var address: Address
    public var balance: U256
    public var nonce: UInt64
    public var code: [UInt8]
    /// Non-zero slots, sorted by slot.
    public var storage: [(slot: U256, value: U256)]
    public var storageRoot: Bytes32

    public init(address: Address, balance: U256, nonce: UInt64, code: [UInt8], storage: [(slot: U256, value: U256)], storageRoot: Bytes32) {
        self.address = address; self.balance = balance; self.nonce = nonce; self.code = code
        self.storage = storage; self.storageRoot = storageRoot
    }

    public static func == (a: PostAccount, b: PostAccount) -> Bool {
        a.address == b.address && a.balance == b.balance && a.nonce == b.nonce && a.code == b.code
            && a.storageRoot == b.storageRoot && a.storage.elementsEqual(b.storage, by: { $0.slot == $1.slot && $0.value == $1.value })
    }
}

/// The result of a block in the oracle's canonical format (`../shared/tools/oracle/README.md`),
/// plus logs blooms, so it can be diffed textually against the oracle's output.
public struct BlockResult: Sendable {
    public var fork: Fork
    public var preStateRoot: Bytes32
    public var stateRoot: Bytes32
    public var receiptsRoot: Bytes32
    public var logsBloom: Bloom
    public var gasUsed: UInt64
    public var receipts: [Receipt]
    public var rejected: [Rejection]
    /// nil when the caller asked to leave the post-state out (huge states).
    public var post: [PostAccount]?

    public init(fork: Fork, preStateRoot: Bytes32, stateRoot: Bytes32, outcome: BlockOutcome, post: [PostAccount]?) {
        self.fork = fork
        self.preStateRoot = preStateRoot
        self.stateRoot = stateRoot
        self.receiptsRoot = BlockResult.receiptsRoot(outcome.receipts)
        var bloom = Bloom()
        for r in outcome.receipts { bloom.formUnion(r.bloom) }
        self.logsBloom = bloom
        self.gasUsed = outcome.gasUsed
        self.receipts = outcome.receipts
        self.rejected = outcome.rejected
        self.post = post
    }

    /// The receipts trie root: key rlp(position in the block), value the consensus encoding.
    public static func receiptsRoot(_ receipts: [Receipt]) -> Bytes32 {
        var trie = MerkleTrie()
        for (position, r) in receipts.enumerated() {
            var key = RLPWriter()
            key.append(UInt64(position))
            trie.update(TrieKey(bytes: key.bytes), r.consensusEncoding)
        }
        return trie.rootHash()
    }

    /// One line for logs and `--summary`.
    public var summary: String {
        let ok = receipts.filter(\.success).count
        return "stateRoot=\(stateRoot.hex) gasUsed=\(gasUsed) txs ok=\(ok) failed=\(receipts.count - ok) rejected=\(rejected.count)"
    }

    /// The canonical JSON (lowercase hex, minimal quantities, the oracle's key order).
    public func json() -> Data {
        var w = JSONWriter()
        w.beginObject()
        w.key("fork"); w.string(fork.rawValue)
        w.key("engine"); w.string("parallelledger")
        w.key("preStateRoot"); w.string(preStateRoot.hex)
        w.key("stateRoot"); w.string(stateRoot.hex)
        w.key("receiptsRoot"); w.string(receiptsRoot.hex)
        w.key("logsBloom"); w.string(logsBloom.hex)
        w.key("gasUsed"); w.quantity(gasUsed)
        w.key("receipts"); w.beginArray()
        for r in receipts {
            w.beginObject()
            w.key("index"); w.int(r.index)
            w.key("status"); w.int(r.success ? 1 : 0)
            w.key("gasUsed"); w.quantity(r.gasUsed)
            w.key("cumulativeGasUsed"); w.quantity(r.cumulativeGasUsed)
            w.key("contractAddress"); if let a = r.contractAddress { w.string(a.hex) } else { w.null() }
            w.key("logs"); w.beginArray()
            for log in r.logs {
                w.beginObject()
                w.key("address"); w.string(log.address.hex)
                w.key("topics"); w.beginArray(); for t in log.topics { w.string(t.hex) }; w.endArray()
                w.key("data"); w.string(Hex.encode(log.data))
                w.endObject()
            }
            w.endArray()
            w.key("logsBloom"); w.string(r.bloom.hex)
            w.key("error"); if let e = r.error { w.string(e) } else { w.null() }
            w.endObject()
        }
        w.endArray()
        w.key("rejected"); w.beginArray()
        for x in rejected {
            w.beginObject(); w.key("index"); w.int(x.index); w.key("error"); w.string(x.reason); w.endObject()
        }
        w.endArray()
        if let post {
            w.key("post"); w.beginObject()
            for a in post {
                w.key(a.address.hex); w.beginObject()
                w.key("balance"); w.string(a.balance.hex)
                w.key("nonce"); w.quantity(a.nonce)
                w.key("code"); w.string(Hex.encode(a.code))
                w.key("storage"); w.beginObject()
                for (slot, value) in a.storage { w.key(Bytes32(slot).hex); w.string(Bytes32(value).hex) }
                w.endObject()
                w.key("storageRoot"); w.string(a.storageRoot.hex)
                w.endObject()
            }
            w.endObject()
        }
        w.endObject()
        w.newline()
        return w.data
    }
}
