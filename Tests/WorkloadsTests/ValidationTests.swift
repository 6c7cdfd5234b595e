import Testing
@testable import Workloads

@Suite struct ValidationTests {
    @Test func rejectsInvalidKnobs() {
        let base = params(.transfers)
        var cases: [(String, WorkloadParameters)] = []
        var p = base; p.txs = -1; cases.append(("txs", p))
        p = base; p.accounts = 0; cases.append(("accounts", p))
        p = base; p.contracts = 0; cases.append(("contracts", p))
        p = base; p.zipf = -0.5; cases.append(("zipf", p))
        p = base; p.zipf = .nan; cases.append(("zipf", p))
        p = base; p.hotFraction = 1.5; cases.append(("hot-fraction", p))
        p = base; p.eip1559Fraction = -0.1; cases.append(("eip1559-fraction", p))
        p = base; p.revertFraction = .infinity; cases.append(("revert-fraction", p))
        p = base; p.priceDrop = 1; cases.append(("price-drop", p))
        p = base; p.mix = WorkloadMix(); cases.append(("mix", p))
        for (knob, p) in cases {
            #expect {
                _ = try WorkloadGenerator.generate(p)
            } throws: { error in
                guard case let WorkloadError.invalidKnob(name, _, _) = error else { return false }
                return name == knob && "\(error)".contains("--\(knob)")
            }
        }
    }

    @Test func emptyBlockIsFine() throws {
        let b = try WorkloadGenerator.generate(params(.mixed, txs: 0))
        #expect(b.transactions.isEmpty)
    }

    @Test func mixParsing() throws {
        let m = try WorkloadMix(parsing: "transfers=1,nft=2.5")
        #expect(m == WorkloadMix(transfers: 1, nft: 2.5))
        #expect(throws: WorkloadError.self) { try WorkloadMix(parsing: "swaps=1") }
        #expect(throws: WorkloadError.self) { try WorkloadMix(parsing: "transfers") }
        #expect(WorkloadMix.mainnet.description == "transfers=35,erc20=30,amm=20,lending=5,nft=10")
    }
}

@Suite struct CommandLineTests {
    @Test func argumentsNameEveryKnob() {
        var p = params(.lending, zipf: 1.5, hot: 0.25, revert: 0.1, seed: 99, contracts: 2)
        p.priceDrop = 0.4
        let args = p.commandLineArguments.joined(separator: " ")
        #expect(args == "--workload lending --txs 500 --accounts 200 --zipf 1.5 --hot-fraction 0.25 --eip1559-fraction 0.5 --revert-fraction 0.1 --contracts 2 --price-drop 0.4 --seed 99")
        #expect(WorkloadAddresses.hotAccount == BlockBuilder.accountAddress(0))
        #expect(WorkloadAddresses.pair(1).hex == "0xc0de000500000000000000000000000000000001")
    }
}
