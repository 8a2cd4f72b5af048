import Foundation
import QuartierGDAL
package import QuartierModel

/// The outputs of a finished run as its `manifest.json` describes them: what each file is (role), which layer and
/// level it holds, its id field and its hotspot fields. The server reads a job's results through this type; it
/// never guesses from extensions or layer sizes. Manifests written before outputs had roles are read by extension
/// (their layers then have no recorded id field or hotspot fields).
package struct OutputCatalogue: Sendable {
    /// The run's folder.
    package let folder: String
    /// The top-level outputs, in the manifest's order.
    package let outputs: [Manifest.FileRef]
    /// Field names that may be ids (the inputs' id fields), for layers whose manifest does not name one.
    package let idCandidates: [String]
    /// True when the run suppressed small counts (`[publish]`): its `[[series]]` tables hold values before
    /// suppression, so they are not served.
    package let suppressed: Bool
    /// The public files of the static atlas the run wrote (`atlas/…`), by name inside `atlas/`; internal ones are
    /// never listed, so nothing can serve them as part of the atlas.
    package let atlasFiles: [String]
    /// The tables the run wrote into PostGIS (`manifest.json` `database`), when it wrote any.
    package let database: DatabaseRecord?

    /// Reads the manifest of a run's folder.
    /// - Parameter files: the files the run wrote (a job's output list); only these are catalogued.
    /// - Throws: when the manifest is missing or unreadable.
    package init(folder: String, files: [String]) throws {
        self.folder = folder
        let path = (folder as NSString).appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw QuartierError.internal("the run in \(folder) has no manifest.json")
        }
        let manifest: Manifest.Outputs
        do {
            manifest = try JSONDecoder().decode(Manifest.Outputs.self, from: data)
        } catch {
            throw QuartierError.internal("manifest.json of \(folder) cannot be read: \(error)")
        }
        let written = Set(files)
        outputs = manifest.outputs.filter { written.contains($0.path) && !$0.path.contains("/") }.map { entry in
            var entry = entry
            entry.role = entry.role ?? Self.legacyRole(entry.path)
            return entry
        }
        atlasFiles = manifest.outputs.filter { entry in
            entry.role == .atlas && entry.effectiveTier == .public && written.contains(entry.path)
                && entry.path.hasPrefix("atlas/") && !entry.path.dropFirst(6).contains("/")
        }.map { String($0.path.dropFirst(6)) }
        idCandidates = OutputCatalogue.idCandidates(manifest: path)
        suppressed = manifest.reports?.publish != nil
        database = manifest.database
    }

    /// The vector layers to serve: every `layer` and `points` output, without the GeoJSON twin of a GeoPackage of
    /// the same layer and level.
    package var layers: [Manifest.FileRef] {
        let layerOutputs = outputs.filter { $0.role == .layer || $0.role == .points }
        let packaged = Set(
            layerOutputs.filter { $0.path.hasSuffix(".gpkg") }.map { "\($0.layer ?? stem($0))|\($0.level ?? "")" })
        return layerOutputs.filter { entry in
            !(entry.path.hasSuffix(".geojson")
                && packaged.contains("\(entry.layer ?? stem(entry))|\(entry.level ?? "")"))
        }
    }

    /// The tile archives (PMTiles, MBTiles).
    package var tilesets: [Manifest.FileRef] {
        outputs.filter { $0.role == .tiles && ($0.path.hasSuffix(".pmtiles") || $0.path.hasSuffix(".mbtiles")) }
    }

    /// The `[[series]]` tables in long form (their GeoPackages).
    package var seriesTables: [Manifest.FileRef] {
        outputs.filter { $0.role == .series && $0.path.hasSuffix(".gpkg") }
    }

    /// Reads the table without geometry of an output (a `[[series]]` GeoPackage), by its recorded layer name.
    package func readTable(_ entry: Manifest.FileRef) throws -> FeatureLayer? {
        let dataset = try Dataset(opening: path(of: entry))
        return try dataset.layers().first { $0.name == (entry.layer ?? stem(entry)) }?.readAll().layer
    }

    /// The MapLibre style, when the run published one.
    package var style: Manifest.FileRef? { outputs.first { $0.role == .style } }

    /// The styles for QGIS (`style-qgis-<field>.json`, one thematic layer each), when the run published them.
    package var qgisStyles: [Manifest.FileRef] { outputs.filter { $0.role == .qgisStyle } }

    /// The area layer with hotspot results (level `areas`, a public one before an internal one, a GeoPackage
    /// before a GeoJSON): what hotspot diffs compare. The diff has this layer's tier.
    package var hotspotLayer: Manifest.FileRef? {
        let areas = layers.filter { $0.level == LayerRef.areasName && !($0.hotspots ?? []).isEmpty }
        let candidates = areas.filter { $0.effectiveTier == .public } + areas.filter { $0.effectiveTier != .public }
        return candidates.first { $0.path.hasSuffix(".gpkg") } ?? candidates.first
    }

    /// The path of an output in the folder.
    package func path(of entry: Manifest.FileRef) -> String {
        (folder as NSString).appendingPathComponent(entry.path)
    }

    /// Reads the feature layers of an output (not a GeoPackage's `layer_styles` or other tables without geometry).
    package func read(_ entry: Manifest.FileRef) throws -> [FeatureLayer] {
        let dataset = try Dataset(opening: path(of: entry))
        return try dataset.layers().filter { $0.name != "layer_styles" && $0.geometryTypeName != "None" }.map {
            try $0.readAll().layer
        }
    }

    /// Reads the hotspot layer's counterpart in another run of the same analysis (its file and layer name), or nil
    /// when that run has no such file or layer.
    package func counterpart(of entry: Manifest.FileRef, layerName: String, in other: OutputCatalogue) throws
        -> FeatureLayer?
    {
        guard let twin = other.outputs.first(where: { $0.path == entry.path }) else { return nil }
        return try other.read(twin).first { $0.name == layerName }
    }

    private func stem(_ entry: Manifest.FileRef) -> String { (entry.path as NSString).deletingPathExtension }

    /// The role of an output of a manifest written before outputs had roles, from its name.
    static func legacyRole(_ path: String) -> Manifest.OutputRole? {
        switch (path as NSString).pathExtension.lowercased() {
        case "gpkg", "geojson": return .layer
        case "pmtiles", "mbtiles": return .tiles
        case "json" where path == "style.json": return .style
        default: return nil
        }
    }

    /// The id fields of the run's inputs (every `"id"` string in its manifest), then common names.
    package static func idCandidates(manifest path: String) -> [String] {
        var found: [String] = []
        func collect(_ value: Any) {
            if let object = value as? [String: Any] {
                if let id = object["id"] as? String, !found.contains(id) { found.append(id) }
                // Not the indicator catalogue's entries: their ids name indicators, not fields.
                for key in object.keys.sorted() where key != "indicators" { collect(object[key] ?? NSNull()) }
            } else if let list = value as? [Any] {
                list.forEach(collect)
            }
        }
        if let data = FileManager.default.contents(atPath: path),
            let manifest = try? JSONSerialization.jsonObject(with: data)
        {
            collect(manifest)
        }
        return found + ["id", "ID", "fid"]
    }
}

extension Manifest {
    /// Only the outputs of a manifest (what `OutputCatalogue` reads; tolerant of every other key).
    struct Outputs: Decodable {
        var outputs: [FileRef]
        var reports: Reports?
        var database: DatabaseRecord?
    }

    /// Only whether the run published with suppression (`reports.publish` present).
    struct Reports: Decodable {
        var publish: Present?
    }

    /// Any JSON object, read for its presence only.
    struct Present: Decodable {}
}
