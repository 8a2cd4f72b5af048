import Foundation
import Logging
import QuartierModel

/// Writes the static atlas of a publication into `atlas/` of the output folder: the page (`index.html`,
/// `atlas.css`, `atlas.js`), its data (`atlas.json`, and `grenzen.geojson` with the borders of the coarsest public
/// roll-up), where the map and files are (`sources.json`: `../style.json`
/// and `../`, so the folder works from any static web server with byte ranges), and a copy of the MapLibre bundle.
struct AtlasWriter {
    static let folder = "atlas"
    /// The page's own files, as the server serves them too.

    let sink: OutputSink
    let logger: Logger

    /// Writes the files and returns their names relative to the output folder (`atlas/…`).
    /// - Parameter outline: `grenzen.geojson` (`AtlasOutline`), when the areas have a public roll-up.
    /// - Parameter profiles: where the areas' profile pages are, relative to the atlas (`[profiles]` writes them
    ///   with the run), linked from the profile panel; nil: no link.
    /// - Parameter series: the public series of the areas (`series.json`, loaded by the profile panel).
    func write(
        _ document: AtlasDocument, outline: JSONValue? = nil, profiles: String? = nil, series: AtlasSeries? = nil
    ) throws -> [String] {
        let folder = URL(fileURLWithPath: sink.path(Self.folder))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var written: [String] = []
        func put(_ name: String, _ data: Data) throws {
            try FileSupport.writeAtomically(data, to: folder.appendingPathComponent(name).path)
            written.append("\(Self.folder)/\(name)")
        }
        try put("index.html", Data(AtlasPage.html.utf8))
        try put("atlas.css", Data(AtlasPage.css.utf8))
        try put("atlas.js", Data(AtlasScript.javascript.utf8))
        try put("atlas.json", try Self.compactJSON(document.json()))
        if let outline { try put(AtlasOutline.fileName, try Self.compactJSON(outline)) }
        var sources: [String: JSONValue] = ["style": "../style.json", "files": "../"]
        sources["profiles"] = profiles.map { .string($0) }
        if let series, !series.isEmpty {
            try put("series.json", try Self.compactJSON(series.json()))
            sources["series"] = "series.json"
        }
        try put("sources.json", try Self.compactJSON(.object(sources)))
        if let bundle = MapLibreBundle.folder() {
            for name in MapLibreBundle.files {
                try put(name, try Data(contentsOf: bundle.appendingPathComponent(name)))
            }
        } else {
            let hint = "run scripts/vendor-maplibre.sh (or set QUARTIER_MAPLIBRE_DIR) and publish again"
            logger.warning(
                "[publish]: the atlas has no map: MapLibre GL JS was not found; \(hint). Table and profiles work.")
        }
        return written
    }

    /// JSON without spaces, keys sorted (the page's data is read by a script, not by people).
    static func compactJSON(_ value: JSONValue) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}
