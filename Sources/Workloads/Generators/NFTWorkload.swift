import Primitives

/// `nft`: mints and transfers over `contracts` ERC-721-style collections.
///
/// A hot transaction mints on collection 0: every mint reads and writes its token counter, the
/// "mint day" hot slot, so `hotFraction` is the share of mints. The others transfer one of the
/// sender's tokens (collection by Zipf rank) to a Zipf-ranked recipient; transfers of different
/// tokens touch disjoint slots. Account i's first token in a collection is token id i, written
/// into the genesis when it is first needed (ids 0..<accounts are reserved for that, and block
/// mints start at `accounts`). A reverting transfer names a token id that was never minted.
struct NFTWorkload: WorkloadComponent {
    static let mintGas: UInt64 = 100_000
    static let transferGas: UInt64 = 90_000

    private let collections: [Address]
    private var nextId: [UInt64]
    /// Per collection: account → token ids it owns (in the model of the block so far).
    private var owned: [[Int: [UInt64]]]
    /// Per collection: accounts whose genesis token has been written.
    private var materialised: [Set<Int>]

    init(_ b: inout BlockBuilder, expectedTxs: Int) {
        let n = b.parameters.contracts
        collections = (0..<n).map { BlockBuilder.contractAddress(.collection, $0) }
        nextId = [UInt64](repeating: UInt64(b.parameters.accounts), count: n)
        owned = [[Int: [UInt64]]](repeating: [:], count: n)
        materialised = [Set<Int>](repeating: [], count: n)
        for c in collections {
            b.deploy(c, code: ContractCode.nft, slots: Swift.min(b.parameters.accounts, expectedTxs) * 2 / n + 1)
            b.store(c, .slot(3), U256(UInt64(b.parameters.accounts)))
        }
    }

    mutating func next(_ b: inout BlockBuilder, hot: Bool, revert: Bool) {
        let from = b.sender()
        if hot {
            mint(&b, from: from, collection: 0)
            return
        }
        let c = b.contractInstance(hot: false)
        let to = b.recipient(hot: false)
        if revert {
            let id = U256(w0: b.rng.next(), w1: 1, w2: 0, w3: 0)  // ≥ 2^64: never minted
            transfer(&b, from: from, to: to, collection: c, id: id)
            return
        }
        if owned[c][from, default: []].isEmpty, materialised[c].insert(from).inserted {
            let me = b.accounts[from]
            b.store(collections[c], StorageSlot.map(0, U256(UInt64(from))), U256(me))
            b.store(collections[c], StorageSlot.map(1, me), .one)
            owned[c][from, default: []].append(UInt64(from))
        }
        guard let id = owned[c][from]?.popLast() else {
            // Gave its tokens away already: mint a new one instead.
            mint(&b, from: from, collection: c)
            return
        }
        owned[c][to, default: []].append(id)
        transfer(&b, from: from, to: to, collection: c, id: U256(id))
    }

    private mutating func mint(_ b: inout BlockBuilder, from: Int, collection c: Int) {
        owned[c][from, default: []].append(nextId[c])
        nextId[c] += 1
        b.emit(from: from, to: collections[c], gas: Self.mintGas, data: Calldata(NFTContract.mint, words: 0).bytes)
    }

    private mutating func transfer(_ b: inout BlockBuilder, from: Int, to: Int, collection c: Int, id: U256) {
        b.emit(from: from, to: collections[c], gas: Self.transferGas,
               data: Calldata.call(NFTContract.transferFrom, [.address(b.accounts[from]), .address(b.accounts[to]), .word(id)]))
    }
}
