import Foundation
package import QuartierModel
import QuartierTiles

/// A tile archive of a run read in place: a PMTiles v3 archive or an MBTiles tileset. What a server needs to serve
/// it — zoom range, tile type and compression, where a tile is and its bytes, metadata, bounds and centre — without
/// handling the archive formats itself.
package final class TileArchiveReader: Sendable {
    /// A tile's address.
    package struct Tile: Sendable, Hashable {
        package var z: Int
        package var x: Int
        package var y: Int

        package init(z: Int, x: Int, y: Int) {
            self.z = z
            self.x = x
            self.y = y
        }
    }

    /// Where a non-empty tile is: `key` names its content within the archive (the PMTiles data offset, which
    /// deduplicated tiles share; for MBTiles the tile's Hilbert id).
    package struct Location: Sendable {
        package let key: UInt64
        fileprivate let place: PMTilesReader.Location?
        fileprivate let stored: [UInt8]?
    }

    private enum Archive: Sendable {
        case pmtiles(PMTilesReader)
        case mbtiles(MBTilesReader)
    }

    package let path: String
    private let archive: Archive
    package let minZoom: Int
    package let maxZoom: Int
    /// Tile compression in PMTiles' numbering (2 gzip, 3 brotli, 4 zstd).
    package let compression: UInt8
    /// `pbf`, `png`, `jpg`, `webp` or `unknown`.
    package let tileType: String

    /// Opens an archive: `*.mbtiles` as MBTiles, anything else as PMTiles.
    package init(path: String) throws {
        self.path = path
        if path.lowercased().hasSuffix(".mbtiles") {
            let reader = try MBTilesReader(path: path)
            archive = .mbtiles(reader)
            (minZoom, maxZoom, compression, tileType) = (
                reader.minZoom, reader.maxZoom, reader.tileCompression, reader.format
            )
        } else {
            let reader = try PMTilesReader(path: path)
            archive = .pmtiles(reader)
            let header = reader.header
            let types: [UInt8: String] = [1: "pbf", 2: "png", 3: "jpg", 4: "webp"]
            (minZoom, maxZoom, compression) = (Int(header.minZoom), Int(header.maxZoom), header.tileCompression)
            tileType = types[header.tileType] ?? "unknown"
        }
    }

    /// Where a tile is, or nil when the archive holds no such tile (an empty tile).
    /// - Parameter isCached: whether the caller holds the content of a key already (MBTiles tiles are then not read).
    package func locate(_ tile: Tile, isCached: (UInt64) -> Bool) throws -> Location? {
        let id = TileID(z: tile.z, x: tile.x, y: tile.y)
        switch archive {
        case .pmtiles(let reader):
            return try reader.locate(id).map { Location(key: $0.offset, place: $0, stored: nil) }
        case .mbtiles(let reader):
            guard let key = id.hilbertID else { return nil }
            if isCached(key) { return Location(key: key, place: nil, stored: nil) }
            return try reader.tile(id).map { Location(key: key, place: nil, stored: $0) }
        }
    }

    /// The stored bytes of a located tile; nil for a location whose bytes the caller said it holds.
    package func bytes(at location: Location) throws -> [UInt8]? {
        if let stored = location.stored { return stored }
        guard case .pmtiles(let reader) = archive, let place = location.place else { return nil }
        return try reader.bytes(at: place)
    }

    /// The archive's metadata JSON (vector_layers, attribution, …) as stored.
    package var metadata: [UInt8] {
        switch archive {
        case .pmtiles(let reader): reader.metadata
        case .mbtiles(let reader): reader.metadataJSON
        }
    }

    /// West, south, east, north in degrees, and the centre: longitude, latitude, zoom.
    package var extent: (bounds: BoundingBox, center: [Double]) {
        switch archive {
        case .pmtiles(let reader):
            (reader.header.bounds, [reader.header.center.x, reader.header.center.y, Double(reader.header.centerZoom)])
        case .mbtiles(let reader):
            (reader.bounds, [reader.center.longitude, reader.center.latitude, Double(reader.center.zoom)])
        }
    }
}
