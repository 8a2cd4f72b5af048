import Foundation

/// `SUMMARY.json` of `quartier hotspots` and the `hotspots` record of `manifest.json`: global statistics,
/// the weights used, and the areas left out. Field names follow esda (docs/commands.md, "quartier hotspots").
package struct HotspotSummary: Sendable, Codable {
    package struct Moran: Sendable, Codable {
        package var I: Double
        package var expected: Double
        package var varianceNormal: Double
        package var zNormal: Double
        package var pNormal: Double
        package var varianceRandom: Double
        package var zRandom: Double
        package var pRandom: Double
        /// nil without permutations.
        package var pSimulated: Double?
    }

    package struct Geary: Sendable, Codable {
        package var C: Double
        package var expected: Double
        package var z: Double
        package var p: Double
    }

    package struct GeneralG: Sendable, Codable {
        package var G: Double
        package var expected: Double
        package var z: Double
        package var p: Double
    }

    package struct Weights: Sendable, Codable {
        package var kind: String
        package var transform: String
        package var snap: Double
        package var islands: String
        /// File the weights were read from, if any.
        package var file: String?
        package var meanNeighbors: Double
        package var minNeighbors: Int
        package var maxNeighbors: Int
        /// Pairs added to connect islands (`islands = nearest`).
        package var addedLinks: Int
    }

    /// The variable analysed (field, or `EB(events/population)`).
    package var variable: String
    /// Areas in the statistic (with a value, weights subset to them).
    package var n: Int
    package var moran: Moran
    package var geary: Geary?
    package var generalG: GeneralG?
    /// Ids of the areas without neighbours among the areas with a value.
    package var islands: [String]
    /// Ids of the areas left out because their value is missing (state `undefined` or `suppressed`).
    package var undefined: [String]
    package var weights: Weights
    package var permutations: Int
    package var seed: UInt64
    package var alpha: Double
    package var correction: String
    /// The p threshold that the correction gives for the local statistics (alpha without correction).
    package var localThreshold: Double
    /// Counts of COType and Gi_Bin values.
    package var clusters: [String: Int]
    package var hotspotBins: [String: Int]
    /// Messages for statistics that could not be computed (e.g. General G with negative values).
    package var notes: [String]
}

extension HotspotSummary {
    /// A few lines for the terminal.
    package var text: String {
        func f(_ x: Double) -> String { String(format: "%.4f", x) }
        var lines = [
            "hotspots '\(variable)': \(n) areas, weights \(weights.kind) (\(weights.transform)), "
                + "\(permutations) permutations, seed \(seed)",
            "  Moran's I \(f(moran.I)) (E \(f(moran.expected))), z \(f(moran.zRandom)), p \(f(moran.pRandom))"
                + (moran.pSimulated.map { ", pseudo-p \(f($0))" } ?? ""),
        ]
        let order = ["HH", "LL", "HL", "LH"]
        lines.append(
            "  clusters (alpha \(alpha), correction \(correction)): "
                + order.map { "\($0) \(clusters[$0] ?? 0)" }.joined(separator: ", "))
        if !islands.isEmpty { lines.append("  isolated: \(islands.count)") }
        if !undefined.isEmpty { lines.append("  left out (missing value): \(undefined.count)") }
        lines += notes.map { "  note: \($0)" }
        return lines.joined(separator: "\n")
    }
}
