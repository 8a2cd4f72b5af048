package import Foundation
package import QuartierModel

/// The destination of a tile run: a PMTiles v3 archive, an MBTiles 1.3 tileset or a z/x/y folder.
///
/// Tiles arrive gzipped: each is compressed exactly once, where it is cut (`TileBuilder.build`,
/// `Gzip.gzipTile`: deterministic, mtime 0, level by tile size), and those bytes are what every writer
/// stores, so the three formats hold the same tile bytes. Each writer writes beside the target and renames
/// into place on `finish()`; an existing output is replaced only with `replace` (`StagedPath`).
package final class TileOutput {
    /// The three formats; `init(path:)` picks one by the path's extension.
    package enum Format: String, Sendable, Hashable, CaseIterable {
        case pmtiles, mbtiles, zxy

        /// `.pmtiles` → PMTiles, `.mbtiles` → MBTiles (any letter case), anything else → a z/x/y folder.
        package init(path: String) {
            let lower = path.lowercased()
            self = lower.hasSuffix(".pmtiles") ? .pmtiles : lower.hasSuffix(".mbtiles") ? .mbtiles : .zxy
        }

        /// The file (or folder) name of an output called `name`.
        package func fileName(_ name: String) -> String {
            self == .zxy ? name : "\(name).\(rawValue)"
        }
    }

    private enum Writer {
        case pmtiles(PMTilesWriter)
        case mbtiles(MBTilesWriter)
        case zxy(ZXYWriter)
    }

    package let format: Format
    package let url: URL
    private let writer: Writer

    /// Prepares the output (its parent folder must exist; the target is checked before any work).
    /// - Parameters:
    ///   - metadata: name, attribution, description and `vector_layers` (PMTiles and MBTiles).
    ///   - bounds: lon/lat bounds for the archive metadata; nil → the union of the tiles' bounds.
    ///   - replace: allow replacing an existing file or non-empty folder (`--force`).
    package init(format: Format, url: URL, metadata: PMTilesMetadata, bounds: BoundingBox?, replace: Bool)
        throws(TileWriteError)
    {
        self.format = format
        self.url = url
        switch format {
        case .pmtiles:
            writer = .pmtiles(try PMTilesWriter(url: url, metadata: metadata, bounds: bounds, replace: replace))
        case .mbtiles:
            writer = .mbtiles(try MBTilesWriter(url: url, metadata: metadata, bounds: bounds, replace: replace))
        case .zxy:
            writer = .zxy(try ZXYWriter(directory: url, replace: replace))
        }
    }

    /// Adds one tile of gzipped MVT bytes; an empty tile is recorded but not stored.
    package func add(_ tile: TileID, gzipped: [UInt8]) throws(TileWriteError) {
        switch writer {
        case .pmtiles(let w): try w.add(tile, gzipped: gzipped)
        case .mbtiles(let w): try w.add(tile, gzipped: gzipped)
        case .zxy(let w): try w.add(tile, gzipped: gzipped)
        }
    }

    /// Finishes the output and renames it into place.
    @discardableResult
    package func finish() throws(TileWriteError) -> TileArchiveReport {
        switch writer {
        case .pmtiles(let w): try w.finish()
        case .mbtiles(let w): try w.finish()
        case .zxy(let w): try w.finish()
        }
    }
}
