import Foundation

/// Draws ranks 0..<n with P(k) ∝ 1/(k+1)^s: rank 0 is the hottest item.
///
/// The cumulative distribution is computed once (n `pow` calls) and each draw is one uniform
/// variate and a binary search, so 100,000 draws over 100,000 items cost a few milliseconds.
/// s = 0 is uniform and takes a shortcut without the table.
struct ZipfSampler {
    let count: Int
    let exponent: Double
    private let cdf: [Double]

    init(count: Int, exponent: Double) {
        precondition(count > 0 && exponent >= 0)
        self.count = count
        self.exponent = exponent
        if exponent == 0 || count == 1 {
            cdf = []
            return
        }
        var c = [Double](repeating: 0, count: count)
        var total = 0.0
        for k in 0..<count {
            total += 1 / Double(k + 1).pow(exponent)
            c[k] = total
        }
        for k in 0..<count { c[k] /= total }
        c[count - 1] = 1
        cdf = c
    }

    /// The probability of rank k (for tests and reports).
    func probability(ofRank k: Int) -> Double {
        if cdf.isEmpty { return 1 / Double(count) }
        return k == 0 ? cdf[0] : cdf[k] - cdf[k - 1]
    }

    @inline(__always)
    func sample(_ rng: inout SplitMix64) -> Int {
        if cdf.isEmpty { return rng.below(count) }
        let u = rng.unit()
        var lo = 0, hi = count - 1
        while lo < hi {
            let mid = (lo + hi) >> 1
            if cdf[mid] > u { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}

private extension Double {
    func pow(_ e: Double) -> Double { Foundation.pow(self, e) }
}
