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

/// `quartier tiles`: a layer as Mapbox Vector Tiles in a PMTiles v3 archive (`OUT.pmtiles`, written
/// atomically) or a z/x/y folder of gzip-compressed `.mvt` files. Timed steps: `read`, `tiles`, `write`.
package enum TilesCommand {
    package static func run(_ o: TilesCommandOptions, logger: Logger) throws -> TileBuilder.Report {
        guard (0...18).contains(o.maxZoom) else {
            throw QuartierError.user("--maxzoom \(o.maxZoom) is refused: use 0 to 18 (a zoom 18 tile is about 150 m wide)")
        }
        guard (0...o.maxZoom).contains(o.minZoom) else {
            throw QuartierError.user("--minzoom must be between 0 and --maxzoom (\(o.maxZoom))")
        }
        _ = try o.shaping.validated(maxZoom: o.maxZoom)
        let isArchive = o.out.lowercased().hasSuffix(".pmtiles")
        let outURL = URL(fileURLWithPath: o.out)
        if !isArchive {
            guard !o.out.lowercased().hasSuffix(".mbtiles") else {
                throw QuartierError.user("--out: write OUT.pmtiles or a folder for z/x/y tiles")
            }
            let existing = (try? FileManager.default.contentsOfDirectory(atPath: o.out)) ?? []
            if !existing.isEmpty && !o.force {
                throw QuartierError.user("--out folder '\(o.out)' is not empty; pass --force to replace its tiles")
            }
        }
        let timer = StepTimer()
        let layer = try timer.measure("read") { () throws -> FeatureLayer in
            let spec = QuickCommands.input("areas", o.source, layer: o.layer, id: o.id, crs: o.crs)
            let source = try InputSource(spec, logger: logger)
            let srs = try source.requireCRS(for: "tiles in Web Mercator (EPSG:3857)")
            try source.checkCRSFitsExtent()
            let wgs84 = try SpatialReference.wgs84()
            // Already lon/lat WGS 84 (e.g. RFC 7946 GeoJSON): read without a transformation.
            let transformer = srs.isSame(as: wgs84) ? nil : try CoordinateTransformer(from: srs, to: wgs84)
            var (layer, _) = try source.layer.readAll(ReadOptions(transformer: transformer))
            layer.crs = try SpatialReference.wgs84().crsDescription
            guard !layer.features.isEmpty else {
                throw source.error(.emptyLayer, "the layer has no features", hint: "Check the layer name")
            }
            return layer
        }
        let name = o.name ?? outURL.deletingPathExtension().lastPathComponent
        let report = try write(
            layer, idField: o.id, name: name, minZoom: o.minZoom, maxZoom: o.maxZoom, fields: o.fields, to: outURL,
            archive: isArchive, timer: timer, shaping: o.shaping)
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

    /// Cuts a lon/lat layer into tiles and writes them as a PMTiles archive (atomically) or a z/x/y folder.
    /// `attribution` and `description` go into the archive's metadata; `stepPrefix` goes before the timed
    /// step names `tiles` and `write`.
    static func write(
        _ layer: FeatureLayer, idField: String, name: String, minZoom: Int, maxZoom: Int, fields: [String]?, to url: URL,
        archive: Bool, timer: StepTimer, shaping: TileShaping = TileShaping(), attribution: String? = nil,
        description: String? = nil, stepPrefix: String = ""
    ) throws -> TileBuilder.Report {
        let builder = TileBuilder(
            layerName: name, idField: idField, fields: fields, fieldMinZoom: shaping.fieldMinZoom, minZoom: minZoom,
            maxZoom: maxZoom, sizeBudget: shaping.maxTileBytes, simplification: shaping.simplify)
        var writer = PMTilesWriter(
            metadata: PMTilesMetadata(
                name: name, attribution: attribution, description: description,
                vectorLayers: [PMTilesMetadata.VectorLayer(layer: layer, minzoom: minZoom, maxzoom: maxZoom)]),
            bounds: layer.extent)
        let zxy = ZXYWriter(directory: url)
        do {
            let report = try timer.measure(stepPrefix + "tiles") {
                try builder.build(layer) { tile, bytes in
                    if archive { try writer.add(tile, mvt: bytes) } else { _ = try zxy.write(tile, mvt: bytes) }
                }
            }
            if archive {
                try timer.measure(stepPrefix + "write") {
                    try FileSupport.prepareOutputFolder(url.deletingLastPathComponent().path)
                    _ = try writer.write(to: url)
                }
            }
            return report
        } catch let error as TileWriteError {
            throw QuartierError.user("tiles: \(error)")
        }
    }
}
