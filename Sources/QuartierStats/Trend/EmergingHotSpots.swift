/// Emerging hot spot analysis (as ArcGIS Pro's "Emerging Hot Spot Analysis", with its rules written out so the
/// result is exactly reproducible):
///
/// - The space-time cube is the n·T bins of the areas × time steps; a bin with a missing value is left out (it is
///   nobody's neighbour and is not tested).
/// - The neighbours of bin (i, t) are {(j, s): j = i or j a spatial neighbour of i, t − K ≤ s ≤ t} (time lag K),
///   binary weights, the bin itself included; Ord–Getis Gi* z over the whole cube with the mean and the population
///   standard deviation of all present values (`LocalGiStar`'s formula: with K = 0 and one step it is that Gi*).
/// - A bin is hot (cold) when its two-sided normal p is below the threshold (alpha, or the Benjamini–Hochberg
///   threshold over all bins with `fdr`) and z > 0 (z < 0).
/// - Trend: Mann–Kendall on each area's series of Gi* z, significant when p < alpha, direction by its z's sign.
/// - Category, the first that matches, h = hot steps, "90 %" = h ≥ 0.9·T: New (final hot, no other hot step),
///   Consecutive (a final run of ≥ 2 hot steps, none before it, h < 90 %), Intensifying (final hot, h ≥ 90 %,
///   significant upward trend), Persistent (final hot, h ≥ 90 %, no significant trend), Diminishing (final hot,
///   h ≥ 90 %, significant downward trend), Sporadic (final hot, h < 90 %, no cold step), Oscillating (final hot,
///   h < 90 %, a cold step); the same seven for cold spots (upward and downward swapped); Historical Hot (Cold)
///   Spot (final step not hot (cold), h ≥ 90 %); else No Pattern Detected. ArcGIS's codes: 1…8, negative for cold.
package enum EmergingHotSpots {
    package struct Bin: Sendable, Equatable {
        package var z: Double
        package var p: Double
        /// −1 cold, 0 neither, 1 hot.
        package var spot: Int
    }

    package struct AreaResult: Sendable, Equatable {
        /// Per time step; nil where the value is missing.
        package var bins: [Bin?]
        package var category: Int
        package var pattern: String
        /// Mann–Kendall of the Gi* z series; nil with fewer than 3 present steps.
        package var trendZ: Double?
        package var trendP: Double?
    }

    package static let names = [
        1: "New", 2: "Consecutive", 3: "Intensifying", 4: "Persistent", 5: "Diminishing", 6: "Sporadic",
        7: "Oscillating", 8: "Historical",
    ]

    /// ArcGIS's name of a category code (`New Hot Spot`, …, `No Pattern Detected`).
    package static func pattern(_ category: Int) -> String {
        guard let name = names[abs(category)] else { return "No Pattern Detected" }
        return "\(name) \(category > 0 ? "Hot" : "Cold") Spot"
    }

    /// - Parameters:
    ///   - values: `values[t][i]`, the value of area i at step t (nil: missing), T ≥ 2 steps.
    ///   - neighbors: each area's spatial neighbours (indexes, without itself).
    ///   - timeLag: K ≥ 0.
    ///   - alpha: significance level of the bins and of the trend.
    ///   - fdr: Benjamini–Hochberg over all bins instead of the plain alpha.
    /// - Throws: `StatisticsError` for fewer than 2 steps, fewer than 3 present bins, a constant cube, a negative lag.
    package static func analyse(
        _ values: [[Double?]], neighbors: [[Int]], timeLag: Int = 1, alpha: Double = 0.05, fdr: Bool = false
    ) throws -> [AreaResult] {
        let steps = values.count
        guard steps >= 2 else {
            throw StatisticsError(.invalidArgument, "emerging hot spots need at least 2 time steps, the series has \(steps)")
        }
        guard timeLag >= 0 else { throw StatisticsError(.invalidArgument, "the time lag must be 0 or more") }
        let n = neighbors.count
        guard values.allSatisfy({ $0.count == n }) else {
            throw StatisticsError(.lengthMismatch, "every time step needs one value per area (\(n))")
        }
        let zs = try giStarCube(values, neighbors: neighbors, timeLag: timeLag)
        let pValues = zs.flatMap { $0.compactMap { $0 } }.map(NormalDistribution.twoSided)
        let threshold = fdr ? MultipleTesting.fdrThreshold(pValues, alpha: alpha) : alpha
        return try (0..<n).map { i in
            let bins: [Bin?] = (0..<steps).map { t in
                guard let z = zs[t][i] else { return nil }
                let p = NormalDistribution.twoSided(z)
                return Bin(z: z, p: p, spot: p < threshold ? (z > 0 ? 1 : (z < 0 ? -1 : 0)) : 0)
            }
            let series = bins.compactMap { $0?.z }
            let trend = series.count >= 3 ? try MannKendall.test(series) : nil
            let direction = trend.map { $0.p < alpha ? ($0.z > 0 ? 1 : ($0.z < 0 ? -1 : 0)) : 0 } ?? 0
            let category = categorize(bins.map { $0?.spot ?? 0 }, trend: direction)
            return AreaResult(bins: bins, category: category, pattern: pattern(category), trendZ: trend?.z, trendP: trend?.p)
        }
    }

    /// Gi* z of every bin of the cube (nil where the value is missing); with K = 0 and one step, `LocalGiStar` on
    /// binary weights.
    package static func giStarCube(_ values: [[Double?]], neighbors: [[Int]], timeLag: Int) throws -> [[Double?]] {
        let n = neighbors.count
        let present = values.flatMap { $0.compactMap { $0 } }
        guard present.count >= 3 else { throw StatisticsError(.tooFewAreas, "fewer than 3 values in the cube") }
        guard present.allSatisfy(\.isFinite) else { throw StatisticsError(.nonFiniteValue, "the cube holds NaN or ∞") }
        let count = Double(present.count)
        let mean = present.reduce(0, +) / count
        let sd = (present.reduce(0) { $0 + $1 * $1 } / count - mean * mean).squareRoot()
        guard sd > 0, sd.isFinite else { throw StatisticsError(.constantField, "every value of the cube is equal") }
        var zs: [[Double?]] = Array(repeating: Array(repeating: nil, count: n), count: values.count)
        for t in values.indices {
            for i in 0..<n where values[t][i] != nil {
                var (sum, weight) = (0.0, 0.0)
                for s in max(0, t - timeLag)...t {
                    for j in [i] + neighbors[i] {
                        guard let v = values[s][j] else { continue }
                        sum += v
                        weight += 1
                    }
                }
                let denominator = sd * ((count * weight - weight * weight) / (count - 1)).squareRoot()
                zs[t][i] = denominator > 0 ? (sum - mean * weight) / denominator : 0
            }
        }
        return zs
    }

    /// The category of one area from its steps' spots (−1, 0, 1) and its significant trend (−1, 0, 1).
    package static func categorize(_ spots: [Int], trend: Int) -> Int {
        for sign in [1, -1] {
            if let code = finalSpotCategory(spots, sign: sign, trend: trend * sign) { return code * sign }
        }
        let steps = spots.count
        for sign in [1, -1] where spots.last != sign && spots.filter({ $0 == sign }).count * 10 >= 9 * steps {
            return 8 * sign
        }
        return 0
    }

    /// Categories 1–7 for hot (sign 1) or cold (sign −1) spots, `trend` already turned to the spot's direction.
    static func finalSpotCategory(_ spots: [Int], sign: Int, trend: Int) -> Int? {
        guard spots.last == sign else { return nil }
        let steps = spots.count
        let h = spots.filter { $0 == sign }.count
        let ninety = h * 10 >= 9 * steps
        if h == 1 { return 1 }
        let run = spots.reversed().prefix { $0 == sign }.count
        if run >= 2 && run == h && !ninety { return 2 }
        if ninety { return trend > 0 ? 3 : (trend < 0 ? 5 : 4) }
        return spots.contains(-sign) ? 7 : 6
    }
}
