import ArgumentParser
import Foundation
import QuartierService
import QuartierTiles

/// The declaration `quartier tiles` takes its help and defaults from.
private let tilesFlags = CommandInterface.tiles

struct Tiles: ParsableCommand {
    static let configuration = CommandInterface.tiles.configuration

    @Argument(help: tilesFlags.argumentHelp("source")) var source: String
    @Option(help: tilesFlags.argumentHelp("layer")) var layer: String?
    @Option(help: tilesFlags.argumentHelp("id")) var id: String
    @Option(help: tilesFlags.argumentHelp("crs")) var crs: String?
    @Option(help: tilesFlags.argumentHelp("out")) var out: String
    @Option(help: tilesFlags.argumentHelp("minzoom")) var minzoom = tilesFlags.defaultInteger("minzoom")
    @Option(help: tilesFlags.argumentHelp("maxzoom")) var maxzoom = tilesFlags.defaultInteger("maxzoom")
    @Option(help: tilesFlags.argumentHelp("fields")) var fields: String?
    @Option(help: tilesFlags.argumentHelp("name")) var name: String?
    @Option(help: tilesFlags.argumentHelp("timings")) var timings: String?
    @Option(name: .customLong("field-minzoom"), help: tilesFlags.argumentHelp("field-minzoom"))
    var fieldMinZoom: [String] = []
    @Option(name: .customLong("max-tile-bytes"), help: tilesFlags.argumentHelp("max-tile-bytes"))
    var maxTileBytes = tilesFlags.defaultInteger("max-tile-bytes")
    @Option(help: tilesFlags.argumentHelp("simplify")) var simplify = tilesFlags.defaultNumber("simplify")
    @Flag(help: tilesFlags.argumentHelp("force")) var force = false
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
