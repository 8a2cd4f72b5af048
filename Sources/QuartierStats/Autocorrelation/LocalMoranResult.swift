/// One area's local Moran's I (univariate or bivariate), with esda's and ArcGIS's meanings.
package struct LocalMoranResult: Sendable, Equatable {
    /// `ok`, or `isolated` (no neighbours: every other field nil, never a spurious p).
    package var state: AreaState
    /// Iᵢ = (n − 1) zᵢ Σⱼ wᵢⱼ zⱼ / Σₖ zₖ² (esda `Is`; ArcGIS `LMiIndex`). Bivariate: zₓ,ᵢ times the lag of z_y.
    package var i: Double?
    /// E[Iᵢ] under total randomisation, −wᵢ./(n − 1) (esda `EI`); nil for bivariate.
    package var expected: Double?
    /// Var[Iᵢ] under total randomisation (esda `VI`, Sokal et al. 1998 eqs. A3–A4*); nil for bivariate.
    package var variance: Double?
    /// Analytic z = (Iᵢ − E[Iᵢ]) / √Var[Iᵢ] (ArcGIS `LMiZScore`); nil for bivariate or zero variance.
    /// Not esda's `z_sim`, which comes from the permutation distribution.
    package var z: Double?
    /// Conditional-permutation pseudo p, folded one-sided as esda's `p_sim` (ArcGIS `LMiPValue`);
    /// nil when isolated or when no permutations were run.
    package var pSimulated: Double?
    /// Moran scatterplot quadrant (esda `q`, not GeoDa's order); nil when isolated.
    package var quadrant: Quadrant?

    /// esda's quadrant codes: 1 HH, 2 LH, 3 LL, 4 HL (value vs lag; zero counts as low).
    package enum Quadrant: Int, Sendable, Codable, Equatable {
        case highHigh = 1
        case lowHigh = 2
        case lowLow = 3
        case highLow = 4

        init(value: Double, lag: Double) {
            switch (value > 0, lag > 0) {
            case (true, true): self = .highHigh
            case (false, true): self = .lowHigh
            case (false, false): self = .lowLow
            case (true, false): self = .highLow
            }
        }
    }

    /// The result of an area without neighbours.
    package static let isolated = LocalMoranResult(
        state: .isolated, i: nil, expected: nil, variance: nil, z: nil, pSimulated: nil, quadrant: nil)
}

/// ArcGIS's `COType`: the cluster or outlier type of a significant area, "" otherwise.
package enum ClusterType: String, Sendable, Codable, Equatable {
    case highHigh = "HH"
    case lowLow = "LL"
    case highLow = "HL"
    case lowHigh = "LH"
    case notSignificant = ""
}

extension LocalMoranResult {
    /// Cluster types from the pseudo p-values: significant ⇔ `pSimulated` < threshold, the threshold
    /// from `MultipleTesting.threshold` over the areas that have a p. Isolated areas and areas without p
    /// are "" (their `state` says why).
    /// - Throws: `StatisticsError.invalidArgument` when alpha is not in (0, 1).
    package static func significant(
        _ results: [LocalMoranResult], alpha: Double = 0.05, correction: MultipleTestingCorrection = .none
    ) throws -> [ClusterType] {
        try InputCheck.alpha(alpha)
        let threshold = MultipleTesting.threshold(
            results.compactMap(\.pSimulated), alpha: alpha, correction: correction)
        return results.map { result in
            guard let p = result.pSimulated, let quadrant = result.quadrant, p < threshold else {
                return .notSignificant
            }
            switch quadrant {
            case .highHigh: return .highHigh
            case .lowHigh: return .lowHigh
            case .lowLow: return .lowLow
            case .highLow: return .highLow
            }
        }
    }
}
