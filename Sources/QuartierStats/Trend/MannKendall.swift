import Foundation

/// The Mann–Kendall trend test and Sen's slope of one series (esda has no trend test; the names and formulas are
/// those of `pymannkendall.original_test`, Hussain & Mahmud 2019, JOSS 4(39), 1556):
///
///   S = Σₖ<ⱼ sign(xⱼ − xₖ),  Var(S) = [n(n−1)(2n+5) − Σ tₚ(tₚ−1)(2tₚ+5)] / 18  (tₚ: sizes of groups of ties),
///   z = (S − 1)/√Var(S) for S > 0, 0 for S = 0, (S + 1)/√Var(S) for S < 0,  p = 2·P(Z > |z|),
///   τ = S / (n(n−1)/2),
///
/// and Sen's slope = the median of (xⱼ − xₖ)/(tⱼ − tₖ) over all pairs k < j with tⱼ ≠ tₖ (Sen 1968; with times
/// 0, 1, 2, … as `pymannkendall.sens_slope`, with real times as `scipy.stats.theilslopes(x, t)`), intercept
/// median(x) − slope·median(t).
package struct MannKendall: Sendable, Equatable {
    package var n: Int
    package var s: Double
    package var varianceS: Double
    package var z: Double
    /// Two-sided normal p of z.
    package var p: Double
    package var tau: Double
    /// Sen's slope, in value units per time unit.
    package var slope: Double
    package var intercept: Double

    /// `increasing` / `decreasing` when p < alpha, else `no trend` (pymannkendall's words).
    package func trend(alpha: Double = 0.05) -> String {
        guard p < alpha else { return "no trend" }
        return z > 0 ? "increasing" : "decreasing"
    }

    /// Tests one series.
    /// - Parameters:
    ///   - values: the series in time order (missing values are left out beforehand).
    ///   - times: the time of each value (default 0, 1, 2, …), for Sen's slope only; the test uses the order.
    /// - Throws: `StatisticsError` `.tooFewAreas` for fewer than 3 values, `.nonFiniteValue` for NaN or ±∞,
    ///   `.lengthMismatch` for times of another length.
    package static func test(_ values: [Double], times: [Double]? = nil) throws -> MannKendall {
        let n = values.count
        guard n >= 3 else {
            throw StatisticsError(.tooFewAreas, "a trend needs at least 3 values in the series, it has \(n)")
        }
        guard values.allSatisfy(\.isFinite) else {
            throw StatisticsError(.nonFiniteValue, "the series holds NaN or an infinite value")
        }
        let t = times ?? values.indices.map(Double.init)
        guard t.count == n, t.allSatisfy(\.isFinite) else {
            throw StatisticsError(.lengthMismatch, "\(t.count) times for \(n) values (or a time is not finite)")
        }
        var s = 0.0
        var slopes: [Double] = []
        slopes.reserveCapacity(n * (n - 1) / 2)
        for k in 0..<n {
            for j in (k + 1)..<n {
                let d = values[j] - values[k]
                s += d > 0 ? 1 : (d < 0 ? -1 : 0)
                if t[j] != t[k] { slopes.append(d / (t[j] - t[k])) }
            }
        }
        var ties: [Double: Int] = [:]
        for value in values { ties[value, default: 0] += 1 }
        let nd = Double(n)
        var variance = nd * (nd - 1) * (2 * nd + 5)
        if ties.count < n {
            for count in ties.values where count > 1 {
                let c = Double(count)
                variance -= c * (c - 1) * (2 * c + 5)
            }
        }
        variance /= 18
        let z: Double
        if s > 0 {
            z = (s - 1) / variance.squareRoot()
        } else if s < 0 {
            z = (s + 1) / variance.squareRoot()
        } else {
            z = 0
        }
        let slope = median(slopes) ?? 0
        let intercept = (median(values) ?? 0) - (median(t) ?? 0) * slope
        return MannKendall(
            n: n, s: s, varianceS: variance, z: z, p: NormalDistribution.twoSided(z), tau: s / (0.5 * nd * (nd - 1)),
            slope: slope, intercept: intercept)
    }

    /// The median (the mean of the two middle values for an even count); nil when empty.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
