import Foundation
import Ledger
import Primitives
import StateAccess
import Testing
import Trie

/// A deterministic generator (SplitMix64), so failures reproduce.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e3779b97f4a7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58476d1ce4e5b9
        z = (z ^ (z >> 27)) &* 0x94d049bb133111eb
        return z ^ (z >> 31)
    }
}

/// The expected state, kept the simplest way, and its root rebuilt from scratch every time.
struct ModelState {
    struct Account { var info = AccountInfo(); var storage: [U256: U256] = [:] }
    var accounts: [Address: Account] = [:]

    /// The WriteSet semantics, written independently of the ledger's.
    mutating func apply(_ ws: WriteSet) {
        for (a, w) in ws.accounts {
            var acct = accounts[a]
            if w.deleted { acct = nil }
            if w.storageCleared { acct?.storage = [:] }
            if let info = w.info { if acct == nil { acct = Account() }; acct!.info = info }
            else if !w.balanceDelta.isZero {
                if acct == nil { acct = Account() }
                acct!.info.balance = add(acct!.info.balance, w.balanceDelta)
            }
            if let code = w.code { if acct == nil { acct = Account() }; acct!.info.codeHash = Keccak256.hash(code) }
            for (s, v) in w.storage {
                if acct == nil { acct = Account() }
                acct!.storage[s] = v.isZero ? nil : v
            }
            if let x = acct, x.info.isEmpty, x.storage.isEmpty { acct = nil }
            accounts[a] = acct
        }
    }

    /// Modulo 2^256 with Primitives' arithmetic (the ledger has its own): credits that wrap a
    /// balance to zero are part of the tests.
    func add(_ a: U256, _ b: U256) -> U256 { a &+ b }

    static func rlpInt(_ v: U256) -> [UInt8] {
        let bytes = Bytes32(v).bytes
        guard let i = bytes.firstIndex(where: { $0 != 0 }) else { return [0x80] }
        if bytes.count - i == 1 && bytes[i] < 0x80 { return [bytes[i]] }
        return [0x80 + UInt8(bytes.count - i)] + bytes[i...]
    }

    /// Root of a single (unsharded) secure trie built from nothing.
    var root: Bytes32 {
        var state = MerkleTrie()
        for (a, acct) in accounts {
            var st = MerkleTrie()
            for (k, v) in acct.storage { st.update(TrieKey(Keccak256.hash(Bytes32(k).bytes)), Self.rlpInt(v)) }
            let payload = Self.rlpInt(U256(acct.info.nonce)) + Self.rlpInt(acct.info.balance)
                + [0xa0] + st.rootHash().bytes + [0xa0] + acct.info.codeHash.bytes
            let value = (payload.count < 56 ? [0xc0 + UInt8(payload.count)] : [0xf8, UInt8(payload.count)]) + payload
            state.update(TrieKey(Keccak256.hash(a.bytes)), value)
        }
        return state.rootHash()
    }
}

@Suite struct RandomizedStateTests {
    static func randomAddress(_ rng: inout SplitMix, prefixByte: UInt8?, shards: Int) -> Address {
        while true {
            let a = Address(hi: rng.next(), mid: rng.next(), lo: UInt32(truncatingIfNeeded: rng.next()))
            guard let p = prefixByte else { return a }
            let k = Keccak256.hash(a.bytes)
            if shards == 16 ? k[byte: 0] >> 4 == p >> 4 : k[byte: 0] == p { return a }
        }
    }

    static func word(_ rng: inout SplitMix) -> U256 {
        switch rng.next() % 4 {
        case 0: return U256(rng.next() % 8)
        case 1: return U256(rng.next())
        case 2: return U256(w0: rng.next(), w1: rng.next(), w2: 0, w3: 0)
        default: return U256(w0: rng.next(), w1: rng.next(), w2: rng.next(), w3: rng.next() >> 1)
        }
    }

    /// One random write to `a` (exercising every field of AccountWrite).
    static func randomWrite(_ rng: inout SplitMix, existing: Bool) -> AccountWrite {
        var w = AccountWrite()
        let r = rng.next() % 100
        if existing && r < 10 { w.deleted = true; if rng.next() % 2 == 0 { return w } }
        if existing && r >= 10 && r < 15 { w.storageCleared = true }
        switch rng.next() % 4 {
        case 0: w.info = AccountInfo(nonce: rng.next() % 5, balance: U256(rng.next() % 3))
        case 1: w.balanceDelta = U256(rng.next() % 1_000_000)
        case 2: w.info = AccountInfo(nonce: rng.next() % 1000, balance: word(&rng))
        default: break
        }
        if rng.next() % 10 == 0 { w.code = (0..<Int(rng.next() % 40)).map { _ in UInt8(truncatingIfNeeded: rng.next()) } }
        for _ in 0..<Int(rng.next() % 4) {
            let slot = rng.next() % 3 == 0 ? U256(rng.next() % 16) : word(&rng)
            w.storage[slot] = rng.next() % 4 == 0 ? .zero : word(&rng)
        }
        return w
    }

    static func check(seed: UInt64, accounts: Int, rounds: Int, singleShard: Int?) throws {
        var rng = SplitMix(state: seed)
        let prefix: UInt8? = singleShard.map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let ledgers = try [1, 16, 256].map { try ShardedLedger(shardCount: $0) }
        var model = ModelState()
        var pool: [Address] = []
        // Round 0 creates the state; later rounds modify, delete and add.
        for round in 0...rounds {
            var sets: [WriteSet] = []
            for _ in 0..<(round == 0 ? 1 : 3) {
                var ws = WriteSet()
                let n = round == 0 ? accounts : Swift.max(1, accounts / 10)
                for _ in 0..<n {
                    let isNew = round == 0 || pool.isEmpty || rng.next() % 5 == 0
                    let a = isNew ? randomAddress(&rng, prefixByte: prefix, shards: singleShard ?? 16) : pool[Int(rng.next() % UInt64(pool.count))]
                    if isNew { pool.append(a) }
                    ws.accounts[a] = randomWrite(&rng, existing: !isNew)
                }
                sets.append(ws)
            }
            for s in sets { model.apply(s) }
            for l in ledgers { l.apply(sets) }
            let expected = model.root
            for l in ledgers {
                #expect(l.stateRoot() == expected, "seed \(seed) round \(round) shards \(l.shardCount)")
            }
            // Reads agree with the model.
            for a in pool.prefix(200) {
                for l in ledgers {
                    #expect(try l.account(a) == model.accounts[a]?.info)
                    #expect(try l.hasStorage(a) == !(model.accounts[a]?.storage.isEmpty ?? true))
                }
            }
        }
        // dump() lists exactly the model's accounts and storage.
        let dump = ledgers[1].dump()
        #expect(dump.count == model.accounts.count)
        #expect(dump.map(\.address) == model.accounts.keys.sorted())
        for d in dump {
            let m = try #require(model.accounts[d.address])
            #expect(d.info == m.info)
            #expect(Dictionary(uniqueKeysWithValues: d.storage.map { ($0.slot, $0.value) }) == m.storage)
        }
        // A copy is independent, and a fresh ledger from the final state has the same root.
        let copy = ledgers[1].copy()
        let before = ledgers[1].stateRoot()
        copy.apply([WriteSet(accounts: [randomAddress(&rng, prefixByte: nil, shards: 16): AccountWrite(balanceDelta: .one)])])
        #expect(copy.stateRoot() != before)
        #expect(ledgers[1].stateRoot() == before)
    }

    @Test(arguments: [(1, 0), (2, 1), (3, 2), (4, 17), (5, 300)])
    func shardCountsAgreeWithRebuild(seed: UInt64, accounts: Int) throws {
        try Self.check(seed: seed, accounts: accounts, rounds: 4, singleShard: nil)
    }

    @Test(arguments: [16, 256])
    func singleShardStates(shards: Int) throws {
        try Self.check(seed: 77 + UInt64(shards), accounts: 25, rounds: 4, singleShard: shards)
    }

    /// The commit sums consecutive pure credits to one account (`WriteRouter`): blocks where a
    /// few hot accounts get a credit in most write sets, mixed with every other kind of write to
    /// them (deletion, a new value, storage, a credit that wraps the balance to zero, a zero
    /// credit to an empty account), over enough writes that routing runs in parallel.
    @Test(arguments: [(1, 1), (16, 2), (256, 2), (16, 8)])
    func creditsToHotAccountsAgreeWithModel(shards: Int, workers: Int) throws {
        var rng = SplitMix(state: UInt64(shards * 31 + workers))
        let ledger = try ShardedLedger(shardCount: shards, workers: workers)
        var model = ModelState()
        let hot = (0..<4).map { _ in Self.randomAddress(&rng, prefixByte: nil, shards: 16) }
        let cold = (0..<300).map { _ in Self.randomAddress(&rng, prefixByte: nil, shards: 16) }
        for _ in 0..<3 {
            var sets: [WriteSet] = []
            for _ in 0..<1_500 {
                var ws = WriteSet()
                for a in hot where rng.next() % 4 != 0 {
                    switch rng.next() % 40 {
                    case 0: ws.accounts[a] = AccountWrite(deleted: true)
                    case 1: ws.accounts[a] = Self.randomWrite(&rng, existing: true)
                    case 2: ws.accounts[a] = AccountWrite(balanceDelta: .zero)
                    case 3:
                        // Wraps the balance to zero (2^256 − balance), the account becomes empty.
                        let balance = model.accounts[a]?.info.balance ?? .zero
                        ws.accounts[a] = AccountWrite(balanceDelta: U256.zero &- balance)
                    default: ws.accounts[a] = AccountWrite(balanceDelta: U256(rng.next() % 1_000))
                    }
                }
                let c = cold[Int(rng.next() % UInt64(cold.count))]
                ws.accounts[c] = Self.randomWrite(&rng, existing: model.accounts[c] != nil)
                sets.append(ws)
                model.apply(ws)
            }
            ledger.apply(sets)
            #expect(ledger.stateRoot() == model.root)
            for a in hot + cold { #expect(try ledger.account(a) == model.accounts[a]?.info) }
        }
    }

    /// Large storage batches spread over the workers (`StorageSplit`), with the split threshold
    /// lowered so that several accounts split in every block: slots set, overwritten and zeroed
    /// (down to tries of one slot and none, which are then not split), accounts deleted and
    /// recreated, on 2 and 3 workers; every root equals the model's.
    @Test(arguments: [(16, 2), (16, 3), (256, 2)])
    func splitStorageAgreesWithModel(shards: Int, workers: Int) throws {
        var rng = SplitMix(state: UInt64(shards * 7 + workers))
        let ledger = try ShardedLedger(shardCount: shards, workers: workers)
        ledger.splitStorageFrom = 40
        var model = ModelState()
        let contracts = (0..<5).map { _ in Self.randomAddress(&rng, prefixByte: nil, shards: 16) }
        for round in 0..<8 {
            var sets: [WriteSet] = []
            for _ in 0..<60 {
                var ws = WriteSet()
                for (k, a) in contracts.enumerated() where rng.next() % 2 == 0 {
                    var w = AccountWrite(info: AccountInfo(nonce: 1, balance: U256(rng.next() % 100)))
                    if round == 5 && k == 0 { w.deleted = true }
                    for _ in 0..<Int(rng.next() % 6) {
                        let slot = U256(rng.next() % 600)
                        // Round 3 zeroes most slots; round 4 zeroes all but a few.
                        let zero = round == 3 ? rng.next() % 4 != 0 : round == 4 ? slot.w0 > 2 : rng.next() % 5 == 0
                        w.storage[slot] = zero ? .zero : U256(1 + rng.next() % 1_000)
                    }
                    ws.accounts[a] = w
                }
                sets.append(ws)
                model.apply(ws)
            }
            ledger.apply(sets)
            #expect(ledger.stateRoot() == model.root, "round \(round)")
        }
        #expect(ledger.storageSplits >= 8, "the test must exercise the split")
    }

    @Test func largeState() throws {
        try Self.check(seed: 99, accounts: 5000, rounds: 2, singleShard: nil)
    }

    @Test func emptyLedgerHasEmptyRoot() throws {
        for s in [1, 16, 256] { #expect(try ShardedLedger(shardCount: s).stateRoot() == MerkleTrie.emptyRoot) }
        #expect(throws: LedgerError.invalidShardCount(8)) { try ShardedLedger(shardCount: 8) }
    }

    @Test func routingUsesLeadingNibbles() {
        let a = Address(low: 0x1234)
        let k = Keccak256.hash(a.bytes)
        #expect(ShardRouting.shard(of: a, shardCount: 16) == Int(k[byte: 0] >> 4))
        #expect(ShardRouting.shard(of: a, shardCount: 256) == Int(k[byte: 0]))
        #expect(ShardRouting.shard(of: a, shardCount: 1) == 0)
    }
}
