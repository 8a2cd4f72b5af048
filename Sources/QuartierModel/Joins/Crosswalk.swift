/// Weights that carry values from the areas of an older geography onto the current areas (areal or population
/// weighting): for each old area, the shares of it that fall into each current area, normalised to sum to 1, so that
/// carried counts conserve the total exactly (Σ over the current areas = Σ over the old areas).
///
/// Counts are split by the weights; rates are never averaged: their numerator (rate × denominator) and their
/// denominator are carried, and the rate is recomputed from them (Goodchild & Lam 1980, "Areal interpolation: a
/// variant of the traditional spatial problem", Geo-Processing 1, 297–312; population weighting as dasymetric
/// mapping with a population grid, Mennis 2003, The Professional Geographer 55(1), 31–42).
package struct Crosswalk: Sendable {
    /// One (old, new) pair: indexes into `oldIDs` and `newIDs`, the weight (the share of the old area's value that
    /// goes to the new area) and the overlap's surface in m² (for the report).
    package struct Entry: Sendable, Hashable {
        package var old: Int
        package var new: Int
        package var weight: Double
        package var overlap: Double

        package init(old: Int, new: Int, weight: Double, overlap: Double) {
            (self.old, self.new, self.weight, self.overlap) = (old, new, weight, overlap)
        }
    }

    package var oldIDs: [String]
    package var newIDs: [String]
    /// Sorted by old, then new; per old area the weights sum to 1.
    package var entries: [Entry]
    /// Old areas that overlap no current area (their values cannot be carried).
    package var unmatched: [Int]

    /// Normalises raw weights per old area.
    /// - Parameters:
    ///   - raw: (old, new, raw weight ≥ 0, overlap in m²); pairs with raw weight 0 are dropped.
    package init(oldIDs: [String], newIDs: [String], raw: [Entry]) {
        self.oldIDs = oldIDs
        self.newIDs = newIDs
        var totals = Array(repeating: 0.0, count: oldIDs.count)
        for entry in raw where entry.weight > 0 { totals[entry.old] += entry.weight }
        entries = raw.filter { $0.weight > 0 && totals[$0.old] > 0 }
            .map { Entry(old: $0.old, new: $0.new, weight: $0.weight / totals[$0.old], overlap: $0.overlap) }
            .sorted { ($0.old, $0.new) < ($1.old, $1.new) }
        unmatched = totals.indices.filter { totals[$0] <= 0 }
    }

    /// Counts carried onto the current areas: Σ weight · value over the old areas that overlap each one. A current
    /// area that receives a share of a missing old value is missing (nil): missing is never zero.
    /// - Parameter values: per old area (in `oldIDs` order).
    /// - Returns: per current area (in `newIDs` order); nil where nothing is carried or a share is missing.
    package func carry(_ values: [Double?]) -> [Double?] {
        var sums = Array(repeating: 0.0, count: newIDs.count)
        var received = Array(repeating: false, count: newIDs.count)
        var missing = Array(repeating: false, count: newIDs.count)
        for entry in entries {
            received[entry.new] = true
            guard entry.old < values.count, let value = values[entry.old] else {
                missing[entry.new] = true
                continue
            }
            sums[entry.new] += entry.weight * value
        }
        return newIDs.indices.map { received[$0] && !missing[$0] ? sums[$0] : nil }
    }

    /// A rate carried through its numerator and denominator: numerator = rate · denominator per old area, both
    /// carried as counts, the rate recomputed as carried numerator / carried denominator (nil where the carried
    /// denominator is 0 or either part is missing). The rate's scale (%, ‰) cancels.
    package func carryRate(_ rates: [Double?], denominators: [Double?]) -> (rate: [Double?], denominator: [Double?]) {
        let numerators = zip(rates, denominators).map { rate, denominator in
            rate.flatMap { r in denominator.map { r * $0 } }
        }
        let carriedNumerators = carry(numerators)
        let carriedDenominators = carry(denominators)
        let rates = zip(carriedNumerators, carriedDenominators).map { numerator, denominator -> Double? in
            guard let numerator, let denominator, denominator > 0 else { return nil }
            return numerator / denominator
        }
        return (rates, carriedDenominators)
    }

    /// The sum of each current area's weights from old areas (how many old areas' worth it receives), for reports.
    package var weightPerNewArea: [Double] {
        var sums = Array(repeating: 0.0, count: newIDs.count)
        for entry in entries { sums[entry.new] += entry.weight }
        return sums
    }
}
