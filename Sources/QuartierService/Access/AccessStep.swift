import Foundation
import Logging
import QuartierAccess
import QuartierGDAL
import QuartierModel
import QuartierTOML

/// `[[access]]`: access from the grid cells (or the areas' centroids) to a facility input, aggregated
/// onto the areas: demand-weighted mean and median distance to the nearest facility, the share of demand
/// beyond `threshold`, and for floating-catchment measures the demand-weighted access and the share of
/// demand with no provision in reach.
package struct AccessStep: Sendable {
    package var name: String
    package var facilities: String
    package var capacity: String?
    package var filter: (field: String, value: String)?
    package var measure: AccessMeasure
    package var origins: AccessOrigins
    /// Demand field of the areas, for `origins = "areas"`.
    package var weight: String?
    /// Metres: the share of demand farther than this from the nearest facility.
    package var threshold: Double
    package var line: Int

    static func parse(_ s: inout TOMLSection, inputs: [InputSpec]) throws -> AccessStep {
        let facilities = try s.requiredString("facilities")
        guard inputs.contains(where: { $0.name == facilities }) else {
            throw s.error("[[access]] facilities = '\(facilities)' is not a declared input", line: s.line(of: "facilities"))
        }
        var filter: (String, String)?
        if let text = try s.string("filter") {
            let pair = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { throw s.error("filter takes \"FIELD=VALUE\"", line: s.line(of: "filter")) }
            filter = (pair[0], pair[1])
        }
        let measure: AccessMeasure
        do {
            measure = try AccessMeasure.parse(try s.string("measure") ?? "nearest")
        } catch let error as QuartierError {
            throw s.error(error.message, line: s.line(of: "measure"))
        }
        guard let origins = AccessOrigins(rawValue: try s.string("origins") ?? "grid") else {
            throw s.error("origins is \"grid\", \"weighted_centroids\" or \"areas\"", line: s.line(of: "origins"))
        }
        let threshold = try s.double("threshold") ?? 500
        guard threshold > 0 else { throw s.error("threshold must be > 0 metres", line: s.line(of: "threshold")) }
        return AccessStep(
            name: try s.requiredString("name"), facilities: facilities, capacity: try s.string("capacity"), filter: filter,
            measure: measure, origins: origins, weight: try s.string("weight"), threshold: threshold, line: s.line)
    }
}

/// Where the demand of an `[[access]]` step sits.
package enum AccessOrigins: String, Sendable, CaseIterable {
    /// The `[grid]` cells, weighted by its weight.
    case grid
    /// Each area's population-weighted centroid from the grid, weighted by the area's grid population.
    case weightedCentroids = "weighted_centroids"
    /// The areas' centroids, weighted by the step's `weight` field.
    case areas

    /// True when the origins come from a `[grid]` table.
    package var needsGrid: Bool { self != .areas }
}

/// What an access step found, for the manifest.
package struct AccessStepReport: Sendable, Codable {
    package var name: String
    package var measure: String
    package var origins: Int
    package var facilities: Int
    package var states: [String: Int]
    package var facilitiesWithoutGeometry: [String]
    package var originsOutsideAreas: Int

    package var summary: String {
        "access '\(name)' (\(measure)): \(origins) origins, \(facilities) facilities; "
            + states.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            + (originsOutsideAreas > 0 ? "; \(originsOutsideAreas) origins outside every area" : "")
    }
}
