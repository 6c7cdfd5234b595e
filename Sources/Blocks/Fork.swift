/// The rule set a block runs under: gas schedule and opcode set.
public enum Fork: String, Sendable, CaseIterable, Comparable {
    case paris, shanghai, cancun

    /// Accepts the block format's lowercase names and ethereum/tests' capitalised ones.
    public init?(name: String) {
        switch name.lowercased() {
        case "paris", "merge": self = .paris
        case "shanghai": self = .shanghai
        case "cancun": self = .cancun
        default: return nil
        }
    }

    private var order: Int { Fork.allCases.firstIndex(of: self)! }
    public static func < (a: Fork, b: Fork) -> Bool { a.order < b.order }
}
