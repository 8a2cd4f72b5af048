import Foundation
package import Logging
import QuartierModel
import QuartierStats

/// Options of `quartier emerging`.
package struct EmergingCommandOptions: Sendable {
    package var areas: String
    package var layer: String?
    package var id: String
    package var crs: String?
    /// The series in long form: one row per area and time step, key column named as `id`.
    package var series: String
    package var seriesLayer: String?
    package var time: String
    package var field: String
    package var weights: WeightsKind = .queen
    package var timeLag = 1
    package var alpha = 0.05
    package var fdr = false
    package var out: String
    package var steps: String?
    package var summary: String?

    package init(areas: String, id: String, series: String, time: String, field: String, out: String) {
        (self.areas, self.id, self.series, self.time, self.field, self.out) = (areas, id, series, time, field, out)
    }
}

/// What `quartier emerging` found, written with `--summary`.
package struct EmergingSummary: Sendable, Codable {
    package var variable: String
    package var steps: [String]
    package var areas: Int
    package var timeLag: Int
    package var alpha: Double
    package var fdr: Bool
    package var weights: String
    /// Pattern name → number of areas.
    package var patterns: [String: Int]
    /// Bins left out because the value is missing (area id → the steps).
    package var missingBins: [String: [String]]

    package var text: String {
        let counts = patterns.sorted { $0.value > $1.value }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        return
            "emerging hot spots of \(variable) over \(steps.count) steps (\(steps.first ?? "")–\(steps.last ?? "")), "
            + "\(areas) areas: \(counts)"
    }
}

/// `quartier emerging`: emerging hot spot analysis of a series in long form (`EmergingHotSpots`).
package enum EmergingCommand {
    package static func run(_ o: EmergingCommandOptions, logger: Logger) throws -> EmergingSummary {
        _ = try QuickCommands.format(of: o.out)
        let areas = try QuickCommands.loadAreas(
            QuickCommands.input("areas", o.areas, layer: o.layer, id: o.id, crs: o.crs), logger: logger)
        guard let idColumn = areas.fieldIndex(o.id) else {
            throw QuartierError.user("the areas have no field '\(o.id)' (--id)")
        }
        let ids = areas.features.map { $0.attributes[idColumn].keyText ?? "" }
        let (table, _) = try TableLoader.load(
            QuickCommands.input("series", o.series, layer: o.seriesLayer, id: nil, crs: nil),
            textColumns: [o.id, o.time], logger: logger)
        let cube = try SeriesCube(table, path: o.series, key: o.id, time: o.time, field: o.field, areaIDs: ids)
        let (layer, summary, results) = try EmergingAnalysis.run(
            areas, ids: ids, values: cube.values, steps: cube.steps, variable: o.field, source: o.series,
            weights: o.weights, timeLag: o.timeLag, alpha: o.alpha, fdr: o.fdr, prefix: "")
        if let steps = o.steps {
            try writeSteps(results, ids: ids, steps: cube.steps, idField: o.id, timeField: o.time, to: steps)
        }
        try QuickCommands.write(layer, to: o.out, report: summary, reportPath: o.summary)
        return summary
    }

    /// The long table: one row per area and present step, `GiZScore`, `GiPValue`, `Gi_Bin` (−3…3 by 99/95/90 %).
    static func writeSteps(
        _ results: [EmergingHotSpots.AreaResult], ids: [String], steps: [String], idField: String, timeField: String,
        to path: String
    ) throws {
        var lines = ["\(idField),\(timeField),GiZScore,GiPValue,Gi_Bin"]
        for (i, result) in results.enumerated() {
            for (t, bin) in result.bins.enumerated() {
                guard let bin else { continue }
                let level = bin.p < 0.01 ? 3 : (bin.p < 0.05 ? 2 : (bin.p < 0.1 ? 1 : 0))
                let sign = bin.z > 0 ? 1 : (bin.z < 0 ? -1 : 0)
                lines.append("\(ids[i]),\(steps[t]),\(bin.z),\(bin.p),\(level * sign)")
            }
        }
        try FileSupport.writeAtomically(Data((lines.joined(separator: "\r\n") + "\r\n").utf8), to: path)
    }
}
