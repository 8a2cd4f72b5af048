/// One area's Getis–Ord Gi* (self included), with ArcGIS-style output fields.
package struct GiStarResult: Sendable, Equatable {
    /// `ok`, or `isolated` (no neighbours: no z, no p, bin 0).
    package var state: AreaState
    /// Gi* = Σⱼ wᵢⱼ yⱼ / Σⱼ yⱼ with wᵢᵢ included (esda `Gs`); nil for isolated areas.
    package var g: Double?
    /// E[Gi*] = Wᵢ / n (esda `EGs`); nil for isolated areas.
    package var expected: Double?
    /// Standard score (ArcGIS `GiZScore`, esda `Zs` for binary weights); nil for isolated areas.
    package var z: Double?
    /// RAW two-sided p = 2·P(Z > |z|) (ArcGIS `GiPValue`), never corrected. esda's `G_Local.p_norm` is
    /// one-sided, P(Z > |z|): p = 2·p_norm. nil for isolated areas.
    package var p: Double?
    /// −3…3: sign of z times 3/2/1 for significance at 99/95/90 % (ArcGIS `Gi_Bin`), after the
    /// multiple-testing correction; 0 when not significant or isolated.
    package var bin: Int
}

/// Local Gi* hot-spot statistic (J. K. Ord, A. Getis 1995, "Local spatial autocorrelation statistics:
/// distributional issues and an application", Geographical Analysis 27(4), eq. for Gi* with general
/// weights; the same as ArcGIS "Hot Spot Analysis (Getis-Ord Gi*)"):
///
///   zᵢ = (Σⱼ wᵢⱼ yⱼ − ȳ Wᵢ) / (s √((n S1ᵢ − Wᵢ²) / (n − 1))),  Wᵢ = Σⱼ wᵢⱼ, S1ᵢ = Σⱼ wᵢⱼ²,
///   s² = Σ yⱼ² / n − ȳ², sums over j including i.
///
/// Self-weight wᵢᵢ: 1 for binary or original weights; the row maximum for row-standardised weights
/// (esda's rule). The z is invariant to rescaling a row, so row-standardising does not change it.
///
/// Trap when comparing with esda: `G_Local(star=True, transform='R')` plugs row-standardised weights into
/// the *binary* variance Wᵢ(n − Wᵢ)/(n − 1) and gives different z; esda agrees with this formula for
/// binary weights (`transform='B'`). And esda's `p_norm` is one-sided.
package enum LocalGiStar {
    /// Computes Gi* for every area.
    /// - Parameters:
    ///   - y: one finite value per area (drop missing areas with `SpatialWeights.subset` first).
    ///   - correction: how the 90/95/99 % bins are corrected; `.fdr` uses q = 0.10/0.05/0.01 per level
    ///     over the non-isolated areas (ArcGIS's FDR option). Changes `bin` only, never `p`.
    /// - Throws: `StatisticsError` for n < 3, a constant field, non-finite values, mismatched lengths.
    package static func compute(
        _ y: [Double], weights w: SpatialWeights, correction: MultipleTestingCorrection = .none
    ) throws -> [GiStarResult] {
        let (mean, ss) = try InputCheck.values(y, weights: w, minimumCount: 3)
        let n = Double(y.count)
        let total = y.reduce(0, +)
        let s = (ss / n).squareRoot()
        var results: [GiStarResult] = []
        results.reserveCapacity(y.count)
        for i in 0..<w.count {
            let range = w.offsets[i]..<w.offsets[i + 1]
            guard !range.isEmpty else {
                results.append(GiStarResult(state: .isolated, g: nil, expected: nil, z: nil, p: nil, bin: 0))
                continue
            }
            var selfWeight = 1.0
            if w.transform == .rowStandardized { selfWeight = w.weights[range].max() ?? 1 }
            var lag = selfWeight * y[i]
            var rowSum = selfWeight
            var rowSquares = selfWeight * selfWeight
            for k in range {
                let wk = w.weights[k]
                lag += wk * y[w.neighbors[k]]
                rowSum += wk
                rowSquares += wk * wk
            }
            let spread = (n * rowSquares - rowSum * rowSum) / (n - 1)
            guard spread > 0 else {
                // Every area is in the neighbourhood with equal weight: no variation left to test.
                results.append(GiStarResult(state: .isolated, g: nil, expected: nil, z: nil, p: nil, bin: 0))
                continue
            }
            let z = (lag - mean * rowSum) / (s * spread.squareRoot())
            results.append(
                GiStarResult(
                    state: .ok, g: lag / total, expected: rowSum / n, z: z, p: NormalDistribution.twoSided(z),
                    bin: 0))
        }
        let tested = results.compactMap(\.p)
        let levels: [(alpha: Double, bin: Int)] = [(0.10, 1), (0.05, 2), (0.01, 3)]
        let thresholds = levels.map { MultipleTesting.threshold(tested, alpha: $0.alpha, correction: correction) }
        for i in results.indices {
            guard let p = results[i].p, let z = results[i].z else { continue }
            var bin = 0
            for (level, threshold) in zip(levels, thresholds) where p < threshold { bin = level.bin }
            results[i].bin = z < 0 ? -bin : bin
        }
        return results
    }
}
