package import Foundation

/// Writes tiles as a directory tree `z/x/y.mvt` (the XYZ layout of the OGC Two Dimensional Tile
/// Matrix Set, Annex D.1 indices, and of TileJSON 3.0.0 `tiles` URL templates).
///
/// Each file holds the same gzip bytes as the PMTiles archive (`Gzip.gzip` of the raw MVT,
/// deterministic), so a static server must send `Content-Encoding: gzip` with
/// `Content-Type: application/vnd.mapbox-vector-tile`. Empty MVTs are not written. Each file is
/// written atomically (temporary file, then rename, by Foundation's `.atomic` option).
package struct ZXYWriter: Sendable {
    package var directory: URL
    package var fileExtension: String

    package init(directory: URL, fileExtension: String = "mvt") {
        self.directory = directory
        self.fileExtension = fileExtension
    }

    /// The file a tile is written to.
    package func url(for tile: TileID) -> URL {
        directory.appendingPathComponent("\(tile.z)/\(tile.x)/\(tile.y).\(fileExtension)")
    }

    /// Gzips and writes one tile of raw MVT bytes; returns false for an empty tile (not written).
    @discardableResult
    package func write(_ tile: TileID, mvt: [UInt8]) throws(TileWriteError) -> Bool {
        guard tile.hilbertID != nil else { throw TileWriteError(code: .invalidTile, tile: tile) }
        guard !mvt.isEmpty else { return false }
        let target = url(for: tile)
        do {
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(Gzip.gzip(mvt)).write(to: target, options: .atomic)
        } catch {
            throw TileWriteError(code: .io, tile: tile, path: target.path, message: "\(error)")
        }
        return true
    }
}
