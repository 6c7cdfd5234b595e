extension WorkloadParameters {
    /// The `ledgerbench generate` flags that reproduce this block (without `-o`), so a benchmark
    /// row can record exactly which block it measured.
    public var commandLineArguments: [String] {
        var args = ["--workload", workload.rawValue, "--txs", "\(txs)", "--accounts", "\(accounts)",
                    "--zipf", "\(zipf)", "--hot-fraction", "\(hotFraction)",
                    "--eip1559-fraction", "\(eip1559Fraction)", "--revert-fraction", "\(revertFraction)",
                    "--contracts", "\(contracts)"]
        if workload == .mixed { args += ["--mix", mix.description] }
        if workload == .lending || (workload == .mixed && mix.lending > 0) { args += ["--price-drop", "\(priceDrop)"] }
        args += ["--seed", "\(seed)"]
        return args
    }
}
