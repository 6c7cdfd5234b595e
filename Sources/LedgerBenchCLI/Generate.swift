import ArgumentParser
import Blocks
import Foundation
import Workloads

/// `ledgerbench generate`: writes a generated workload block in the shared block format
/// (`../shared/tools/oracle/README.md`, fork cancun), so it can be run by the oracle, by
/// `ledgerbench execute`, or handed to someone else. Knob flags are named as the sweep names them.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a workload block (genesis + transactions) as block JSON.",
        discussion: """
        Same knobs and seed give a byte-identical file. Contention: --zipf skews recipients, \
        tokens, pairs and collections toward rank 0; --hot-fraction forces that share of \
        transactions onto the workload's hot account or contract; --contracts spreads load \
        over more tokens, pairs or collections.
        """)

    @Option(help: "Workload: \(WorkloadKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var workload: String

    @Option(help: "Number of transactions.")
    var txs: Int = 1_000

    @Option(help: "Number of externally owned accounts in the genesis.")
    var accounts: Int = 1_000

    @Option(help: "Zipf exponent (≥ 0) over recipients, tokens, pairs, collections; 0 = uniform.")
    var zipf: Double = 0

    @Option(name: .customLong("hot-fraction"), help: "Fraction (0…1) of transactions on the single hot account/contract.")
    var hotFraction: Double = 0

    @Option(name: .customLong("eip1559-fraction"), help: "Fraction (0…1) of EIP-1559 transactions (rest legacy).")
    var eip1559Fraction: Double = 0.9

    @Option(name: .customLong("revert-fraction"), help: "Fraction (0…1) of transactions built to revert inside a contract.")
    var revertFraction: Double = 0

    @Option(help: "Number of token contracts (erc20), pairs (amm) or collections (nft).")
    var contracts: Int = 1

    @Option(help: "Mixed workload weights, e.g. transfers=35,erc20=30,amm=20,lending=5,nft=10.")
    var mix: String = WorkloadMix.mainnet.description

    @Option(name: .customLong("price-drop"), help: "Lending: fractional price drop halfway through the block (0…1).")
    var priceDrop: Double = 0.3

    @Option(help: "Seed of the generator.")
    var seed: UInt64 = 1

    @Option(name: [.short, .customLong("output")], help: "Output file ('-' for standard output).")
    var output: String

    @Flag(help: "Print generation and encoding times and block totals to standard error.")
    var stats = false

    func run() throws {
        guard let kind = WorkloadKind(rawValue: workload) else {
            throw ValidationError("unknown --workload '\(workload)'; one of \(WorkloadKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if output != "-" { try OutputPath.checkFolder(of: output) }
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = Self.cpuSeconds()
        let block: Block
        do {
            block = try WorkloadGenerator.generate(parameters(kind))
        } catch {
            throw ValidationError(error.description)
        }
        let generated = clock.now
        let cpuGenerate = Self.cpuSeconds() - cpuStart
        let data = BlockFile.encode(block)
        let encoded = clock.now
        if output == "-" {
            FileHandle.standardOutput.write(data)
        } else {
            do { try AtomicFile.write(data, to: output) } catch { throw ValidationError(error.description) }
        }
        if stats {
            let gas = block.transactions.reduce(UInt64(0)) { $0 + $1.gasLimit }
            let line = "generate \(kind.rawValue): \(block.transactions.count) txs, \(block.pre.count) genesis accounts, "
                + "gas limit sum \(gas), \(data.count) bytes; generate \(seconds(generated - start)) s "
                + "(CPU \(String(format: "%.3f", cpuGenerate)) s), "
                + "encode \(seconds(encoded - generated)) s\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    private func parameters(_ kind: WorkloadKind) throws(WorkloadError) -> WorkloadParameters {
        WorkloadParameters(
            workload: kind, txs: txs, accounts: accounts, zipf: zipf, hotFraction: hotFraction,
            eip1559Fraction: eip1559Fraction, revertFraction: revertFraction, seed: seed,
            contracts: contracts, mix: try WorkloadMix(parsing: mix), priceDrop: priceDrop)
    }

    /// User + system CPU time of this process: on a shared machine, closer to the cost of
    /// generation than wall time.
    private static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6
    }

    private func seconds(_ d: Duration) -> String {
        String(format: "%.3f", Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
    }
}
