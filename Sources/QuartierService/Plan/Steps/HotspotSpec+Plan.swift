import Foundation
import QuartierModel

extension HotspotSpec: PlanStep {
    /// The fields of the areas the statistics are computed from.
    var variables: [String] { [field, field2, events, population].compactMap { $0 } }

    /// The analysis times its parts (`weights`, `moran`, `gistar`, `lisa`).
    var timingName: String? { nil }

    /// `[[hotspots]]`: weights, global and local statistics on a field of the areas; its fields are hotspot
    /// outputs, and its `Gi_Bin` and `state` fields are recorded for the manifest (the server's hotspot diff).
    func apply(to state: inout AnalysisState) throws -> StepReport {
        let context = state.context
        let file = try weightsFile.map { path -> (text: String, path: String) in
            let resolved =
                context.analysis.map { HotspotSpec.resolve(weightsFile: path, analysisPath: $0.path) } ?? path
            // Named as the caller wrote it: the key of an analysis file, or the command's --weights-file.
            let name = context.analysis == nil ? "weights file '\(path)'" : "[[hotspots]] weights_file '\(path)'"
            if let problem = RegularFile.specialFileProblem(resolved) { throw QuartierError.user("\(name) \(problem)") }
            guard let text = try? String(contentsOfFile: resolved, encoding: .utf8) else {
                throw QuartierError.user("\(name) cannot be read")
            }
            return (text, path)
        }
        var summary: HotspotSummary?
        try state.extend(as: .hotspot, from: variables, acrossAreas: true) { areas in
            let outcome = try HotspotStep.run(
                areas, idField: context.idField, spec: self, weightsFile: file, timer: context.timer,
                logger: context.logger)
            summary = outcome.summary
            return outcome.layer
        }
        state.hotspotFields.append(Manifest.HotspotFields(bin: prefix + "Gi_Bin", state: prefix + "state"))
        guard let summary else { throw QuartierError.internal("[[hotspots]] returned no summary") }
        return .hotspots(summary)
    }
}
