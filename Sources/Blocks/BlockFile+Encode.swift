import Foundation
import Primitives

extension BlockFile {
    /// Writes `block` in the interchange format, byte-identical for identical blocks.
    public static func encode(_ block: Block) -> Data {
        var w = JSONWriter()
        w.beginObject()
        w.key("fork"); w.string(block.fork.rawValue)
        w.key("env"); encodeEnvironment(block.env, into: &w)
        w.key("pre"); encodeAllocation(block.pre, into: &w)
        w.key("txs"); w.beginArray()
        for tx in block.transactions { encodeTransaction(tx, into: &w) }
        w.endArray()
        w.endObject()
        w.newline()
        return w.data
    }

    static func encodeEnvironment(_ env: BlockEnvironment, into w: inout JSONWriter) {
        w.beginObject()
        w.key("chainId"); w.quantity(env.chainId)
        w.key("coinbase"); w.string(env.coinbase.hex)
        w.key("number"); w.quantity(env.number)
        w.key("timestamp"); w.quantity(env.timestamp)
        w.key("gasLimit"); w.quantity(env.gasLimit)
        w.key("baseFee"); w.string(env.baseFee.hex)
        w.key("prevRandao"); w.string(env.prevRandao.hex)
        w.key("excessBlobGas"); w.quantity(env.excessBlobGas)
        if !env.blockHashes.isEmpty {
            w.key("blockHashes"); w.beginObject()
            for (n, h) in env.blockHashes.sorted(by: { $0.key < $1.key }) { w.key(String(n)); w.string(h.hex) }
            w.endObject()
        }
        w.endObject()
    }

    /// A `pre`/`post`-style allocation, accounts sorted by address, slots by key.
    public static func encodeAllocation(_ pre: [Address: GenesisAccount], into w: inout JSONWriter) {
        w.beginObject()
        for (address, a) in pre.sorted(by: { $0.key < $1.key }) {
            w.key(address.hex); w.beginObject()
            w.key("balance"); w.string(a.balance.hex)
            w.key("nonce"); w.quantity(a.nonce)
            w.key("code"); w.hexBytes(a.code)
            w.key("storage"); w.beginObject()
            for (slot, value) in a.storage.sorted(by: { $0.key < $1.key }) where !value.isZero {
                w.key(Bytes32(slot).hex); w.hexBytes(Bytes32(value).bytes)
            }
            w.endObject()
            w.endObject()
        }
        w.endObject()
    }

    static func encodeTransaction(_ tx: Transaction, into w: inout JSONWriter) {
        w.beginObject()
        w.key("from"); w.string(tx.from.hex)
        w.key("to"); if let to = tx.to { w.string(to.hex) } else { w.null() }
        w.key("nonce"); w.quantity(tx.nonce)
        w.key("gas"); w.quantity(tx.gasLimit)
        if let p = tx.gasPrice { w.key("gasPrice"); w.string(p.hex) }
        if let m = tx.maxFeePerGas { w.key("maxFeePerGas"); w.string(m.hex) }
        if let p = tx.maxPriorityFeePerGas { w.key("maxPriorityFeePerGas"); w.string(p.hex) }
        w.key("value"); w.string(tx.value.hex)
        w.key("data"); w.hexBytes(tx.data)
        if let list = tx.accessList {
            w.key("accessList"); w.beginArray()
            for e in list {
                w.beginObject()
                w.key("address"); w.string(e.address.hex)
                w.key("storageKeys"); w.beginArray()
                for k in e.storageKeys { w.string(Bytes32(k).hex) }
                w.endArray()
                w.endObject()
            }
            w.endArray()
        }
        w.endObject()
    }
}
