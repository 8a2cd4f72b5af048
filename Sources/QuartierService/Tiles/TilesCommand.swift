import Foundation
package import Logging
import QuartierGDAL
import QuartierModel
package import QuartierTiles

/// Options of `quartier tiles`.
package struct TilesCommandOptions: Sendable {
    package var source: String
    package var layer: String?
    package var id: String
    package var crs: String?
    package var out: String
    package var minZoom: Int
    package var maxZoom: Int
    package var fields: [String]?
    package var name: String?
    package var timings: String?
    package var force: Bool
    /// How the tiles are shaped: per-zoom fields, size budget, simplification.
    package var shaping: TileShaping

    package init(
        source: String, layer: String?, id: String, crs: String?, out: String, minZoom: Int, maxZoom: Int,
        fields: [String]?, name: String?, timings: String?, force: Bool, shaping: TileShaping = TileShaping()
    ) {
        self.source = source
        self.layer = layer
        self.id = id
        self.crs = crs
        self.out = out
        self.minZoom = minZoom
        self.maxZoom = maxZoom
        self.fields = fields
        self.name = name
        self.timings = timings
        self.force = force
        self.shaping = shaping
    }
}

/// `quartier tiles`: a layer as Mapbox Vector Tiles in a PMTiles v3 archive (`OUT.pmtiles`), an MBTiles
/// 1.3 tileset (`OUT.mbtiles`) or a z/x/y folder of gzip-compressed `.mvt` files, each written beside
/// the target and renamed into place; an existing output is refused without `--force`.
/// Timed steps: `read`, `tiles` (cutting, encoding, compressing and streaming to the output), `write`
/// (assembling and renaming the output).
package enum TilesCommand {
    package static func run(_ o: TilesCommandOptions, logger: Logger) throws -> TileBuilder.Report {
        guard (0...18).contains(o.maxZoom) else {
            throw QuartierError.user("--maxzoom \(o.maxZoom) is refused: use 0 to 18 (a zoom 18 tile is about 150 m wide)")
        }
        guard (0...o.maxZoom).contains(o.minZoom) else {
            throw QuartierError.user("--minzoom must be between 0 and --maxzoom (\(o.maxZoom))")
        }
        _ = try o.shaping.validated(maxZoom: o.maxZoom)
        let format = TileOutput.Format(path: o.out)
        let outURL = URL(fileURLWithPath: o.out)
        // The same rule as when the output is renamed into place, checked before any work.
        do {
            _ = try StagedPath(target: outURL, isFolder: format == .zxy, replace: o.force)
        } catch {
            throw userError(error, out: o.out)
        }
        let timer = StepTimer()
        let layer = try timer.measure("read") { () throws -> FeatureLayer in
            let spec = QuickCommands.input("areas", o.source, layer: o.layer, id: o.id, crs: o.crs)
            let source = try InputSource(spec, logger: logger)
            _ = try source.requireCRS(for: "tiles in Web Mercator (EPSG:3857)")
            // The validation every command shares: CRS against the extent, geometries valid, keys present and unique.
            return try AreaLoader(source: source, working: try SpatialReference.wgs84(), logger: logger).load { _ in }.0
        }
        let name = o.name ?? outURL.deletingPathExtension().lastPathComponent
        // A plan of one step through the runner every analysis uses.
        let step = TileArchiveStep(
            name: name, minZoom: o.minZoom, maxZoom: o.maxZoom, fields: o.fields, url: outURL, format: format,
            replace: o.force, shaping: o.shaping)
        let state = try QuickCommands.runStep(
            step, on: layer, idField: o.id, inputs: [], working: nil, timer: timer, logger: logger)
        guard let (report, archive) = state.tileArchives.first else {
            throw QuartierError.internal("the tiles step reported nothing")
        }
        let stored = "\(archive.tileContents) distinct, \(archive.leafDirectories) leaf directories"
        let written = "\(archive.addressedTiles) tiles (\(stored)), \(archive.fileBytes) bytes"
        logger.info("tiles: \(format.rawValue) with \(written)")
        if report.clampedCoordinates > 0 {
            logger.warning("tiles: \(report.clampedCoordinates) coordinates beyond ±85.0511° latitude were clamped")
        }
        if !report.oversizedTiles.isEmpty {
            let worst = report.oversizedTiles.max { $0.value < $1.value }.map { " (largest: \($0.key), \($0.value) bytes)" }
            logger.warning(
                "tiles: \(report.oversizedTiles.count) tiles exceed the size budget of \(o.shaping.maxTileBytes) bytes\(worst ?? ""); no area was dropped")
        }
        if let timings = o.timings { try timer.write(to: timings) }
        return report
    }

    /// Cuts a lon/lat layer into tiles and writes them to `url` in `format` (see `TileOutput`). Tiles are
    /// gzipped once, on the cores that cut them (`TileBuilder.build`), and those bytes are stored.
    /// `attribution` and `description` go into the archive's metadata; `stepPrefix` goes before the timed
    /// step names `tiles` and `write`.
    /// - Parameter replace: replace an existing output (else it is refused, naming `--force`).
    static func write(
        _ layer: FeatureLayer, idField: String, name: String, minZoom: Int, maxZoom: Int, fields: [String]?, to url: URL,
        format: TileOutput.Format, replace: Bool, timer: StepTimer, shaping: TileShaping = TileShaping(),
        attribution: String? = nil, description: String? = nil, stepPrefix: String = ""
    ) throws -> (tiles: TileBuilder.Report, archive: TileArchiveReport) {
        var builder = TileBuilder(
            layerName: name, idField: idField, fields: fields, fieldMinZoom: shaping.fieldMinZoom, minZoom: minZoom,
            maxZoom: maxZoom, sizeBudget: shaping.maxTileBytes, simplification: shaping.simplify)
        // `vector_layers` describes the MVT layer: its name and the fields the tiles carry.
        var vectorLayer = PMTilesMetadata.VectorLayer(layer: layer, minzoom: minZoom, maxzoom: maxZoom)
        vectorLayer.id = name
        if let fields {
            vectorLayer.fields = vectorLayer.fields.filter { $0.key == idField || fields.contains($0.key) }
        }
        let metadata = PMTilesMetadata(
            name: name, attribution: attribution, description: description, vectorLayers: [vectorLayer])
        do {
            try FileSupport.prepareOutputFolder(url.deletingLastPathComponent().path)
            let output = try TileOutput(
                format: format, url: url, metadata: metadata, bounds: layer.extent, replace: replace)
            let report = try timer.measure(stepPrefix + "tiles") {
                try builder.build(layer) { tile, gzipped in try output.add(tile, gzipped: gzipped) }
            }
            let archive = try timer.measure(stepPrefix + "write") { try output.finish() }
            return (report, archive)
        } catch {
            throw userError(error, out: url.path)
        }
    }

    /// A tile writer's error on an existing or wrongly named output as a message naming the output and what to do;
    /// other errors unchanged.
    static func userError(_ error: any Error, out: String) -> any Error {
        guard let error = error as? TileWriteError else { return error }
        return switch error.code {
        case .exists: QuartierError.user("--out '\(out)' \(error.message); pass --force to replace it")
        case .wrongKind:
            QuartierError.user("--out '\(out)' \(error.message); name OUT.pmtiles, OUT.mbtiles or a folder")
        default: error  // typed, with its kind (bad input)
        }
    }
}
