import ArgumentParser
import Foundation
import QuartierService
import QuartierTiles

struct Tiles: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cut a layer into vector tiles (MVT): a PMTiles v3 archive, an MBTiles tileset or a z/x/y folder; "
            + "no area is dropped.")

    @Argument(help: "The areas (any OGR source).") var source: String
    @Option(help: "Layer of the source (default: the first).") var layer: String?
    @Option(help: "Key field, a property at every zoom.") var id: String
    @Option(help: "Assume this CRS for the source (EPSG:…).") var crs: String?
    @Option(help: "OUT.pmtiles, OUT.mbtiles, or a folder for z/x/y .mvt files (gzip).") var out: String
    @Option(help: "Lowest zoom.") var minzoom = 0
    @Option(help: "Highest zoom (at most 18).") var maxzoom = 14
    @Option(help: "Fields to include besides the id, comma-separated (default: all).") var fields: String?
    @Option(help: "MVT layer name (default: the output's stem).") var name: String?
    @Option(help: "Write step timings as JSON to this file.") var timings: String?
    @Option(
        name: .customLong("field-minzoom"),
        help: "FIELD=Z: include FIELD only from zoom Z on (repeatable; the id is in every tile).")
    var fieldMinZoom: [String] = []
    @Option(name: .customLong("max-tile-bytes"), help: "Report tiles larger than this (uncompressed); none is cut.")
    var maxTileBytes = 500_000
    @Option(help: "Generalisation tolerance in tile units (1/4096 of a tile); 0 turns it off.") var simplify = 1.0
    @Flag(help: "Replace an existing output (archive file or non-empty folder), atomically.") var force = false
    @OptionGroup var common: CommonOptions

    func run() throws {
        let logger = common.bootstrap()
        try reportingErrors {
            // --out may be a folder (z/x/y); it is checked by the tiles writer, the timings file here.
            try OutputPaths.check(outputs: [timings.map { .init("--timings", $0) }], inputs: [.init("source", source)])
            let options = TilesCommandOptions(
                source: source, layer: layer, id: id, crs: crs, out: out, minZoom: minzoom, maxZoom: maxzoom,
                fields: fields.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } },
                name: name, timings: timings, force: force,
                shaping: TileShaping(
                    fieldMinZoom: try TileShaping.parseFieldMinZoom(fieldMinZoom), maxTileBytes: maxTileBytes,
                    simplify: simplify))
            let report = try TilesCommand.run(options, logger: logger)
            say("\(report.tiles) tiles for \(report.features) features (zooms \(minzoom)–\(maxzoom)); "
                + "\(report.substitutedPolygons) polygons kept at minimal size")
            say("wrote \(out)")
        }
    }
}
