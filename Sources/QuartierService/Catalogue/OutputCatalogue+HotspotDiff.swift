import Foundation
package import QuartierModel

extension OutputCatalogue {
    /// One hotspot diff between two runs of an analysis: which step's fields it compares, in which output, and the
    /// diff layer (`HotspotDiff.layer`).
    package struct HotspotDiffResult: Sendable {
        package var fields: Manifest.HotspotFields
        /// The output (file) and layer compared, and its id field.
        package var file: String
        package var layerName: String
        package var idField: String
        package var layer: FeatureLayer

        /// The `[[hotspots]]` step's prefix ("" for an unprefixed step), trimmed of `_`.
        package var prefix: String {
            String(fields.bin.dropLast("Gi_Bin".count)).trimmingCharacters(in: CharacterSet(charactersIn: "_"))
        }
    }

    /// Why there is no diff (for the log), or the diffs: one per `[[hotspots]]` step of the area layer with hotspot
    /// results (`hotspotLayer`), compared with the same file and layer of the previous run.
    package enum HotspotDiffOutcome: Sendable {
        case none(String)
        case diffs([HotspotDiffResult], skipped: [String])
    }

    /// The hotspot diffs of this run (`job`) against a previous run of the same analysis.
    /// - Parameter current: the area layer as already read from this run (nil: read it here).
    package func hotspotDiffs(
        job: String, previous: OutputCatalogue, previousJob: String, current: FeatureLayer? = nil
    ) throws -> HotspotDiffOutcome {
        guard let source = hotspotLayer, let fieldsList = source.hotspots else {
            return .none("no area layer with hotspot results")
        }
        // Manifests that record hotspot fields record the layer name too.
        guard let layerName = source.layer else { return .none("\(source.path) has no recorded layer") }
        guard let idField = source.idField else { return .none("\(source.path) has no recorded id field") }
        guard let before = try counterpart(of: source, layerName: layerName, in: previous) else {
            return .none("the previous job \(previousJob) has no layer '\(layerName)' in \(source.path)")
        }
        guard let after = try current ?? read(source).first(where: { $0.name == layerName }) else {
            return .none("\(source.path) has no layer '\(layerName)'")
        }
        let versions = HotspotDiff.Versions(before: (previousJob, before), after: (job, after))
        var results: [HotspotDiffResult] = []
        var skipped: [String] = []
        for fields in fieldsList {
            let title = "Change of hotspot class (\(fields.bin))"
            guard let diff = HotspotDiff.layer(versions, hotspot: fields, idField: idField, name: title) else {
                skipped.append("layer '\(layerName)' of job \(previousJob) lacks \(fields.bin) or \(idField)")
                continue
            }
            results.append(
                HotspotDiffResult(
                    fields: fields, file: source.path, layerName: layerName, idField: idField, layer: diff))
        }
        return .diffs(results, skipped: skipped)
    }
}
