/// One application's transaction generator. A workload is one component run for every
/// transaction; `mixed` interleaves several components over one `BlockBuilder`.
protocol WorkloadComponent {
    /// Places the component's contracts and their initial storage in the genesis.
    /// `expectedTxs` is how many transactions it will be asked for (sizes genesis positions).
    init(_ b: inout BlockBuilder, expectedTxs: Int)
    /// Appends one transaction. `hot`: aim it at the component's hot account or contract.
    /// `revert`: build it to revert inside a contract (still a valid, included transaction).
    mutating func next(_ b: inout BlockBuilder, hot: Bool, revert: Bool)
    /// Final genesis touches once all transactions exist (e.g. token total supplies).
    mutating func finish(_ b: inout BlockBuilder)
}

extension WorkloadComponent {
    mutating func finish(_ b: inout BlockBuilder) {}
}
