/// Geary's C with its moments under randomisation.
package struct GearyResult: Sendable, Equatable {
    /// C = (n − 1) Σᵢ Σⱼ wᵢⱼ (yᵢ − yⱼ)² / (2 S0 Σᵢ zᵢ²).
    package var c: Double
    /// E[C] = 1.
    package var expected: Double
    /// Var[C] under randomisation (esda `VC_rand`).
    package var variance: Double
    /// (C − 1) / √variance (esda `z_rand`). Negative z means positive autocorrelation (C < 1).
    package var z: Double
    /// Two-sided p = 2·P(Z > |z|). esda's `p_rand` is ONE-sided (not doubled): p_rand = p / 2.
    package var p: Double
    /// Var[C] under normality (esda `VC_norm`), for reference.
    package var varianceNormal: Double
}

/// Geary's contiguity ratio C (R. C. Geary 1954, The Incorporated Statistician 5; moments from
/// Cliff & Ord 1981, *Spatial Processes*, eqs. 1.39–1.41), following esda.Geary
/// (https://pysal.org/esda/generated/esda.Geary.html). Analytic inference only.
package enum Geary {
    /// Computes C with the weights *as given* (esda's default is row-standardised: pass
    /// `weights.rowStandardized()`). The z and p are those under randomisation (esda `z_rand`), p two-sided.
    /// - Throws: `StatisticsError` for n < 4, a constant field, non-finite values, mismatched lengths.
    package static func compute(_ y: [Double], weights w: SpatialWeights) throws -> GearyResult {
        let (mean, ss) = try InputCheck.values(y, weights: w, minimumCount: 4)
        let n = Double(y.count)
        let s0 = w.s0
        let s1 = w.s1
        let s2 = w.s2
        let s02 = s0 * s0
        var num = 0.0
        for i in 0..<w.count {
            for k in w.offsets[i]..<w.offsets[i + 1] {
                let d = y[i] - y[w.neighbors[k]]
                num += w.weights[k] * d * d
            }
        }
        let c = (n - 1) * num / (2 * s0 * ss)
        var m4 = 0.0
        for v in y { m4 += (v - mean) * (v - mean) * (v - mean) * (v - mean) }
        let k = (m4 / n) / ((ss / n) * (ss / n))
        let n2 = n * n
        let a = (n - 1) * s1 * (n2 - 3 * n + 3 - (n - 1) * k)
        let b = 0.25 * ((n - 1) * s2 * (n2 + 3 * n - 6 - (n2 - n + 2) * k))
        let cc = s02 * (n2 - 3 - (n - 1) * (n - 1) * k)
        let variance = (a - b + cc) / (n * (n - 2) * (n - 3) * s02)
        let varianceNormal = ((2 * s1 + s2) * (n - 1) - 4 * s02) / (2 * (n + 1) * s02)
        let z = (c - 1) / variance.squareRoot()
        return GearyResult(
            c: c, expected: 1, variance: variance, z: z, p: NormalDistribution.twoSided(z),
            varianceNormal: varianceNormal)
    }
}
