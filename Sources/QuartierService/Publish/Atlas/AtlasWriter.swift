import Foundation
import Logging
import QuartierModel

/// Writes the static atlas of a publication into `atlas/` of the output folder: the page (`index.html`,
/// `atlas.css`, `atlas.js`), its data (`atlas.json`), where the map and files are (`sources.json`: `../style.json`
/// and `../`, so the folder works from any static web server with byte ranges), and a copy of the MapLibre bundle.
struct AtlasWriter {
    static let folder = "atlas"
    /// The page's own files, as the server serves them too.
    static let pageFiles = ["index.html", "atlas.css", "atlas.js", "atlas.json"]

    let sink: OutputSink
    let logger: Logger

    /// Writes the files and returns their names relative to the output folder (`atlas/…`).
    func write(_ document: AtlasDocument) throws -> [String] {
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
        try put("sources.json", try Self.compactJSON(["style": "../style.json", "files": "../"]))
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
