package import QuartierTiles
import QuartierTOML

/// `[[tiles]]`: a layer of the analysis written as vector tiles into the output folder:
/// `<name>.pmtiles` (format "pmtiles", the default), `<name>.mbtiles` (format "mbtiles") or a z/x/y
/// folder `<name>/` (format "zxy"), shaped by `field_minzoom`, `max_tile_bytes` and `simplify`
/// (`TileShaping`); a run replaces the previous run's tiles atomically.
package struct TilesStep: Sendable {
    package var name: String
    package var layer: LayerRef
    package var minZoom: Int
    package var maxZoom: Int
    package var fields: [String]?
    package var format: TileOutput.Format
    package var shaping: TileShaping
    /// Who may read the tiles (`tier`, default internal).
    package var tier: OutputTier = .internal
    package var line: Int

    static func parse(_ s: inout TOMLSection) throws -> TilesStep {
        let name = try s.requiredString("name")
        if let problem = OutputPaths.fileNameProblem(name) {
            throw s.error("[[tiles]] name \(problem)", line: s.line(of: "name"))
        }
        let minZoom = try s.integer("minzoom") ?? 0
        let maxZoom = try s.integer("maxzoom") ?? 14
        guard (0...18).contains(maxZoom), (0...maxZoom).contains(minZoom) else {
            throw s.error("[[tiles]] zooms: 0 ≤ minzoom ≤ maxzoom ≤ 18", line: s.line)
        }
        let formatName = try s.string("format") ?? "pmtiles"
        guard let format = TileOutput.Format(rawValue: formatName) else {
            throw s.error("[[tiles]] format is \"pmtiles\", \"mbtiles\" or \"zxy\"", line: s.line(of: "format"))
        }
        var shaping = TileShaping()
        shaping.fieldMinZoom = try s.integerMap("field_minzoom") ?? [:]
        shaping.maxTileBytes = try s.integer("max_tile_bytes") ?? shaping.maxTileBytes
        shaping.simplify = try s.double("simplify") ?? shaping.simplify
        do {
            shaping = try shaping.validated(maxZoom: maxZoom)
        } catch let error as QuartierError {
            throw s.error("[[tiles]] \(error.message)", line: s.line)
        }
        return TilesStep(
            name: name, layer: LayerRef(try s.string("layer") ?? LayerRef.areasName), minZoom: minZoom, maxZoom: maxZoom,
            fields: try s.stringArray("fields"), format: format, shaping: shaping,
            tier: try OutputTier.parse(&s, place: "[[tiles]] '\(name)'"), line: s.line)
    }
}
