/// A composite index over several indicators, the way social monitorings build theirs (Berlin's
/// *Monitoring Soziale Stadtentwicklung*, MSS; Hamburg's *Sozialmonitoring*): each indicator is
/// standardised across the included areas, turned so that a high value means the same direction,
/// aggregated, optionally standardised again, and classified with given cut-offs.
///
/// MSS 2021 (SenSBW, "Monitoring Soziale Stadtentwicklung Berlin 2021", Methodik): the status index
/// is the mean of the z-scores of S1, S3 and S4, z-standardised again, classed at −1, +1 and +1.5
/// (hoch, mittel, niedrig, sehr niedrig); the dynamics index the same over D1, D3 and D4, classed at
/// −1 and +1 (positiv, stabil, negativ). Areas without a value for any indicator (MSS: fewer than
/// 300 residents, outliers) are excluded before standardising.
package struct CompositeIndex: Sendable {
    /// How each indicator (and, with `restandardize`, the aggregate) is standardised.
    package enum Standardization: String, Sendable, CaseIterable {
        /// (x − mean) / σ with the population standard deviation (divisor n), as MSS.
        case zScore = "zscore"
        /// (x − mean) / s with the sample standard deviation (divisor n − 1).
        case zScoreSample = "zscore_sample"
        /// (x − min) / (max − min), 0…1.
        case minMax = "minmax"
    }

    /// How the standardised indicators are combined.
    package enum Aggregation: String, Sendable, CaseIterable {
        /// The arithmetic mean (weights must not be given).
        case mean
        /// Σ wᵢ·zᵢ with weights that sum to 1.
        case weightedSum = "weighted_sum"
    }

    /// One indicator of the index.
    package struct Component: Sendable, Hashable {
        package var name: String
        /// True when a high value is good: its standardised value is turned (−z, or 1 − x for min–max).
        package var invert: Bool
        /// Weight for `weightedSum`.
        package var weight: Double?

        package init(name: String, invert: Bool = false, weight: Double? = nil) {
            self.name = name
            self.invert = invert
            self.weight = weight
        }
    }

    /// Per area, why it has no index.
    package enum Exclusion: Sendable, Hashable {
        /// Flagged invalid before the index (e.g. too few residents).
        case invalid
        /// An indicator is missing.
        case missing
    }

    /// The result per area, in input order.
    package struct Result: Sendable {
        /// The index value, nil for an excluded area.
        package var index: [Double?]
        /// The class (0-based, into `IndexClasses.codes`), nil for an excluded area or without classes.
        package var classIndex: [Int?]
        /// Why an area has no index (nil: it has one).
        package var exclusion: [Exclusion?]
        /// Per component: mean and standard deviation (or min and max for min–max) over included areas.
        package var parameters: [(centre: Double, spread: Double)]
        /// Areas that entered the standardisation.
        package var included: Int
    }

    package var components: [Component]
    package var standardization: Standardization
    package var aggregation: Aggregation
    package var restandardize: Bool
    package var classes: IndexClasses?

    /// Checks the configuration: at least one indicator, weights as the aggregation requires.
    package init(
        components: [Component], standardization: Standardization = .zScore, aggregation: Aggregation = .mean,
        restandardize: Bool = false, classes: IndexClasses? = nil
    ) throws(StatisticsError) {
        guard !components.isEmpty else { throw StatisticsError(.invalidArgument, "an index needs at least one indicator") }
        let names = components.map(\.name)
        guard Set(names).count == names.count else {
            throw StatisticsError(.invalidArgument, "an indicator is listed twice: \(names.joined(separator: ", "))")
        }
        switch aggregation {
        case .mean:
            if components.contains(where: { $0.weight != nil }) {
                throw StatisticsError(.invalidArgument, "weights are given but aggregate = \"mean\"; use \"weighted_sum\"")
            }
        case .weightedSum:
            let weights = components.compactMap(\.weight)
            guard weights.count == components.count else {
                let missing = components.filter { $0.weight == nil }.map(\.name)
                throw StatisticsError(.invalidArgument, "weighted_sum needs a weight for \(missing.joined(separator: ", "))")
            }
            let sum = weights.reduce(0, +)
            guard abs(sum - 1) <= 1e-9, weights.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
                throw StatisticsError(.invalidArgument, "the weights must be ≥ 0 and sum to 1 (they sum to \(sum))")
            }
        }
        self.components = components
        self.standardization = standardization
        self.aggregation = aggregation
        self.restandardize = restandardize
        self.classes = classes
    }

    /// Computes the index.
    ///
    /// - Parameters:
    ///   - values: per area, one value per component (nil: missing).
    ///   - invalid: per area, true when it is flagged invalid and must be excluded.
    package func compute(_ values: [[Double?]], invalid: [Bool]) throws(StatisticsError) -> Result {
        guard invalid.count == values.count, values.allSatisfy({ $0.count == components.count }) else {
            throw StatisticsError(.lengthMismatch, "one value per indicator and area is needed")
        }
        let exclusion: [Exclusion?] = values.indices.map { i in
            invalid[i] ? .invalid : values[i].contains(where: { $0 == nil || !($0?.isFinite ?? false) }) ? .missing : nil
        }
        let rows = values.indices.filter { exclusion[$0] == nil }
        guard rows.count >= 2 else {
            throw StatisticsError(.tooFewAreas, "only \(rows.count) areas have every indicator; an index needs 2 or more")
        }
        var aggregate = [Double](repeating: 0, count: rows.count)
        var parameters: [(centre: Double, spread: Double)] = []
        for (c, component) in components.enumerated() {
            // Safe: rows only holds areas whose every value is present and finite.
            let column = rows.map { values[$0][c] ?? .nan }
            let (scaled, centre, spread) = try standardize(column, name: component.name)
            parameters.append((centre, spread))
            let weight = aggregation == .mean ? 1 / Double(components.count) : (component.weight ?? 0)
            for r in rows.indices {
                let turned = component.invert ? (standardization == .minMax ? 1 - scaled[r] : -scaled[r]) : scaled[r]
                aggregate[r] += weight * turned
            }
        }
        if restandardize { aggregate = try standardize(aggregate, name: "the aggregated index").values }
        var index = [Double?](repeating: nil, count: values.count)
        var classIndex = [Int?](repeating: nil, count: values.count)
        for (r, row) in rows.enumerated() {
            index[row] = aggregate[r]
            classIndex[row] = classes?.classIndex(of: aggregate[r])
        }
        return Result(
            index: index, classIndex: classIndex, exclusion: exclusion, parameters: parameters, included: rows.count)
    }

    /// The standardised values with their centre and spread (mean and σ, or min and range).
    private func standardize(_ x: [Double], name: String) throws(StatisticsError) -> (
        values: [Double], centre: Double, spread: Double
    ) {
        switch standardization {
        case .zScore, .zScoreSample:
            let n = Double(x.count)
            let mean = x.reduce(0, +) / n
            let squares = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            let sd = (squares / (standardization == .zScore ? n : n - 1)).squareRoot()
            guard sd > 0 else { throw StatisticsError(.constantField, "\(name) has the same value in every area") }
            return (x.map { ($0 - mean) / sd }, mean, sd)
        case .minMax:
            let lo = x.min() ?? 0
            let range = (x.max() ?? 0) - lo
            guard range > 0 else { throw StatisticsError(.constantField, "\(name) has the same value in every area") }
            return (x.map { ($0 - lo) / range }, lo, range)
        }
    }
}
