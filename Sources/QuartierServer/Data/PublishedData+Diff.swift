import Foundation
import Logging
import QuartierGDAL
import QuartierModel

/// The hotspot diff collections: when a published analysis has a previous successful job, the change of its
/// hotspot classes between that job and the current one (`HotspotDiff`) is a feature collection like the
/// others — `<analysis>-hotspot-diff` (`<analysis>-hotspot-diff-<prefix>` for a `[[hotspots]]` step with a
/// prefix) — whose items are the areas significant in either version. It is made when the snapshot is loaded,
/// so it always belongs to the same versions as the collections and tiles served with it.
extension PublishedData {
    /// The diff collections of one analysis: one per `Gi_Bin` field (`Gi_Bin`, `<prefix>Gi_Bin`) of the
    /// collection of the current job that has one and an id field and the most features (the area layer, not an
    /// extract such as a ranked list; of equal ones the first), compared with the same file and layer of the
    /// previous job. None when the current job has no such collection; a previous job whose layer cannot
    /// be read or lacks the field gives none either (logged), and the other collections are served as usual.
    static func diffCollections(
        file: String, current: (job: String, collections: [FeatureCollectionData]), previous: Run, logger: Logger
    ) -> [FeatureCollectionData] {
        let candidates = current.collections.filter { collection in
            collection.idField != nil && collection.fields.contains { $0.name.hasSuffix("Gi_Bin") }
        }
        // `max(by:)` keeps the first of equal elements.
        guard let source = candidates.max(by: { $0.features.count < $1.features.count }), let idField = source.idField
        else { return [] }
        do {
            guard previous.outputs.contains(source.file) else {
                logger.notice("no hotspot diff for \(file): its previous job \(previous.id) has no \(source.file)")
                return []
            }
            let dataset = try Dataset(opening: (previous.folder as NSString).appendingPathComponent(source.file))
            guard let layer = dataset.layers().first(where: { $0.name == source.title }) else {
                logger.notice(
                    "no hotspot diff for \(file): \(source.file) of its previous job \(previous.id) has no layer '\(source.title)'")
                return []
            }
            let versions = HotspotDiff.Versions(
                before: (previous.id, try layer.readAll().layer), after: (current.job, source.layer))
            var result: [FeatureCollectionData] = []
            for field in source.fields.map(\.name) where field.hasSuffix("Gi_Bin") {
                let prefix = String(field.dropLast("Gi_Bin".count))
                let suffix = prefix.trimmingCharacters(in: CharacterSet(charactersIn: "_"))
                let id = analysisID(file) + "-hotspot-diff" + (suffix.isEmpty ? "" : "-" + safeID(suffix))
                let title = "Change of hotspot class (\(field)) of \(file)"
                guard let diff = HotspotDiff.layer(versions, field: field, idField: idField, name: title) else {
                    logger.notice(
                        "no hotspot diff '\(id)': layer '\(source.title)' of job \(previous.id) lacks \(field) or \(idField)")
                    continue
                }
                let description = """
                    Per area significant in either version, the change of \(field) in layer '\(source.title)' of \
                    \(source.file) from job \(previous.id) (job_before) to job \(current.job) (job_after): new, \
                    persistent, intensified, weakened or disappeared (property change); feature ids: \(idField)
                    """
                result.append(try FeatureCollectionData(
                    id: id, file: source.file, layer: diff, idCandidates: [idField], description: description))
            }
            return result
        } catch {
            logger.warning("no hotspot diff for \(file) against its previous job \(previous.id): \(error)")
            return []
        }
    }
}
