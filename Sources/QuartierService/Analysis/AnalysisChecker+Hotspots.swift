import Foundation
import QuartierModel

/// `check` validates `[[hotspots]]` steps as `run` would before any statistic: the variables exist, k is
/// smaller than the number of areas, and a weights file can be read.
extension AnalysisChecker {
    /// - Parameters:
    ///   - fields: the fields of every input (the area layer and the tables joined to it).
    ///   - areaCount: the number of areas.
    ///   - unread: fields of the area layer that its `fields = […]` leaves out (and no joined table has).
    /// - Returns: lines for the user; fields that other steps may add are named as checked by `run`.
    /// - Throws: `QuartierError.user` naming the analysis file, the step and what to do.
    static func checkHotspots(
        _ analysis: AnalysisFile, fields: Set<String>, areaCount: Int, unread: Set<String> = []
    ) throws -> [String] {
        let steps = analysis.steps
        // Counts, rates, indexes, access and the grid add fields whose names are only known when they run.
        let stepsAddFields =
            !steps.counts.isEmpty || steps.grid != nil || !steps.access.isEmpty || !steps.rates.isEmpty
            || !steps.indexes.isEmpty || !steps.indexTypes.isEmpty || steps.underserved != nil
        var later: [String] = []
        for (number, spec) in steps.hotspots.enumerated() {
            let place = "\(analysis.path): [[hotspots]] #\(number + 1)"
            for (key, field) in [
                ("field", spec.field), ("field2", spec.field2), ("events", spec.events),
                ("population", spec.population),
            ] {
                guard let field, !fields.contains(field) else { continue }
                if unread.contains(field), let areas = analysis.areaInput {
                    throw QuartierError.user(
                        "\(place): \(key) '\(field)' is a field of the areas, but [inputs.\(areas.name)] (line "
                            + "\(areas.line)) reads only fields = [\((areas.fields ?? []).joined(separator: ", "))]: add it there"
                    )
                }
                if stepsAddFields {
                    later.append(field)
                    continue
                }
                let close = fields.filter { $0.lowercased() == field.lowercased() }.sorted()
                throw QuartierError.user(
                    "\(place): \(key) '\(field)' is no field of the areas or of a joined table"
                        + (close.isEmpty ? "" : "; did you mean '\(close[0])'?"))
            }
            let k: Int? =
                switch spec.weights {
                case .knn(let k): k
                case .kernel(_, _, let k): k
                default: nil
                }
            if let k, k >= areaCount {
                throw QuartierError.user(
                    "\(place): weights '\(spec.weights)' ask for \(k) neighbours, but there are only \(areaCount) areas; "
                        + "choose k below \(areaCount)")
            }
            if let file = spec.weightsFile {
                let path = HotspotSpec.resolve(weightsFile: file, analysisPath: analysis.path)
                if let problem = RegularFile.specialFileProblem(path) {
                    throw QuartierError.user("\(place): weights_file '\(file)' \(problem)")
                }
                guard FileManager.default.isReadableFile(atPath: path) else {
                    throw QuartierError.user(
                        "\(place): weights_file '\(file)' cannot be read (resolved to '\(path)'); check the path, "
                            + "relative to the analysis file's folder")
                }
            }
        }
        return later.isEmpty
            ? [] : ["hotspot fields from steps, checked when the analysis runs: " + later.joined(separator: ", ")]
    }
}

extension HotspotSpec {
    /// A `weights_file` path: absolute, or relative to the analysis file's folder.
    static func resolve(weightsFile path: String, analysisPath: String) -> String {
        path.hasPrefix("/")
            ? path : URL(fileURLWithPath: analysisPath).deletingLastPathComponent().appendingPathComponent(path).path
    }
}
