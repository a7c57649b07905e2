import Foundation

/// Exact binomial acceptance intervals for split checks (Istio semantics reference §12): a correct
/// 50/50 split of 1,000 requests lies in [448, 552] at 99.9% two-sided.
public enum BinomialBounds {
    /// The smallest `lower` and largest `upper` with P(X < lower) ≤ α/2 and P(X > upper) ≤ α/2.
    public static func interval(n: Int, p: Double, confidence: Double) -> (lower: Int, upper: Int) {
        if p <= 0 { return (0, 0) }
        if p >= 1 { return (n, n) }
        let tail = (1 - confidence) / 2
        var cumulative = 0.0
        var lower = 0
        var upper = n
        var foundLower = false
        for k in 0...n {
            cumulative += probability(k, n: n, p: p)
            if !foundLower, cumulative > tail {
                lower = k
                foundLower = true
            }
            if cumulative >= 1 - tail {
                upper = k
                break
            }
        }
        return (lower, upper)
    }

    /// P(X = k) for X ~ Binomial(n, p), computed in log space.
    public static func probability(_ k: Int, n: Int, p: Double) -> Double {
        let logChoose = lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
        return exp(logChoose + Double(k) * log(p) + Double(n - k) * log(1 - p))
    }
}
