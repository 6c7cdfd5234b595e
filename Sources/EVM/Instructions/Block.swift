import Primitives
import StateAccess

// BLOCKHASH, COINBASE, TIMESTAMP, NUMBER, PREVRANDAO, GASLIMIT, CHAINID, BASEFEE,
// BLOBHASH (EIP-4844), BLOBBASEFEE (EIP-7516).
extension TransactionExecutor {
    /// BLOCKHASH n: the hash of one of the 256 previous blocks, else zero.
    @inline(__always)
    func opBlockHash(_ m: inout Machine) {
        let n = m.peek(0)
        var h = Bytes32.zero
        if let k = n.uint64, k < env.number, env.number - k <= 256 {
            h = env.blockHashes[k] ?? view.blockHash(k)
        }
        m.setTop(U256(h))
        m.pc &+= 1
    }

    @inline(__always) func opCoinbase(_ m: inout Machine) { m.push(U256(env.coinbase)); m.pc &+= 1 }
    @inline(__always) func opTimestamp(_ m: inout Machine) { m.push(U256(env.timestamp)); m.pc &+= 1 }
    @inline(__always) func opNumber(_ m: inout Machine) { m.push(U256(env.number)); m.pc &+= 1 }
    @inline(__always) func opPrevRandao(_ m: inout Machine) { m.push(U256(env.prevRandao)); m.pc &+= 1 }
    @inline(__always) func opGasLimit(_ m: inout Machine) { m.push(U256(env.gasLimit)); m.pc &+= 1 }
    @inline(__always) func opChainId(_ m: inout Machine) { m.push(U256(env.chainId)); m.pc &+= 1 }
    @inline(__always) func opBaseFee(_ m: inout Machine) { m.push(env.baseFee); m.pc &+= 1 }

    @inline(__always)
    func opBlobHash(_ m: inout Machine) {
        let i = m.peek(0)
        if let k = i.uint64, k < UInt64(blobHashes.count) {
            m.setTop(U256(blobHashes[Int(k)]))
        } else {
            m.setTop(.zero)
        }
        m.pc &+= 1
    }

    @inline(__always) func opBlobBaseFee(_ m: inout Machine) { m.push(blobBaseFee); m.pc &+= 1 }
}
