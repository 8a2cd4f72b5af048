/// How a family of local tests is corrected for multiplicity.
package enum MultipleTestingCorrection: Sendable, Equatable {
    /// Each area is tested at the nominal level: significant ⇔ p < α.
    case none
    /// Benjamini–Hochberg false discovery rate at q = α (esda.fdr): significant ⇔ p < `fdrThreshold`.
    case fdr
    /// Bonferroni: significant ⇔ p < α / m, m the number of tested (non-isolated) areas.
    case bonferroni
}

/// Thresholds for multiple testing, returned as a p-value cut so that the raw p-values stay untouched.
package enum MultipleTesting {
    /// The Benjamini–Hochberg threshold with esda.fdr's semantics: with p₍₁₎ ≤ … ≤ p₍ₘ₎ and K the largest
    /// rank with p₍K₎ < K·α/m, returns K·α/m; when no rank qualifies, returns α/m (the Bonferroni bound).
    /// Areas with p < threshold are significant.
    ///
    /// Sources: Y. Benjamini, Y. Hochberg (1995), "Controlling the false discovery rate", JRSS B 57(1);
    /// esda `fdr` (https://pysal.org/esda/generated/esda.fdr.html); its use for LISA: M. Castro, B. Singer
    /// (2006), Geographical Analysis 38(2).
    package static func fdrThreshold(_ pValues: [Double], alpha: Double) -> Double {
        let m = pValues.count
        guard m > 0 else { return alpha }
        let sorted = pValues.sorted()
        var rank = m
        while rank >= 1 {
            let cut = Double(rank) * alpha / Double(m)
            if sorted[rank - 1] < cut { return cut }
            rank -= 1
        }
        return alpha / Double(m)
    }

    /// The Bonferroni threshold α / m.
    package static func bonferroniThreshold(count m: Int, alpha: Double) -> Double {
        m > 0 ? alpha / Double(m) : alpha
    }

    /// The p-value threshold for `correction` at level α over `pValues` (the tested areas only).
    package static func threshold(_ pValues: [Double], alpha: Double, correction: MultipleTestingCorrection)
        -> Double
    {
        switch correction {
        case .none: alpha
        case .fdr: fdrThreshold(pValues, alpha: alpha)
        case .bonferroni: bonferroniThreshold(count: pValues.count, alpha: alpha)
        }
    }
}
