/// Getis–Ord General G with its analytic moments.
package struct GeneralGResult: Sendable, Equatable {
    /// G = Σᵢ Σⱼ≠ᵢ wᵢⱼ yᵢ yⱼ / Σᵢ Σⱼ≠ᵢ yᵢ yⱼ.
    package var g: Double
    /// E[G] = S0 / (n (n − 1)).
    package var expected: Double
    /// Var[G] (esda `VG`).
    package var variance: Double
    /// (G − E[G]) / √variance (esda `z_norm`). Positive: high values cluster.
    package var z: Double
    /// Two-sided p = 2·P(Z > |z|). esda's `p_norm` is ONE-sided, 1 − Φ(|z|): p_norm = p / 2.
    package var p: Double
}

/// General G (A. Getis, J. K. Ord 1992, "The analysis of spatial association by use of distance
/// statistics", Geographical Analysis 24(3), eqs. 10–13), following esda.G
/// (https://pysal.org/esda/generated/esda.G.html).
package enum GeneralG {
    /// Computes G. esda.G always converts its weights to binary ('B'); G is not defined for
    /// row-standardised weights, which are rejected here — pass `weights.binary()` (contiguity, kNN) or
    /// the original distance-band weights. The values must be non-negative (G is a ratio of products).
    /// - Throws: `StatisticsError` (`.unsuitableWeights` for row-standardised weights, `.outOfDomain` for
    ///   negative values, plus the checks of every statistic).
    package static func compute(_ y: [Double], weights w: SpatialWeights) throws -> GeneralGResult {
        guard w.transform != .rowStandardized else {
            throw StatisticsError(
                .unsuitableWeights,
                "General G needs binary or original weights (esda.G uses 'B'); pass weights.binary()")
        }
        _ = try InputCheck.values(y, weights: w, minimumCount: 4)
        if let negative = y.firstIndex(where: { $0 < 0 }) {
            throw StatisticsError(.outOfDomain, "General G needs non-negative values; y[\(negative)] = \(y[negative])")
        }
        let n = Double(y.count)
        let s0 = w.s0
        let s1 = w.s1
        let s2 = w.s2
        let s02 = s0 * s0
        var sum1 = 0.0, sum2 = 0.0, sum3 = 0.0, sum4 = 0.0
        for v in y {
            sum1 += v
            sum2 += v * v
            sum3 += v * v * v
            sum4 += v * v * v * v
        }
        let lag = w.lag(y)
        var num = 0.0
        for i in 0..<w.count { num += y[i] * lag[i] }
        let den = sum1 * sum1 - sum2
        let g = num / den
        let expected = s0 / (n * (n - 1))
        let n2 = n * n
        let b0 = (n2 - 3 * n + 3) * s1 - n * s2 + 3 * s02
        let b1 = -((n2 - n) * s1 - 2 * n * s2 + 6 * s02)
        let b2 = -(2 * n * s1 - (n + 3) * s2 + 6 * s02)
        let b3 = 4 * (n - 1) * s1 - 2 * (n + 1) * s2 + 8 * s02
        let b4 = s1 - s2 + s02
        let eg2Numerator =
            b0 * sum2 * sum2 + b1 * sum4 + b2 * sum1 * sum1 * sum2 + b3 * sum1 * sum3 + b4 * sum1 * sum1 * sum1 * sum1
        let eg2 = eg2Numerator / (den * den * n * (n - 1) * (n - 2) * (n - 3))
        let variance = eg2 - expected * expected
        guard variance > 0 else {
            throw StatisticsError(.constantField, "General G has zero variance for these values and weights")
        }
        let z = (g - expected) / variance.squareRoot()
        return GeneralGResult(g: g, expected: expected, variance: variance, z: z, p: NormalDistribution.twoSided(z))
    }
}
