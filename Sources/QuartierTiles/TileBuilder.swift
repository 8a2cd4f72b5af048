import Dispatch
import Foundation
package import QuartierModel

/// Cuts a layer into Mapbox Vector Tiles zoom by zoom.
///
/// Features are projected to Web Mercator once and their polygons taken apart into shared arcs once
/// (`TileGeneralizer`). For each zoom the arcs are simplified to `simplification` tile units and the
/// features rebuilt, then assigned to the tiles their bounding box (plus the clip buffer) covers,
/// clipped and encoded, a band of tile rows at a time and the tiles of a band in parallel; each
/// band is handed to `sink` before the next is cut, so memory holds one zoom's geometries and one
/// band's tiles. No feature is dropped: a polygon too small to see keeps a minimal square
/// (`MVTEncoder`). Fields can start at a zoom (`fieldMinZoom`); the id field is in every tile.
package struct TileBuilder: Sendable {
    /// What the cut found.
    package struct Report: Sendable, Codable {
        package var tiles: Int
        package var features: Int
        /// Shared arcs the polygons were split into for generalisation.
        package var arcs: Int
        /// Coordinates moved to the Web Mercator latitude limit (±85.0511°).
        package var clampedCoordinates: Int
        /// Polygons kept as a minimal square because they vanish at a zoom.
        package var substitutedPolygons: Int
        /// Largest uncompressed tile per zoom, in bytes ("z": bytes).
        package var largestTileBytes: [String: Int]
        /// Tiles larger than the size budget, by id ("z/x/y": bytes).
        package var oversizedTiles: [String: Int]
        /// Wall-clock seconds per zoom ("z": seconds), generalisation and cutting together.
        package var zoomSeconds: [String: Double]
    }

    package var layerName: String
    package var idField: String
    /// Fields to include besides the id (nil: all).
    package var fields: [String]?
    /// The first zoom at which a field is included (fields not named here: every zoom; the id field
    /// is always included).
    package var fieldMinZoom: [String: Int]
    package var minZoom: Int
    package var maxZoom: Int
    /// Uncompressed tile size above which a tile is reported (never reduced by dropping areas).
    package var sizeBudget: Int
    /// Douglas–Peucker tolerance in tile units (1/4096 of a tile); 0 turns generalisation off.
    package var simplification: Double
    package var clipper = TileClipper()

    package init(
        layerName: String, idField: String, fields: [String]?, fieldMinZoom: [String: Int] = [:], minZoom: Int,
        maxZoom: Int, sizeBudget: Int = 500_000, simplification: Double = 1
    ) {
        self.layerName = layerName
        self.idField = idField
        self.fields = fields
        self.fieldMinZoom = fieldMinZoom
        self.minZoom = minZoom
        self.maxZoom = maxZoom
        self.sizeBudget = sizeBudget
        self.simplification = simplification
    }

    /// Builds every tile of `layer` (coordinates in lon/lat, EPSG:4326) and hands each non-empty
    /// tile to `sink`, gzip-compressed (`Gzip.gzipTile`, on the cores that cut it): zoom by zoom, within a zoom by bands of
    /// rows from north to south.
    ///
    /// Stops within about a second once the calling thread is cancelled (`CallerCancellation`: a dismissed server
    /// job), looking at the flag before every zoom, its generalisation and every band of tiles, and before each
    /// tile of a band; it then throws `RunCancelled` and the caller abandons its output (nothing is renamed into
    /// place).
    package func build(_ layer: FeatureLayer, sink: (TileID, [UInt8]) throws -> Void) throws -> Report {
        let cancellation = CallerCancellation()
        let names = layer.fields.map(\.name)
        guard let idIndex = names.firstIndex(of: idField) else {
            throw TileWriteError(code: .invalidTile, message: "the layer has no id field '\(idField)'")
        }
        let wanted = fields ?? names
        for name in wanted + fieldMinZoom.keys.sorted() where !names.contains(name) {
            throw TileWriteError(
                code: .invalidTile, message: "the layer has no field '\(name)' (fields: \(names.joined(separator: ", ")))")
        }
        let keep = [idIndex] + wanted.compactMap { name in name == idField ? nil : names.firstIndex(of: name) }
        let keys = keep.map { names[$0] }
        let keyMinZoom = keys.map { $0 == idField ? 0 : (fieldMinZoom[$0] ?? 0) }
        let values: [[AttributeValue]] = layer.features.map { feature in
            keep.map { $0 < feature.attributes.count ? feature.attributes[$0] : .null }
        }
        let projection = Parallel.map(layer.features) { feature -> (Geometry?, Int) in
            guard let geometry = feature.geometry else { return (nil, 0) }
            let result = WebMercator.project(geometry)
            return (result.geometry, result.clampedCount)
        }
        let generalizer = TileGeneralizer(projected: projection.map(\.0))
        var report = Report(
            tiles: 0, features: layer.features.count, arcs: generalizer.arcCount,
            clampedCoordinates: projection.reduce(0) { $0 + $1.1 }, substitutedPolygons: 0, largestTileBytes: [:],
            oversizedTiles: [:], zoomSeconds: [:])
        var properties: (keys: [Int], rows: [[(key: String, value: AttributeValue)]]) = ([], [])
        for zoom in minZoom...maxZoom {
            try cancellation.check()
            let started = DispatchTime.now().uptimeNanoseconds
            let unit = 2 * WebMercator.halfWorld / Double(1 << zoom) / Double(clipper.extent)
            let geometries = generalizer.geometries(tolerance: simplification * unit)
            let zoomKeys = keys.indices.filter { keyMinZoom[$0] <= zoom }
            if zoomKeys != properties.keys || zoom == minZoom {
                properties = (zoomKeys, values.map { row in zoomKeys.map { (key: keys[$0], value: row[$0]) } })
            }
            let generalised = DispatchTime.now().uptimeNanoseconds
            try cancellation.check()
            let cut = ZoomCut(
                zoom: zoom, geometries: geometries, envelopes: generalizer.envelopes, properties: properties.rows,
                layerName: layerName, clipper: clipper, cancellation: cancellation)
            var largest = 0
            try cut.run { tile, output in
                let encoding = output.encoding
                report.tiles += 1
                report.substitutedPolygons += encoding.substitutedPolygons
                largest = max(largest, encoding.bytes.count)
                if encoding.bytes.count > sizeBudget {
                    report.oversizedTiles["\(tile.z)/\(tile.x)/\(tile.y)"] = encoding.bytes.count
                }
                try sink(tile, output.gzipped)
            }
            report.largestTileBytes[String(zoom)] = largest
            let finished = DispatchTime.now().uptimeNanoseconds
            report.zoomSeconds[String(zoom)] = Double(finished - started) / 1e9
            if ProcessInfo.processInfo.environment["QUARTIER_TRACE_TILES"] != nil {
                print("z\(zoom) generalise \(Double(generalised - started) / 1e9) cut \(Double(finished - generalised) / 1e9)")
            }
        }
        return report
    }
}
