package import QuartierModel
/// Why spatial weights could not be built, read or written: a code to test against and a message for people.
///
/// Messages name the facts (the k asked for and the number of areas, the threshold that would work, the line of a
/// weights file and the id found there), so a CLI can print them as they are.
package struct WeightsError: QuartierFailure, Equatable {
    /// What went wrong, independent of the message text.
    package enum Code: String, Sendable, Equatable {
        /// The numbers of ids, points or geometries differ.
        case countMismatch = "count_mismatch"
        /// k < 1 or k ≥ number of areas.
        case invalidK = "invalid_k"
        /// A distance threshold that is not a positive number.
        case invalidThreshold = "invalid_threshold"
        /// A kernel bandwidth that is not a positive number, or neither/both of bandwidth and k given.
        case invalidBandwidth = "invalid_bandwidth"
        /// An inverse-distance exponent that is not finite.
        case invalidExponent = "invalid_exponent"
        /// A distance band that leaves every area without neighbours.
        case allIsolated = "all_isolated"
        /// Two distinct areas at distance 0 where a weight would be infinite (inverse distance).
        case coincidentPoints = "coincident_points"
        /// A weights file line that cannot be read.
        case malformedLine = "malformed_line"
        /// A weights file names an id that is not an area.
        case unknownID = "unknown_id"
        /// A weights file lists an area, or a neighbour of an area, twice.
        case duplicateID = "duplicate_id"
        /// A weights file has no record for an area.
        case missingRecord = "missing_record"
        /// A weights file gives an area itself as neighbour.
        case selfNeighbor = "self_neighbor"
    }

    package var code: Code
    package var message: String
    /// The 1-based line of a weights file, when the error is about one.
    package var line: Int?

    package init(_ code: Code, _ message: String, line: Int? = nil) {
        self.code = code
        self.message = message
        self.line = line
    }

    /// Every code describes areas, parameters or a weights file that cannot give weights: bad input.
    package var kind: FailureKind { .badInput }

    package var description: String {
        guard let line else { return message }
        return "line \(line): \(message)"
    }

    static func countMismatch(points: Int, ids: Int) -> WeightsError {
        WeightsError(.countMismatch, "\(points) points but \(ids) ids; give one id per point")
    }

    static func invalidK(_ k: Int, areas: Int) -> WeightsError {
        WeightsError(
            .invalidK,
            "k = \(k) is not possible with \(areas) areas: k must be at least 1 and less than the number of areas")
    }

    static func malformed(_ what: String, line: Int) -> WeightsError {
        WeightsError(.malformedLine, what, line: line)
    }
}
