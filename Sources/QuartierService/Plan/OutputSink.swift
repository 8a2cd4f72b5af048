import Foundation
import QuartierModel

/// The one way a run writes a file: into the run's staging folder (`OutputSet`, switched into place whole at the
/// end), hashed, and recorded for the manifest with its role, layer, level, id field and the meaning of its fields.
final class OutputSink {
    /// The staging folder files are written into.
    let folder: String
    /// The files written, in order, as the manifest lists them.
    private(set) var records: [Manifest.FileRef] = []
    /// Every path written (files and tile folders), in the staging folder.
    private(set) var paths: [String] = []
    /// The run's PostGIS connection, when the analysis has `[database]`: tables are staged there and switched into
    /// place with the files (`DatabaseRun`).
    var database: DatabaseRun?

    init(folder: String) {
        self.folder = folder
    }

    /// The staging path of a file of the run.
    func path(_ fileName: String) -> String {
        URL(fileURLWithPath: folder).appendingPathComponent(fileName).path
    }

    /// Writes one output through `body` (given its staging path), then hashes and records it.
    /// - Parameters:
    ///   - record: the manifest entry without path and hash; nil for a folder (z/x/y tiles), which is listed
    ///     among the paths but not hashed.
    @discardableResult
    func write(_ fileName: String, _ record: Manifest.FileRef?, _ body: (String) throws -> Void) throws -> String {
        let target = path(fileName)
        try body(target)
        try add(fileName, record)
        return target
    }

    /// Records a file another writer has put into the staging folder (the publisher's several files).
    func add(_ fileName: String, _ record: Manifest.FileRef?) throws {
        let target = path(fileName)
        paths.append(target)
        guard var entry = record else { return }
        entry.path = fileName
        entry.sha256 = try FileSupport.sha256(ofFile: target)
        records.append(entry)
    }

    /// A manifest entry of this role and tier, to be completed by `write` (path and hash). The tier has no default:
    /// every writer decides who may read what it writes.
    static func entry(
        _ role: Manifest.OutputRole, tier: OutputTier, layer: String? = nil, level: LayerRef? = nil, idField: String? = nil,
        fields: [Manifest.FieldRecord]? = nil, hotspots: [Manifest.HotspotFields]? = nil
    ) -> Manifest.FileRef {
        Manifest.FileRef(
            path: "", sha256: "", role: role, layer: layer, level: level?.description, idField: idField, fields: fields,
            hotspots: hotspots.flatMap { $0.isEmpty ? nil : $0 }, tier: tier)
    }
}

@available(*, unavailable)
extension OutputSink: Sendable {}
