import Dispatch
import Foundation
package import QuartierModel

/// Cuts a layer into Mapbox Vector Tiles zoom by zoom: features projected to Web Mercator once,
/// assigned to the tiles their bounding box covers, clipped with a buffer and encoded, tiles in
/// parallel. No feature is dropped: a polygon too small to see keeps a minimal square (`MVTEncoder`).
///
/// Not yet done (issue 6): generalisation per zoom along shared arcs; geometries are clipped and
/// quantised to the tile grid only.
package struct TileBuilder: Sendable {
    /// What the cut found.
    package struct Report: Sendable, Codable {
        package var tiles: Int
        package var features: Int
        /// Coordinates moved to the Web Mercator latitude limit (±85.0511°).
        package var clampedCoordinates: Int
        /// Polygons kept as a minimal square because they vanish at a zoom.
        package var substitutedPolygons: Int
        /// Tiles larger than the size budget, by id ("z/x/y": bytes).
        package var oversizedTiles: [String: Int]
    }

    package var layerName: String
    package var idField: String
    /// Fields to include besides the id (nil: all).
    package var fields: [String]?
    package var minZoom: Int
    package var maxZoom: Int
    /// Uncompressed tile size above which a tile is reported (never reduced by dropping areas).
    package var sizeBudget: Int

    package init(layerName: String, idField: String, fields: [String]?, minZoom: Int, maxZoom: Int, sizeBudget: Int = 500_000) {
        self.layerName = layerName
        self.idField = idField
        self.fields = fields
        self.minZoom = minZoom
        self.maxZoom = maxZoom
        self.sizeBudget = sizeBudget
    }

    /// Builds every tile of `layer` (coordinates in lon/lat, EPSG:4326) and hands each to `sink` in
    /// zoom order, one zoom at a time (memory holds one zoom's tiles).
    package func build(_ layer: FeatureLayer, sink: (TileID, [UInt8]) throws -> Void) throws -> Report {
        let names = layer.fields.map(\.name)
        guard let idIndex = names.firstIndex(of: idField) else {
            throw TileWriteError(code: .invalidTile, message: "the layer has no id field '\(idField)'")
        }
        let wanted = fields ?? names
        let keep = [idIndex] + wanted.compactMap { name in name == idField ? nil : names.firstIndex(of: name) }
        var clamped = 0
        var projected: [Geometry?] = []
        projected.reserveCapacity(layer.features.count)
        for feature in layer.features {
            guard let geometry = feature.geometry else {
                projected.append(nil)
                continue
            }
            let result = WebMercator.project(geometry)
            clamped += result.clampedCount
            projected.append(result.geometry)
        }
        let properties: [[(key: String, value: AttributeValue)]] = layer.features.map { feature in
            keep.map { (key: names[$0], value: $0 < feature.attributes.count ? feature.attributes[$0] : .null) }
        }
        var report = Report(tiles: 0, features: layer.features.count, clampedCoordinates: clamped, substitutedPolygons: 0,
            oversizedTiles: [:])
        let clipper = TileClipper()
        for zoom in minZoom...maxZoom {
            var members: [TileID: [Int]] = [:]
            for (i, geometry) in projected.enumerated() {
                guard let box = geometry?.envelope else { continue }
                let lonLat = BoundingBox(
                    minX: WebMercator.unproject(Coordinate(x: box.minX, y: box.minY)).x,
                    minY: WebMercator.unproject(Coordinate(x: box.minX, y: box.minY)).y,
                    maxX: WebMercator.unproject(Coordinate(x: box.maxX, y: box.maxY)).x,
                    maxY: WebMercator.unproject(Coordinate(x: box.maxX, y: box.maxY)).y)
                for tile in TileMath.tilesCovering(bbox: lonLat, zoom: zoom) { members[tile, default: []].append(i) }
            }
            let tiles = members.keys.sorted()
            let tileMembers = members
            let geometries = projected
            let results = TileBuilder.parallelMap(tiles) { tile -> (bytes: [UInt8], substituted: Int) in
                var features: [MVTFeature] = []
                for i in tileMembers[tile] ?? [] {
                    guard let geometry = geometries[i], let clipped = clipper.clip(geometry, to: tile) else { continue }
                    features.append(MVTFeature(id: UInt64(i + 1), geometry: clipped, properties: properties[i]))
                }
                guard !features.isEmpty else { return ([], 0) }
                let encoding = MVTEncoder.encode(MVTLayer(name: layerName, features: features))
                return (encoding.bytes, encoding.substitutedPolygons)
            }
            for (tile, result) in zip(tiles, results) where !result.bytes.isEmpty {
                report.tiles += 1
                report.substitutedPolygons += result.substituted
                if result.bytes.count > sizeBudget { report.oversizedTiles["\(tile.z)/\(tile.x)/\(tile.y)"] = result.bytes.count }
                try sink(tile, result.bytes)
            }
        }
        return report
    }

    /// `transform` over `items` on all cores, results in input order.
    static func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        guard items.count > 1 else { return items.map(transform) }
        let box = ResultBox<R>(count: items.count)
        let chunks = min(items.count, ProcessInfo.processInfo.activeProcessorCount * 4)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let lower = items.count * chunk / chunks
            let upper = items.count * (chunk + 1) / chunks
            for i in lower..<upper { box.set(i, transform(items[i])) }
        }
        return box.values()
    }
}

/// Results written by index from several threads into raw memory allocated once (no array
/// copy-on-write in the threads); each index is written by exactly one thread.
private final class ResultBox<R>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<R?>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = UnsafeMutablePointer<R?>.allocate(capacity: count)
        storage.initialize(repeating: nil, count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func set(_ i: Int, _ value: R) { storage[i] = value }
    func values() -> [R] { (0..<count).compactMap { storage[$0] } }
}
