package import QuartierModel
/// The error every statistic of this module throws for input it cannot analyse: it names what is wrong
/// and why, and never lets a NaN or an infinity into a result.
package struct StatisticsError: QuartierFailure, Equatable {
    /// What went wrong, for tests and for mapping to exit codes (test by code, not by message).
    package struct Code: RawRepresentable, Sendable, Hashable {
        package var rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }

        /// Fewer areas than the statistic's formulas need (usually 3; variances divide by n − 2 or n − 3).
        package static let tooFewAreas = Code(rawValue: "too_few_areas")
        /// All values are equal: the variance is zero and every standardised statistic is 0/0.
        package static let constantField = Code(rawValue: "constant_field")
        /// Values and weights (or two value arrays) describe different numbers of areas.
        package static let lengthMismatch = Code(rawValue: "length_mismatch")
        /// A value is NaN or infinite (missing areas must be dropped with `SpatialWeights.subset` first).
        package static let nonFiniteValue = Code(rawValue: "non_finite_value")
        /// A value outside the statistic's domain (negative values for G, a zero population for rates).
        package static let outOfDomain = Code(rawValue: "out_of_domain")
        /// Weights the statistic is not defined for (e.g. row-standardised weights for General G).
        package static let unsuitableWeights = Code(rawValue: "unsuitable_weights")
        /// A parameter outside its range (negative permutations, alpha outside (0, 1), k < 2, …).
        package static let invalidArgument = Code(rawValue: "invalid_argument")
        /// No area has a neighbour, so no spatial statistic exists.
        package static let noNeighbours = Code(rawValue: "no_neighbours")
    }

    package var code: Code
    package var message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { "\(code.rawValue): \(message)" }

    /// Every code describes data or parameters the statistic cannot analyse: bad input.
    package var kind: FailureKind { .badInput }
}

/// Per-area state of a local result, as in ARCHITECTURE.md "States" (lower-case, snake_case).
package enum AreaState: String, Sendable, Codable, Equatable {
    /// The statistic was computed.
    case ok
    /// The area's value is missing (set by callers that carry the dropped areas back to the full layer).
    case undefined
    /// The area has no neighbours: no local statistic, no z, no p.
    case isolated
    /// The area's value is suppressed (confidentiality); set by callers, like `undefined`.
    case suppressed
}

/// Shared input checks: validate once at the entry of each statistic, then compute without guards.
enum InputCheck {
    /// Checks length, count, finiteness and variance of `y` against `weights`, and that some area has
    /// a neighbour. Returns the mean and the sum of squared deviations.
    static func values(
        _ y: [Double], weights: SpatialWeights, name: String = "y", minimumCount: Int = 3,
        requireNeighbours: Bool = true
    ) throws -> (mean: Double, sumSquares: Double) {
        guard y.count == weights.count else {
            throw StatisticsError(
                .lengthMismatch, "\(name) has \(y.count) values but the weights have \(weights.count) areas")
        }
        let stats = try values(y, name: name, minimumCount: minimumCount)
        if requireNeighbours && weights.neighbors.isEmpty {
            throw StatisticsError(.noNeighbours, "no area has a neighbour; spatial statistics are undefined")
        }
        return stats
    }

    /// Checks count, finiteness and variance of `y`.
    static func values(_ y: [Double], name: String = "y", minimumCount: Int = 3) throws -> (
        mean: Double, sumSquares: Double
    ) {
        guard y.count >= minimumCount else {
            throw StatisticsError(
                .tooFewAreas, "\(name) has \(y.count) areas; at least \(minimumCount) are needed")
        }
        if let bad = y.firstIndex(where: { !$0.isFinite }) {
            throw StatisticsError(
                .nonFiniteValue,
                "\(name)[\(bad)] is \(y[bad]); drop missing areas with SpatialWeights.subset before analysing")
        }
        let mean = y.reduce(0, +) / Double(y.count)
        var ss = 0.0
        for v in y { ss += (v - mean) * (v - mean) }
        // A relative test: deviations at rounding level of the mean count as a constant field.
        guard ss > Double(y.count) * (mean * mean) * 1e-24, ss > 0 else {
            throw StatisticsError(
                .constantField, "\(name) is constant (\(y[0])): its variance is zero, so the statistic is 0/0")
        }
        return (mean, ss)
    }

    static func permutations(_ permutations: Int) throws {
        guard permutations >= 0 else {
            throw StatisticsError(.invalidArgument, "permutations must be 0 or more, not \(permutations)")
        }
    }

    static func alpha(_ alpha: Double) throws {
        guard alpha > 0 && alpha < 1 else {
            throw StatisticsError(.invalidArgument, "alpha must lie in (0, 1), not \(alpha)")
        }
    }
}
