package import Foundation
package import QuartierModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a PMTiles v3 archive of MVT tiles
/// (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md).
///
/// - Tiles are added as raw (uncompressed) MVT bytes; the writer gzips them (`Gzip`, zlib
///   DEFLATE) and declares `tile_compression = gzip` (§3 "Header", value 2). An empty MVT is not
///   stored (a missing tile means "empty").
/// - Identical tile contents are stored once (§4 "Directories": entries may share an offset);
///   consecutive tile ids with the same content become one entry with a `run_length` > 1.
/// - Directories: entries sorted by Hilbert tile id (`TileID.hilbertID`), varint-encoded in
///   columns (§4.1), gzipped (`internal_compression = gzip`). When the root does not fit into the
///   first 16,384 bytes with the header, entries go into leaf directories (§4.2), grown by 20 %
///   until the root fits (as go-pmtiles `optimizeDirectories`).
/// - Layout: header (127 bytes) | root directory | JSON metadata (gzipped) | leaf directories |
///   tile data in tile-id order (`clustered = true`).
/// - Header bounds and center are E7 integers (§3); bounds default to the union of the tiles' bounds.
/// - The archive is written to a temporary file beside the target and renamed over it (atomic).
/// Tile contents are kept in memory until `write`; fine for city-scale archives.
package struct PMTilesWriter: Sendable {
    private var entries: [(id: UInt64, blob: Int)] = []
    private var blobs: [[UInt8]] = []
    private var blobIndex: [[UInt8]: Int] = [:]
    private var seen: Set<UInt64> = []
    private var minZoom = Int.max
    private var maxZoom = Int.min
    private var tileBounds: BoundingBox?

    package var metadata: PMTilesMetadata
    /// Lon/lat bounds for the header; nil → the union of the added tiles' bounds.
    package var bounds: BoundingBox?
    /// Lon/lat center and zoom for the header; nil → the bounds' center at the minimum zoom.
    package var center: (coordinate: Coordinate, zoom: Int)?

    /// Report of a written archive (header counters and directory layout).
    package struct Report: Sendable, Hashable {
        package var addressedTiles: Int
        package var tileEntries: Int
        package var tileContents: Int
        package var leafDirectories: Int
        package var rootDirectoryBytes: Int
        package var fileBytes: Int
    }

    package init(metadata: PMTilesMetadata, bounds: BoundingBox? = nil) {
        self.metadata = metadata
        self.bounds = bounds
    }

    /// Adds one tile of raw MVT bytes (the writer gzips them).
    package mutating func add(_ tile: TileID, mvt: [UInt8]) throws(TileWriteError) {
        guard let id = tile.hilbertID else { throw TileWriteError(code: .invalidTile, tile: tile) }
        guard seen.insert(id).inserted else { throw TileWriteError(code: .duplicateTile, tile: tile) }
        minZoom = min(minZoom, tile.z)
        maxZoom = max(maxZoom, tile.z)
        tileBounds = BoundingBox.union(tileBounds, WebMercator.tileBoundsLonLat(tile))
        guard !mvt.isEmpty else { return }
        let gz = Gzip.gzip(mvt)
        let blob: Int
        if let known = blobIndex[gz] {
            blob = known
        } else {
            blob = blobs.count
            blobs.append(gz)
            blobIndex[gz] = blob
        }
        entries.append((id, blob))
    }

    /// Writes the archive to `url` atomically (temporary file, then rename).
    @discardableResult
    package func write(to url: URL) throws(TileWriteError) -> Report {
        guard !entries.isEmpty else { throw TileWriteError(code: .empty, path: url.path) }
        let sorted = entries.sorted { $0.id < $1.id }
        // Tile data in tile-id order of first use; duplicates point back to the first copy.
        var blobOffset = [Int](repeating: -1, count: blobs.count)
        var order: [Int] = []
        var dataLength = 0
        var dirEntries: [PMTilesDirectory.Entry] = []
        for (id, blob) in sorted {
            if blobOffset[blob] < 0 {
                blobOffset[blob] = dataLength
                dataLength += blobs[blob].count
                order.append(blob)
            }
            let offset = UInt64(blobOffset[blob])
            let length = UInt32(blobs[blob].count)
            if let last = dirEntries.last, last.offset == offset, last.tileID + UInt64(last.runLength) == id {
                dirEntries[dirEntries.count - 1].runLength += 1
            } else {
                dirEntries.append(.init(tileID: id, offset: offset, length: length, runLength: 1))
            }
        }
        let dirs = PMTilesDirectory.optimize(dirEntries, maxRootBytes: 16_384 - PMTilesHeader.size)

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = (try? encoder.encode(metadata)).map { [UInt8]($0) } ?? Array("{}".utf8)
        let meta = Gzip.gzip(json)

        let box = bounds ?? tileBounds ?? BoundingBox(minX: -180, minY: -85, maxX: 180, maxY: 85)
        var header = PMTilesHeader()
        header.rootOffset = UInt64(PMTilesHeader.size)
        header.rootLength = UInt64(dirs.root.count)
        header.metadataOffset = header.rootOffset + header.rootLength
        header.metadataLength = UInt64(meta.count)
        header.leafOffset = header.metadataOffset + header.metadataLength
        header.leafLength = UInt64(dirs.leaves.count)
        header.dataOffset = header.leafOffset + header.leafLength
        header.dataLength = UInt64(dataLength)
        header.addressedTiles = UInt64(sorted.count)
        header.tileEntries = UInt64(dirEntries.count)
        header.tileContents = UInt64(order.count)
        header.minZoom = UInt8(clamping: minZoom)
        header.maxZoom = UInt8(clamping: maxZoom)
        header.bounds = box
        header.center = center?.coordinate ?? box.center
        header.centerZoom = UInt8(clamping: center?.zoom ?? minZoom)

        let path = url.path
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
            let handle = FileHandle(forWritingAtPath: temporary.path)
        else { throw TileWriteError(code: .io, path: temporary.path, message: "cannot create file") }
        do {
            try handle.write(contentsOf: header.bytes + dirs.root + meta + dirs.leaves)
            var chunk: [UInt8] = []
            chunk.reserveCapacity(1 << 20)
            for blob in order {
                chunk.append(contentsOf: blobs[blob])
                if chunk.count >= 1 << 20 {
                    try handle.write(contentsOf: chunk)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            try handle.write(contentsOf: chunk)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporary)
            throw TileWriteError(code: .io, path: temporary.path, message: "\(error)")
        }
        guard rename(temporary.path, path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw TileWriteError(code: .io, path: path, message: "rename failed (errno \(errno))")
        }
        return Report(
            addressedTiles: sorted.count, tileEntries: dirEntries.count, tileContents: order.count,
            leafDirectories: dirs.leafCount, rootDirectoryBytes: dirs.root.count,
            fileBytes: Int(header.dataOffset) + dataLength)
    }
}
