import Foundation

/// Exact two-sided binomial acceptance intervals (reference §12), derived from the CDF rather than eyeballed.
enum BinomialBounds {
    /// The smallest `[low, high]` with P(X < low) ≤ α/2 and P(X > high) ≤ α/2 for X ~ Bin(n, p).
    static func interval(n: Int, p: Double, confidence: Double = 0.999) -> ClosedRange<Int> {
        let tail = (1 - confidence) / 2
        let logP = log(p)
        let logQ = log(1 - p)
        // log k! by summation, exact enough for n ≤ 10⁵.
        var logFactorial = [0.0]
        for k in 1...max(n, 1) { logFactorial.append(logFactorial[k - 1] + log(Double(k))) }
        let logN = logFactorial[n]
        var cdf = 0.0
        var low: Int?
        var high = n
        for k in 0...n {
            let logPMF =
                logN - logFactorial[k] - logFactorial[n - k] + Double(k) * logP
                + Double(n - k) * logQ
            let previous = cdf
            cdf += exp(logPMF)
            // low: first k whose lower tail P(X ≤ k) exceeds α/2 (so P(X < low) ≤ α/2).
            if low == nil && cdf > tail { low = k }
            // high: first k with P(X > k) ≤ α/2.
            if previous < 1 - tail && cdf >= 1 - tail {
                high = k
                break
            }
        }
        return (low ?? 0)...high
    }
}
