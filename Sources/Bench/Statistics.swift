/// Order statistics for repeated runs: the sweep reports medians (robust on a noisy machine)
/// and keeps the minimum and maximum.
public enum Statistics {
    public static func median(_ xs: [Double]) -> Double {
        guard !xs.isEmpty else { return 0 }
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
