import Foundation

/// Relative weights of transaction kinds in the `mixed` workload (they need not sum to 1).
public struct WorkloadMix: Sendable, Hashable, CustomStringConvertible {
    public var transfers: Double
    public var erc20: Double
    public var amm: Double
    public var lending: Double
    public var nft: Double

    public init(transfers: Double = 0, erc20: Double = 0, amm: Double = 0, lending: Double = 0, nft: Double = 0) {
        self.transfers = transfers; self.erc20 = erc20; self.amm = amm; self.lending = lending; self.nft = nft
    }

    /// Roughly a mainnet block by transaction count: plain payments and token transfers
    /// dominate, DEX swaps are the next largest group, then NFTs and lending.
    public static let mainnet = WorkloadMix(transfers: 35, erc20: 30, amm: 20, lending: 5, nft: 10)

    /// Parses `transfers=35,erc20=30,amm=20,lending=5,nft=10` (kinds left out weigh 0).
    public init(parsing text: String) throws(WorkloadError) {
        self.init()
        for part in text.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2, let w = Double(kv[1]) else {
                throw .invalidKnob("mix", text, "expected kind=weight pairs separated by commas")
            }
            switch kv[0] {
            case "transfers": transfers = w
            case "erc20": erc20 = w
            case "amm": amm = w
            case "lending": lending = w
            case "nft": nft = w
            default: throw .invalidKnob("mix", text, "unknown kind '\(kv[0])' (transfers, erc20, amm, lending, nft)")
            }
        }
        try validate()
    }

    /// In `WorkloadKind` order, without `mixed`.
    var weights: [(WorkloadKind, Double)] {
        [(.transfers, transfers), (.erc20, erc20), (.amm, amm), (.lending, lending), (.nft, nft)]
    }

    func validate() throws(WorkloadError) {
        for (k, w) in weights where !(w.isFinite && w >= 0) {
            throw .invalidKnob("mix", description, "weight of \(k.rawValue) must be finite and ≥ 0")
        }
        guard weights.contains(where: { $0.1 > 0 }) else {
            throw .invalidKnob("mix", description, "at least one weight must be positive")
        }
    }

    public var description: String {
        weights.map { "\($0.0.rawValue)=\(Self.format($0.1))" }.joined(separator: ",")
    }

    private static func format(_ w: Double) -> String {
        w == w.rounded() && abs(w) < 1e15 ? String(Int(w)) : String(w)
    }
}
