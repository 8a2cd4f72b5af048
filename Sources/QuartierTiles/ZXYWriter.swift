package import Foundation

/// Writes tiles as a directory tree `z/x/y.mvt` (the XYZ layout of the OGC Two Dimensional Tile
/// Matrix Set, Annex D.1 indices, and of TileJSON 3.0.0 `tiles` URL templates).
///
/// Each file holds the gzipped MVT exactly as given, the same bytes as in the PMTiles and MBTiles
/// archives (`TileOutput` compresses once), so a static server must send `Content-Encoding: gzip`
/// with `Content-Type: application/vnd.mapbox-vector-tile`. Empty tiles are not written.
/// The tree is built in a temporary folder beside the target and moved into place by `finish()`
/// (`StagedPath`: an existing non-empty folder only with `replace`, and then no stale tile of the
/// old tree survives); an abandoned writer removes its temporary folder.
package final class ZXYWriter {
    private let stage: StagedPath
    private var coverage = TileCoverage()
    private var written = 0
    private var bytes = 0
    /// Folders `z/x` created so far (one `mkdir` each, not one per tile).
    private var folders: Set<String> = []
    package let fileExtension: String

    /// The final folder.
    package var directory: URL { stage.target }

    /// Prepares writing to the folder `directory` (its parent must exist).
    /// - Parameter replace: allow replacing an existing non-empty folder (else `.exists`).
    package init(directory: URL, fileExtension: String = "mvt", replace: Bool = false) throws(TileWriteError) {
        stage = try StagedPath(target: directory, isFolder: true, replace: replace)
        self.fileExtension = fileExtension
        do {
            try FileManager.default.createDirectory(at: stage.temporary, withIntermediateDirectories: false)
        } catch {
            throw TileWriteError(code: .io, path: stage.temporary.path, message: "\(error)")
        }
    }

    /// The path of a tile below `root` (the final folder by default).
    package func url(for tile: TileID, in root: URL? = nil) -> URL {
        (root ?? directory).appendingPathComponent("\(tile.z)/\(tile.x)/\(tile.y).\(fileExtension)")
    }

    /// Writes one tile of gzipped MVT bytes; returns false for an empty tile (not written).
    @discardableResult
    package func add(_ tile: TileID, gzipped: [UInt8]) throws(TileWriteError) -> Bool {
        _ = try coverage.record(tile)
        guard !gzipped.isEmpty else { return false }
        let target = url(for: tile, in: stage.temporary)
        let folder = target.deletingLastPathComponent()
        do {
            if folders.insert(folder.path).inserted {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            }
            try Data(gzipped).write(to: target)
        } catch {
            throw TileWriteError(code: .io, tile: tile, path: target.path, message: "\(error)")
        }
        written += 1
        bytes += gzipped.count
        return true
    }

    /// Moves the finished tree into place.
    @discardableResult
    package func finish() throws(TileWriteError) -> TileArchiveReport {
        guard written > 0 else { throw TileWriteError(code: .empty, path: directory.path) }
        try stage.commit()
        return TileArchiveReport(addressedTiles: written, tileEntries: written, tileContents: written, fileBytes: bytes)
    }
}
