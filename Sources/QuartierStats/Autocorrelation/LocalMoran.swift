/// Local Moran's I, the LISA of Anselin (1995), following esda.Moran_Local
/// (https://pysal.org/esda/generated/esda.Moran_Local.html, esda 2.9).
///
/// - Statistic: Iᵢ = (n − 1) zᵢ Σⱼ wᵢⱼ zⱼ / Σₖ zₖ², z = y − ȳ (esda's scaling; invariant to scaling y).
/// - Moments under total randomisation (esda `EI`, `VI`; Sokal, Oden, Thomson 1998, "Local spatial
///   autocorrelation in a biological model", Geographical Analysis 30(4), eqs. A3 and A4*):
///   E[Iᵢ] = −wᵢ/(n − 1); Var[Iᵢ] = wᵢ⁽²⁾(n − b₂)/(n − 1) + (wᵢ² − wᵢ⁽²⁾)(2b₂ − n)/((n − 1)(n − 2))
///   − wᵢ²/(n − 1)², wᵢ = Σⱼ wᵢⱼ, wᵢ⁽²⁾ = Σⱼ wᵢⱼ², b₂ = m₄/m₂².
///   Trap: these moments were derived for Anselin's Iᵢ = zᵢ lagᵢ / m₂, which is n/(n − 1) times esda's
///   Iᵢ; esda mixes the two and so does this type, to agree with esda (the difference is O(1/n)).
/// - Inference: conditional permutation (`ConditionalPermutation`), esda's folded one-sided `p_sim`;
///   one random index matrix shared by all areas, as esda's `crand` (esda/crand.py).
package enum LocalMoran {
    /// Computes local Moran's I for every area, with the weights *as given* (esda's default is
    /// row-standardised: pass `weights.rowStandardized()`).
    /// - Parameters:
    ///   - y: one finite value per area (drop missing areas with `SpatialWeights.subset` first).
    ///   - permutations: conditional permutations per area (0: no `pSimulated`).
    ///   - seed: SplitMix64 seed of the shared random index matrix (esda `crand`'s scheme, see
    ///     `ConditionalPermutation`): row p of the matrix uses the stream (seed, p) only.
    ///   - threads: workers (nil: all active processors); the results do not depend on it.
    /// - Throws: `StatisticsError` for n < 3, a constant field, non-finite values, mismatched lengths.
    package static func compute(
        _ y: [Double], weights w: SpatialWeights, permutations: Int = 999, seed: UInt64, threads: Int? = nil
    ) throws -> [LocalMoranResult] {
        try InputCheck.permutations(permutations)
        let (mean, ss) = try InputCheck.values(y, weights: w, minimumCount: 3)
        let n = Double(y.count)
        let z = y.map { $0 - mean }
        let scaling = (n - 1) / ss
        let m2 = ss / n
        var m4 = 0.0
        for v in z { m4 += v * v * v * v }
        let b2 = (m4 / n) / (m2 * m2)
        let lag = w.lag(z)
        let focal = z.map { $0 * scaling }
        let pValues = ConditionalPermutation.pseudoPValues(
            focal: focal, values: z, weights: w, permutations: permutations, seed: seed, threads: threads)
        let rowSums = w.rowSums
        let rowSquares = w.rowSquareSums
        return (0..<w.count).map { i in
            guard w.offsets[i + 1] > w.offsets[i] else { return .isolated }
            let wi = rowSums[i]
            let wi2 = rowSquares[i]
            let value = focal[i] * lag[i]
            let expected = -wi / (n - 1)
            var variance = wi2 * (n - b2) / (n - 1)
            variance += (wi * wi - wi2) * (2 * b2 - n) / ((n - 1) * (n - 2))
            variance -= (wi / (n - 1)) * (wi / (n - 1))
            let zScore: Double? = variance > 0 ? (value - expected) / variance.squareRoot() : nil
            return LocalMoranResult(
                state: .ok, i: value, expected: expected, variance: variance, z: zScore,
                pSimulated: pValues[i].isNaN ? nil : pValues[i],
                quadrant: LocalMoranResult.Quadrant(value: z[i], lag: lag[i]))
        }
    }
}
