import Primitives
import StateAccess
import Trie

/// State roots of in-memory states, for the conformance runner. Built directly on the trie (not
/// the sharded ledger) because state tests keep empty accounts of their `pre` that were never
/// touched, which the ledger — following EIP-161 — never stores. It also makes the conformance
/// root an independent check of the ledger's account encoding.
public enum StateRoots {
    public static func root(of state: InMemoryState) -> Bytes32? {
        var stateTrie = SecureTrie()
        for (address, account) in state.accounts {
            var storageTrie = SecureTrie()
            for (slot, value) in account.storage where !value.isZero {
                var v = RLPWriter()
                v.append(value)
                storageTrie.update(Bytes32(slot).bytes, v.bytes)
            }
            var leaf = RLPWriter()
            let list = leaf.beginList()
            leaf.append(account.info.nonce)
            leaf.append(account.info.balance)
            leaf.append(storageTrie.rootHash())
            leaf.append(account.info.codeHash)
            leaf.endList(list)
            stateTrie.update(address.bytes, leaf.bytes)
        }
        return stateTrie.rootHash()
    }
}
