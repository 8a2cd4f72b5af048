import Foundation
import Logging
import QuartierModel
import QuartierService

/// The hotspot diff collections: when a published analysis has a previous successful job, the change of its
/// hotspot classes between that job and the current one (computed in QuartierService:
/// `OutputCatalogue.hotspotDiffs`) is a feature collection like the others — `<analysis>-hotspot-diff`
/// (`<analysis>-hotspot-diff-<prefix>` for a `[[hotspots]]` step with a prefix) — whose items are the areas
/// significant in either version. It is made when the snapshot is loaded, so it always belongs to the same
/// versions as the collections and tiles served with it.
extension PublishedData {
    /// The diff collections of one analysis: one per `[[hotspots]]` step recorded in the manifest for the area
    /// layer, compared with the same file and layer of the previous job. None when the current job has no such
    /// layer; a previous job whose layer cannot be read or lacks the fields gives none either (logged), and the
    /// other collections are served as usual. A diff has the tier of the layer it compares (the area layer with
    /// hotspot results): it shows that layer's `Gi_Bin` classes, nothing else.
    static func diffCollections(
        file: String, current: (job: String, catalogue: OutputCatalogue, collections: [FeatureCollectionData]),
        previous: Run, logger: Logger
    ) -> [FeatureCollectionData] {
        do {
            let before = try OutputCatalogue(folder: previous.folder, files: previous.outputs)
            let source = current.catalogue.hotspotLayer
            let loaded = current.collections.first { $0.file == source?.path && $0.title == source?.layer }
            let outcome = try current.catalogue.hotspotDiffs(
                job: current.job, previous: before, previousJob: previous.id, current: loaded?.layer)
            switch outcome {
            case .none(let reason):
                logger.notice("no hotspot diff for \(file): \(reason)")
                return []
            case .diffs(let diffs, let skipped):
                for reason in skipped { logger.notice("no hotspot diff for \(file): \(reason)") }
                return try diffs.map { diff in
                    let id = analysisID(file) + "-hotspot-diff" + (diff.prefix.isEmpty ? "" : "-" + safeID(diff.prefix))
                    var layer = diff.layer
                    layer.name = "Change of hotspot class (\(diff.fields.bin)) of \(file)"
                    let description = """
                        Per area significant in either version, the change of \(diff.fields.bin) in layer \
                        '\(diff.layerName)' of \(diff.file) from job \(previous.id) (job_before) to job \
                        \(current.job) (job_after): new, persistent, intensified, weakened or disappeared (property \
                        change); feature ids: \(diff.idField)
                        """
                    return try FeatureCollectionData(
                        id: id, file: diff.file, layer: layer, idField: diff.idField, idCandidates: [diff.idField],
                        description: description, tier: loaded?.tier ?? .internal)
                }
            }
        } catch {
            logger.warning("no hotspot diff for \(file) against its previous job \(previous.id): \(error)")
            return []
        }
    }
}
