package import Foundation
import GRDB
package import QuartierModel

/// Writes an MBTiles 1.3 tileset of MVT tiles, an SQLite database
/// (https://github.com/mapbox/mbtiles-spec/blob/master/1.3/spec.md), through GRDB.
///
/// - Schema: deduplicated storage as mbutil and tippecanoe write it: `images(tile_data, tile_id)`
///   holds each distinct content once, `map(zoom_level, tile_column, tile_row, tile_id)` addresses
///   it, and the view `tiles` joins them into the spec's interface (§"Tiles": `zoom_level`,
///   `tile_column`, `tile_row`, `tile_data`); the spec allows views ("Note: the schemas outlined are
///   meant to be followed as interfaces"). Unique indexes on `map(zoom_level, tile_column, tile_row)`
///   and `images(tile_id)`. `tile_id` is the image's sequence number. `PRAGMA application_id` is the
///   assigned MBTiles magic number 0x4d504258 ("MPBX").
/// - Rows are in the TMS scheme (§"Tiles"): `tile_row = 2^z − 1 − y` for the XYZ row `y`.
/// - `tile_data` is the gzipped MVT as given (`format = pbf` means gzip-compressed MVT), the same
///   bytes as the PMTiles archive and the z/x/y files; empty tiles are not stored.
/// - `metadata(name, value)` (§"Metadata"): `name`, `format` = `pbf`, `bounds` (west,south,east,north),
///   `center` (lon,lat,zoom), `minzoom`, `maxzoom`, `type` = `overlay`, `json` =
///   `{"vector_layers": […]}` (§"Vector tileset metadata", the same layer list as PMTiles'), and
///   `attribution` / `description` when given.
/// - Deduplication: `TileContentIndex` (hash and length → image; equality checked by reading the
///   stored blob back), so only hashes live in memory. Rows are inserted in transactions of at most
///   1,000 tiles or 8 MiB with the journal off (the file is a temporary until `finish()`).
/// - Atomic: the database is built in a temporary file beside the target, closed, flushed and renamed
///   over it (`StagedPath`); an abandoned writer removes it.
package final class MBTilesWriter {
    private let stage: StagedPath
    private let database: DatabaseQueue
    private var coverage = TileCoverage()
    private var contents = TileContentIndex<Int64>()
    /// Tiles not yet inserted, with the content of images not yet inserted.
    private var pending: [(tile: TileID, image: Int64)] = []
    private var pendingImages: [Int64: [UInt8]] = [:]
    private var pendingBytes = 0
    private var addressed = 0

    package var metadata: PMTilesMetadata
    /// Lon/lat bounds for `metadata.bounds`; nil → the union of the added tiles' bounds.
    package var bounds: BoundingBox?
    /// Lon/lat center and zoom for `metadata.center`; nil → the bounds' center at the minimum zoom.
    package var center: (coordinate: Coordinate, zoom: Int)?

    /// MBTiles' SQLite application id, "MPBX" (SQLite's magic.txt).
    static let applicationID: Int32 = 0x4d50_4258

    /// Prepares writing to `url` (its folder must exist).
    /// - Parameter replace: allow replacing an existing file (else `TileWriteError.Code.exists`).
    package init(url: URL, metadata: PMTilesMetadata, bounds: BoundingBox? = nil, replace: Bool = false)
        throws(TileWriteError)
    {
        stage = try StagedPath(target: url, isFolder: false, replace: replace)
        self.metadata = metadata
        self.bounds = bounds
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
        }
        let path = stage.temporary.path
        database = try Self.sqlite(path) { () throws in
            try DatabaseQueue(path: path, configuration: configuration)
        }
        try Self.sqlite(path) { () throws in
            try database.write { db in
                try db.execute(
                    sql: """
                        PRAGMA application_id = \(Self.applicationID);
                        CREATE TABLE metadata (name TEXT, value TEXT);
                        CREATE UNIQUE INDEX name ON metadata (name);
                        CREATE TABLE map (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_id INTEGER);
                        CREATE UNIQUE INDEX map_index ON map (zoom_level, tile_column, tile_row);
                        CREATE TABLE images (tile_data BLOB, tile_id INTEGER);
                        CREATE UNIQUE INDEX images_id ON images (tile_id);
                        CREATE VIEW tiles AS
                            SELECT map.zoom_level AS zoom_level, map.tile_column AS tile_column,
                                   map.tile_row AS tile_row, images.tile_data AS tile_data
                            FROM map JOIN images ON images.tile_id = map.tile_id;
                        """)
            }
        }
    }

    /// Adds one tile of gzipped MVT bytes (empty: recorded for the zoom range, not stored).
    package func add(_ tile: TileID, gzipped: [UInt8]) throws(TileWriteError) {
        _ = try coverage.record(tile)
        guard !gzipped.isEmpty else { return }
        let hash = TileContentIndex<Int64>.hash(gzipped)
        let image: Int64
        if let known = try contents.find(gzipped, hash: hash, load: storedImage) {
            image = known
        } else {
            image = Int64(contents.count + 1)
            contents.insert(hash: hash, length: gzipped.count, location: image)
            pendingImages[image] = gzipped
            pendingBytes += gzipped.count
        }
        pending.append((tile, image))
        addressed += 1
        if pending.count >= 1_000 || pendingBytes >= 8 << 20 { try flush() }
    }

    /// Writes the metadata, closes the database and renames it into place.
    @discardableResult
    package func finish() throws(TileWriteError) -> TileArchiveReport {
        guard addressed > 0 else { throw TileWriteError(code: .empty, path: stage.target.path) }
        try flush()
        let rows = metadataRows()
        let path = stage.temporary.path
        try Self.sqlite(path) { () throws in
            try database.write { db in
                let insert = try db.makeStatement(sql: "INSERT INTO metadata (name, value) VALUES (?, ?)")
                for (name, value) in rows { try insert.execute(arguments: [name, value]) }
            }
            try database.close()
            // The journal was off and syncing skipped while building; flush once before the rename.
            let handle = try FileHandle(forUpdating: stage.temporary)
            try handle.synchronize()
            try handle.close()
        }
        let fileBytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        try stage.commit()
        return TileArchiveReport(
            addressedTiles: addressed, tileEntries: addressed, tileContents: contents.count, fileBytes: fileBytes)
    }

    /// The `metadata` rows (see the type's comment).
    func metadataRows() -> [(String, String)] {
        let box = coverage.bounds(or: bounds)
        let middle = center?.coordinate ?? box.center
        let e7 = { (v: Double) in "\((v * 1e7).rounded() / 1e7)" }
        var rows: [(String, String)] = [
            ("name", metadata.name), ("format", "pbf"), ("type", "overlay"),
            ("bounds", [box.minX, box.minY, box.maxX, box.maxY].map(e7).joined(separator: ",")),
            ("center", "\(e7(middle.x)),\(e7(middle.y)),\(center?.zoom ?? coverage.minZoom)"),
            ("minzoom", "\(coverage.minZoom)"), ("maxzoom", "\(coverage.maxZoom)"),
            ("json", String(decoding: metadata.vectorLayersJSONBytes(), as: UTF8.self)),
        ]
        if let attribution = metadata.attribution { rows.append(("attribution", attribution)) }
        if let description = metadata.description { rows.append(("description", description)) }
        return rows
    }

    /// Inserts the pending tiles and images in one transaction.
    private func flush() throws(TileWriteError) {
        guard !pending.isEmpty else { return }
        let tiles = pending
        let images = pendingImages
        try Self.sqlite(stage.temporary.path) { () throws in
            try database.write { db in
                let image = try db.cachedStatement(sql: "INSERT INTO images (tile_id, tile_data) VALUES (?, ?)")
                for (id, bytes) in images.sorted(by: { $0.key < $1.key }) {
                    try image.execute(arguments: [id, Data(bytes)])
                }
                let map = try db.cachedStatement(
                    sql: "INSERT INTO map (zoom_level, tile_column, tile_row, tile_id) VALUES (?, ?, ?, ?)")
                for (tile, id) in tiles {
                    try map.execute(arguments: [tile.z, tile.x, (1 << tile.z) - 1 - tile.y, id])
                }
            }
        }
        pending.removeAll(keepingCapacity: true)
        pendingImages.removeAll(keepingCapacity: true)
        pendingBytes = 0
    }

    /// The content of an image, pending or stored.
    private func storedImage(_ id: Int64) throws(TileWriteError) -> [UInt8] {
        if let bytes = pendingImages[id] { return bytes }
        let data = try Self.sqlite(stage.temporary.path) { () throws in
            try database.read { db in
                try Data.fetchOne(db, sql: "SELECT tile_data FROM images WHERE tile_id = ?", arguments: [id])
            }
        }
        return data.map { [UInt8]($0) } ?? []
    }

    /// Runs an SQLite operation, turning its error into `TileWriteError.Code.io` naming the file.
    private static func sqlite<T>(_ path: String, _ body: () throws -> T) throws(TileWriteError) -> T {
        do {
            return try body()
        } catch {
            throw TileWriteError(code: .io, path: path, message: "SQLite: \(error)")
        }
    }
}
