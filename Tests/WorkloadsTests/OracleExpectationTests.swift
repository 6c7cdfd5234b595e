import Blocks
import Foundation
import Primitives
import Testing
import TestSupport
@testable import Workloads

/// Checks over the committed oracle (EELS) results in Tests/Data/workloads, which
/// scripts/workloads/regenerate-expected.sh rebuilds: the contracts really behave as the
/// workloads claim, independently of our own EVM.
@Suite struct OracleExpectationTests {
    static let dir = Fixtures.packageRoot.appendingPathComponent("Tests/Data/workloads")
    static let names = WorkloadKind.allCases.flatMap { ["\($0.rawValue)-low", "\($0.rawValue)-high"] }

    struct Receipt {
        let index: Int, success: Bool
        let logs: [(address: String, topics: [String], data: [UInt8])]
    }

    struct Case {
        let block: Block
        let receipts: [Receipt]
        let rejected: Int
        let post: [String: [String: Any]]
    }

    static func load(_ name: String) throws -> Case {
        let block = try BlockFile.decode(Data(contentsOf: dir.appendingPathComponent("\(name).block.json")))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("\(name).expected.json"))) as! [String: Any]
        let receipts = (json["receipts"] as! [[String: Any]]).map { r in
            Receipt(index: r["index"] as! Int, success: r["status"] as! Int == 1,
                    logs: (r["logs"] as! [[String: Any]]).map { l in
                        (l["address"] as! String, l["topics"] as! [String], try! Hex.decode(l["data"] as! String))
                    })
        }
        return Case(block: block, receipts: receipts, rejected: (json["rejected"] as! [Any]).count,
                    post: json["post"] as! [String: [String: Any]])
    }

    /// Parameters of regenerate-expected.sh, so the committed blocks can be checked for drift.
    static func parameters(_ name: String) -> WorkloadParameters {
        let parts = name.split(separator: "-")
        let kind = WorkloadKind(rawValue: String(parts[0]))!
        let high = parts[1] == "high"
        return WorkloadParameters(workload: kind, txs: 300, accounts: 120, zipf: high ? 1.2 : 0,
                                  hotFraction: high ? 0.6 : 0.1, eip1559Fraction: 0.8,
                                  revertFraction: high ? 0.1 : 0.05, seed: high ? 2002 : 1001,
                                  contracts: high ? 1 : 4)
    }

    @Test(arguments: names)
    func everyTransactionIncluded(name: String) throws {
        let c = try Self.load(name)
        #expect(c.rejected == 0)
        #expect(c.receipts.count == c.block.transactions.count)
        #expect(c.block.transactions.count == 300)
    }

    /// The committed block is exactly what the generator produces today: if this fails, the
    /// generator changed and regenerate-expected.sh must be rerun (and the change reviewed).
    @Test(arguments: names)
    func committedBlockMatchesGenerator(name: String) throws {
        let file = try Data(contentsOf: Self.dir.appendingPathComponent("\(name).block.json"))
        #expect(BlockFile.encode(try WorkloadGenerator.generate(Self.parameters(name))) == file)
    }

    @Test(arguments: ["lending-low", "lending-high"])
    func lendingLiquidatesAfterThePriceDrop(name: String) throws {
        let c = try Self.load(name)
        let txs = c.block.transactions
        let drop = try #require(txs.firstIndex { $0.selector == LendingContract.set_price })
        #expect(c.receipts[drop].success)
        let liquidations = c.receipts.filter { txs[$0.index].selector == LendingContract.liquidate }
        let succeeded = liquidations.filter { $0.success }
        let reverted = liquidations.filter { !$0.success }
        #expect(succeeded.count >= 40)
        #expect(succeeded.allSatisfy { $0.index > drop })
        #expect(succeeded.allSatisfy { $0.logs.contains { $0.topics.first == LendingContract.eventLiquidateTopic } })
        // Healthy positions (and, in the high setting, positions already liquidated) revert.
        #expect(reverted.count >= 10)
        #expect(reverted.allSatisfy { $0.logs.isEmpty })
        // Every other transaction (deposits, borrows, the price drop) succeeds.
        #expect(c.receipts.filter { txs[$0.index].selector != LendingContract.liquidate }.allSatisfy { $0.success })
        // A liquidated position is empty in the post-state.
        let victim = txs[succeeded[0].index].addressArgument(0)
        let pool = c.post[BlockBuilder.contractAddress(.lendingPool).hex]!
        let storage = pool["storage"] as! [String: String]
        #expect(storage[Bytes32(StorageSlot.map(4, victim)).hex] == nil)
    }

    @Test(arguments: ["amm-low", "amm-high", "mixed-low", "mixed-high"])
    func ammKeepsTheProductOfReserves(name: String) throws {
        let c = try Self.load(name)
        var k: [String: (high: U256, low: U256)] = [:]
        // k before the block, from the genesis reserves.
        for (address, account) in c.block.pre where address.hi >> 32 == 0xC0DE_0005 {
            k[address.hex] = account.storage[U256(2)]!.multipliedFullWidth(by: account.storage[U256(3)]!)
        }
        var swaps = 0
        for r in c.receipts {
            for log in r.logs where log.topics.first == PairContract.eventSwapTopic {
                let r0 = U256(Bytes32(bytes: log.data[96..<128])!), r1 = U256(Bytes32(bytes: log.data[128..<160])!)
                let product = r0.multipliedFullWidth(by: r1)
                let before = try #require(k[log.address])
                #expect(product.high > before.high || (product.high == before.high && product.low >= before.low),
                        "x*y decreased at tx \(r.index)")
                k[log.address] = product
                swaps += 1
            }
        }
        #expect(swaps > 40)
        // The post-state reserves are those of the last swap.
        for (address, last) in k {
            let storage = c.post[address]!["storage"] as! [String: String]
            let r0 = try U256(hex: storage[Bytes32(U256(2)).hex]!), r1 = try U256(hex: storage[Bytes32(U256(3)).hex]!)
            #expect(r0.multipliedFullWidth(by: r1) == last)
        }
    }

    /// Deliberately reverting transactions revert, and only those (lending liquidations aside,
    /// whose outcome depends on the block's order).
    @Test(arguments: names)
    func revertsExactlyWhereBuilt(name: String) throws {
        let c = try Self.load(name)
        for r in c.receipts {
            let tx = c.block.transactions[r.index]
            let built: Bool?
            switch tx.selector {
            case nil: built = tx.to!.hi >> 48 == 0xC0DE
            case TokenContract.transfer?: built = tx.word(1) == U256.half
            case PairContract.swap?: built = tx.word(2) == U256.max
            case NFTContract.transferFrom?: built = tx.word(2) > U256(UInt64.max)
            case LendingContract.liquidate?: built = nil
            default: built = false
            }
            if let built { #expect(r.success != built, "tx \(r.index) of \(name)") }
        }
    }
}
