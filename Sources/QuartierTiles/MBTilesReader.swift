package import Foundation
import GRDB
package import QuartierModel

/// Random access to an MBTiles 1.3 tileset (https://github.com/mapbox/mbtiles-spec/blob/master/1.3/spec.md)
/// without unpacking it: the database is opened read-only, the `metadata` table read once, and each tile is one
/// indexed query of the `tiles` table (or view) — in the TMS scheme, so the XYZ row `y` is `2^z − 1 − y`.
/// Tiles come back as stored; `format = pbf` means gzip-compressed MVT (§"Metadata"), which the first stored
/// tile's gzip magic number confirms (`tileCompression`).
package final class MBTilesReader: Sendable {
    package let path: String
    /// The `metadata` table, name → value.
    package let metadata: [String: String]
    package let minZoom: Int
    package let maxZoom: Int
    /// West, south, east, north in degrees (`bounds`; the whole Web Mercator world when missing).
    package let bounds: BoundingBox
    /// Longitude, latitude and zoom (`center`; the middle of `bounds` at `minZoom` when missing).
    package let center: (longitude: Double, latitude: Double, zoom: Int)
    /// PMTiles' numbering (§3.1 of its spec), for one way of naming encodings: 2 gzip, 1 none.
    package let tileCompression: UInt8
    /// `format`: `pbf`, `png`, `jpg`, `webp` (or whatever the file says).
    package let format: String
    private let database: DatabaseQueue

    /// Opens a tileset read-only and reads its metadata.
    /// - Throws: `TileReadError` naming the file and what is wrong with it (not SQLite, no `tiles` or `metadata`).
    package init(path: String) throws {
        self.path = path
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw TileReadError(path: path, message: "cannot be opened: no such readable file", format: "MBTiles tileset")
        }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
            let read = try database.read { db in
                guard try db.tableExists("tiles") || db.viewExists("tiles"), try db.tableExists("metadata") else {
                    throw TileReadError(
                        path: path, message: "has no 'tiles' and 'metadata' tables (MBTiles 1.3)", format: "MBTiles tileset")
                }
                let rows = try Row.fetchAll(db, sql: "SELECT name, value FROM metadata")
                let metadata = Dictionary(rows.compactMap { row -> (String, String)? in
                    guard let name: String = row["name"], let value: String = row["value"] else { return nil }
                    return (name, value)
                }) { first, _ in first }
                let zooms = try Row.fetchOne(db, sql: "SELECT min(zoom_level) AS low, max(zoom_level) AS high FROM tiles")
                let first = try Data.fetchOne(db, sql: "SELECT tile_data FROM tiles LIMIT 1")
                return (metadata, zooms?["low"] as Int?, zooms?["high"] as Int?, first)
            }
            metadata = read.0
            minZoom = Int(read.0["minzoom"] ?? "") ?? read.1 ?? 0
            maxZoom = Int(read.0["maxzoom"] ?? "") ?? read.2 ?? minZoom
            tileCompression = read.3.map { $0.starts(with: [0x1f, 0x8b]) ? 2 : 1 } ?? 2
        } catch let error as TileReadError {
            throw error
        } catch {
            throw TileReadError(path: path, message: "cannot be read as SQLite: \(error)", format: "MBTiles tileset")
        }
        format = metadata["format"] ?? "pbf"
        let box = Self.numbers(metadata["bounds"]).flatMap { $0.count == 4 ? $0 : nil } ?? [-180, -85.0511, 180, 85.0511]
        bounds = BoundingBox(minX: box[0], minY: box[1], maxX: box[2], maxY: box[3])
        let middle = Self.numbers(metadata["center"]).flatMap { $0.count == 3 ? $0 : nil }
        // A zoom that is no whole number in 0…30 (nan, inf, 1e300) is not trusted: the minimum zoom instead.
        let zoom = middle.flatMap { Int(exactly: $0[2].rounded()) }.flatMap { (0...30).contains($0) ? $0 : nil }
        center = (middle?[0] ?? (box[0] + box[2]) / 2, middle?[1] ?? (box[1] + box[3]) / 2, zoom ?? minZoom)
    }

    /// The stored bytes of tile z/x/y (XYZ scheme), or nil when the tileset holds none (an empty tile).
    package func tile(_ tile: TileID) throws -> [UInt8]? {
        guard tile.z >= 0, tile.z < 31 else { return nil }
        let row = (1 << tile.z) - 1 - tile.y
        do {
            return try database.read { db in
                try Data.fetchOne(
                    db, sql: "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
                    arguments: [tile.z, tile.x, row])
            }.map { [UInt8]($0) }
        } catch {
            throw TileReadError(path: path, message: "tile \(tile.z)/\(tile.x)/\(tile.y) cannot be read: \(error)", format: "MBTiles tileset")
        }
    }

    /// The TileJSON-like metadata (`vector_layers` from `json`, `name`, `attribution`, `description`) as JSON
    /// bytes, as PMTiles keeps them.
    package var metadataJSON: [UInt8] {
        var object: [String: Any] = [:]
        if let json = metadata["json"], let parsed = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] {
            object = parsed
        }
        for key in ["name", "attribution", "description"] { if let value = metadata[key] { object[key] = value } }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map { [UInt8]($0) } ?? Array("{}".utf8)
    }

    static func numbers(_ text: String?) -> [Double]? {
        guard let text else { return nil }
        let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        return values.contains(nil) ? nil : values.compactMap { $0 }
    }
}
