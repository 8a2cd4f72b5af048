import QuartierModel

/// Global Moran's I with its analytic moments and a permutation test; esda.Moran's field names.
package struct MoranResult: Sendable, Equatable {
    /// I = (n / S0) · Σᵢ Σⱼ wᵢⱼ zᵢ zⱼ / Σᵢ zᵢ², z = y − ȳ.
    package var i: Double
    /// E[I] = −1 / (n − 1).
    package var expected: Double
    /// Var[I] under normality (esda `VI_norm`).
    package var varianceNormal: Double
    /// (I − E[I]) / √varianceNormal (esda `z_norm`).
    package var zNormal: Double
    /// Two-sided p under normality (esda `p_norm` with `two_tailed=True`).
    package var pNormal: Double
    /// Var[I] under randomisation (esda `VI_rand`).
    package var varianceRandom: Double
    /// (I − E[I]) / √varianceRandom (esda `z_rand`).
    package var zRandom: Double
    /// Two-sided p under randomisation (esda `p_rand` with `two_tailed=True`).
    package var pRandom: Double
    /// Permutation pseudo p, folded one-sided as esda: (min(L, R − L) + 1) / (R + 1), L = #{Iₛᵢₘ ≥ I};
    /// nil when `permutations` is 0.
    package var pSimulated: Double?
    /// Number of permutations behind `pSimulated`.
    package var permutations: Int
}

/// Global Moran's I (P. A. P. Moran 1950, Biometrika 37; moments from A. D. Cliff, J. K. Ord 1981,
/// *Spatial Processes*, eqs. 1.35–1.38), following esda.Moran
/// (https://pysal.org/esda/generated/esda.Moran.html).
package enum GlobalMoran {
    /// Computes Moran's I with the weights *as given*: esda's default is row-standardised weights
    /// (`transformation="r"`), so pass `weights.rowStandardized()` to reproduce it.
    ///
    /// Missing values: the caller drops areas with a missing value with `SpatialWeights.subset` first.
    /// - Parameters:
    ///   - y: one finite value per area, in the weights' row order.
    ///   - permutations: random relabellings of y for `pSimulated` (0 for none).
    ///   - seed: the SplitMix64 seed of the permutations; permutation p uses the stream (seed, p) only.
    ///   - threads: workers for the permutations (nil: all active processors); the result does not
    ///     depend on it.
    /// - Throws: `StatisticsError` for n < 4 (the randomisation variance divides by n − 3), a constant
    ///   field, non-finite values, mismatched lengths, or weights without any neighbour.
    package static func compute(
        _ y: [Double], weights: SpatialWeights, permutations: Int = 999, seed: UInt64, threads: Int? = nil
    ) throws -> MoranResult {
        try InputCheck.permutations(permutations)
        let (mean, ss) = try InputCheck.values(y, weights: weights, minimumCount: 4)
        let n = Double(y.count)
        let z = y.map { $0 - mean }
        let s0 = weights.s0
        let s1 = weights.s1
        let s2 = weights.s2
        let s02 = s0 * s0
        let i = statistic(z, weights: weights, s0: s0, sumSquares: ss)
        let expected = -1 / (n - 1)

        let varianceNormal = (n * n * s1 - n * s2 + 3 * s02) / ((n - 1) * (n + 1) * s02) - expected * expected
        var m4 = 0.0
        for v in z { m4 += v * v * v * v }
        let kurtosis = (m4 / n) / ((ss / n) * (ss / n))
        let a = n * ((n * n - 3 * n + 3) * s1 - n * s2 + 3 * s02)
        let b = kurtosis * ((n * n - n) * s1 - 2 * n * s2 + 6 * s02)
        let varianceRandom = (a - b) / ((n - 1) * (n - 2) * (n - 3) * s02) - expected * expected

        let zNormal = (i - expected) / varianceNormal.squareRoot()
        let zRandom = (i - expected) / varianceRandom.squareRoot()

        var pSimulated: Double?
        if permutations > 0 {
            // I = n/(S0 Σz²) · zᵀWz with a positive factor: compare the quadratic forms, the observed one
            // evaluated by the same kernel as the permuted ones.
            let pairs = SymmetricPairs(weights)
            let observed = z.withUnsafeBufferPointer { pairs.quadraticForm($0) }
            var larger = GlobalPermutation.countAtLeast(
                observed, z: z, pairs: pairs, permutations: permutations, seed: seed, threads: threads)
            if permutations - larger < larger { larger = permutations - larger }
            pSimulated = Double(larger + 1) / Double(permutations + 1)
        }
        return MoranResult(
            i: i, expected: expected, varianceNormal: varianceNormal, zNormal: zNormal,
            pNormal: NormalDistribution.twoSided(zNormal), varianceRandom: varianceRandom, zRandom: zRandom,
            pRandom: NormalDistribution.twoSided(zRandom), pSimulated: pSimulated, permutations: permutations)
    }

    /// I for deviations `z` (the numerator's lag computed row by row).
    static func statistic(_ z: [Double], weights w: SpatialWeights, s0: Double, sumSquares: Double) -> Double {
        var cross = 0.0
        for i in 0..<w.count {
            var lag = 0.0
            for k in w.offsets[i]..<w.offsets[i + 1] { lag += w.weights[k] * z[w.neighbors[k]] }
            cross += z[i] * lag
        }
        return Double(z.count) / s0 * cross / sumSquares
    }
}
