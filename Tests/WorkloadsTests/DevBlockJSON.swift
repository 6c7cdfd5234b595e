import Blocks
import Foundation
import Primitives

/// A minimal block-format writer for development checks against the oracle, used only until the
/// shared `BlockFile` codec is available on this branch.
enum DevBlockJSON {
    static func q(_ v: U256) -> String {
        let b = Bytes32(v).bytes
        let hex = Hex.encode(b, prefix: false).drop { $0 == "0" }
        return "0x" + (hex.isEmpty ? "0" : String(hex))
    }
    static func q(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }

    static func encode(_ block: Block) -> String {
        var out = "{\"fork\":\"\(block.fork.rawValue)\",\"env\":{"
        let e = block.env
        out += "\"chainId\":\"\(q(e.chainId))\",\"coinbase\":\"\(e.coinbase.hex)\",\"number\":\"\(q(e.number))\","
        out += "\"timestamp\":\"\(q(e.timestamp))\",\"gasLimit\":\"\(q(e.gasLimit))\",\"baseFee\":\"\(q(e.baseFee))\"},\"pre\":{"
        out += block.pre.keys.sorted().map { a in
            let acct = block.pre[a]!
            let storage = acct.storage.keys.sorted { Bytes32($0) < Bytes32($1) }
                .map { "\"\(q($0))\":\"\(q(acct.storage[$0]!))\"" }.joined(separator: ",")
            return "\"\(a.hex)\":{\"balance\":\"\(q(acct.balance))\",\"nonce\":\"\(q(acct.nonce))\",\"code\":\"\(Hex.encode(acct.code))\",\"storage\":{\(storage)}}"
        }.joined(separator: ",")
        out += "},\"txs\":["
        out += block.transactions.map { t in
            var s = "{\"from\":\"\(t.from.hex)\",\"to\":\"\(t.to!.hex)\",\"nonce\":\"\(q(t.nonce))\",\"gas\":\"\(q(t.gasLimit))\","
            if let p = t.gasPrice { s += "\"gasPrice\":\"\(q(p))\"," }
            if let m = t.maxFeePerGas { s += "\"maxFeePerGas\":\"\(q(m))\",\"maxPriorityFeePerGas\":\"\(q(t.maxPriorityFeePerGas!))\"," }
            s += "\"value\":\"\(q(t.value))\",\"data\":\"\(Hex.encode(t.data))\"}"
            return s
        }.joined(separator: ",\n")
        out += "]}\n"
        return out
    }
}
