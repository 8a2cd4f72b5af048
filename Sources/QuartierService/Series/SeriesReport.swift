import Foundation

/// A series on the current areas, as a `[[series]]` step leaves it in the state for `[[emerging]]`.
struct SeriesData {
    /// The time steps as written, in time order, and their sort keys in years.
    var steps: [String]
    var times: [Double]
    /// Per column: `values[step][area]` over the current areas' order (nil: missing).
    var columns: [String: [[Double?]]]
}

/// What a `[[series]]` step read and computed, for the manifest: every vintage with its source and reference date,
/// the crosswalks, and the trend fields.
package struct SeriesReport: Sendable, Codable, Equatable {
    /// One time step of the series.
    package struct Vintage: Sendable, Codable, Equatable {
        package var time: String
        /// The input the values come from, its file, and the date they refer to (nil when unknown).
        package var input: String
        package var source: String
        package var referenceDate: String?
        /// `areas` or the boundary input of an older geography.
        package var geography: String
        /// How it was carried onto the current areas (nil: it is on them).
        package var carried: SeriesSpec.Carry?
        package var rows: Int
        /// Current areas without a value of the first column in this step.
        package var missingAreas: Int
    }

    package var name: String
    package var columns: [String]
    package var vintages: [Vintage]
    package var crosswalks: [CrosswalkReport]
    /// The fields added to the areas.
    package var fields: [String]
    /// Areas whose series lacks a value in some step (trend computed on the present values when ≥ 3).
    package var incompleteAreas: Int
    /// The series table files written.
    package var files: [String]
    /// Warnings (a series too short for the significance level, …).
    package var warnings: [String]
    /// The targets judged on the series' columns (issue 26); nil when the columns have none.
    package var goals: [GoalSummary]? = nil
    /// What the per-step suppression hid (`tier = "public"` with `[publish.suppression]`); nil for internal series.
    package var suppression: Suppression? = nil

    /// The cells of a public series hidden over all its steps, by column: primary (small counts, small areas, and
    /// what derives from them) and secondary (complements across the levels).
    package struct Suppression: Sendable, Codable, Equatable {
        package var suppressedCells: [String: Int]
        package var secondaryCells: [String: Int]
        package var steps: Int
        /// The public series files written.
        package var files: [String] = []
    }

    package var summary: String {
        let first = vintages.first?.time ?? ""
        let last = vintages.last?.time ?? ""
        let carried = vintages.filter { $0.carried != nil }.count
        return "series \(name): \(columns.joined(separator: ", ")) over \(vintages.count) steps (\(first)–\(last)), "
            + "\(carried) carried from an older geography, \(incompleteAreas) areas with a missing step"
    }
}

/// What a crosswalk from an older geography onto the current areas is, for the manifest and the run's summary.
package struct CrosswalkReport: Sendable, Codable, Equatable {
    /// The boundary input of the older geography.
    package var geography: String
    package var method: SeriesSpec.Carry
    package var oldAreas: Int
    package var newAreas: Int
    /// (old, new) pairs kept, and the slivers dropped (count and m²).
    package var pairs: Int
    package var slivers: Int
    package var sliverArea: Double
    /// Old areas carried by surface because the grid has no population in them (population weighting only).
    package var areaFallbacks: [String]
    /// The lowest share of a current area's surface that the older geography covers, and that area.
    package var lowestCoverage: Double
    package var lowestCoverageArea: String
    /// The file the crosswalk is written to.
    package var file: String

    package var summary: String {
        "crosswalk \(geography) → areas (\(method.rawValue) weighting): \(oldAreas) old onto \(newAreas) current "
            + "areas, \(pairs) pairs, \(slivers) slivers dropped (\(Int(sliverArea.rounded())) m²), lowest coverage "
            + String(format: "%.4f", lowestCoverage) + " (\(lowestCoverageArea))"
            + (areaFallbacks.isEmpty ? "" : ", \(areaFallbacks.count) old areas without population carried by surface")
    }
}
