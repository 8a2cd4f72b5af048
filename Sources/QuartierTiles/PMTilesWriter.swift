package import Foundation
package import QuartierModel

/// Writes a PMTiles v3 archive of MVT tiles
/// (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md), with memory bounded by the
/// directory, not by the tiles.
///
/// - Tiles are added already gzipped (`TileOutput` compresses each tile once, with `Gzip`, and hands
///   the same bytes to every format); the header declares `tile_compression = gzip` (§3, value 2). An
///   empty tile is not stored (a missing tile means "empty").
/// - Streaming: each new content is appended to a temporary data file beside the target as it
///   arrives; memory holds one directory entry per tile (tile id, offset, length) and a hash index of
///   the contents (`TileContentIndex`: hash and length → offset; on a match the stored bytes are read
///   back with `pread` and compared, so a hash collision cannot merge two tiles).
/// - Identical contents are stored once (§4 "Directories": entries may share an offset);
///   consecutive tile ids with the same content become one entry with a `run_length` > 1.
/// - Directories: entries sorted by Hilbert tile id (`TileID.hilbertID`), varint-encoded in
///   columns (§4.1), gzipped (`internal_compression = gzip`). When the root does not fit into the
///   first 16,384 bytes with the header, entries go into leaf directories (§4.2, `PMTilesDirectory`).
/// - `finish()` assembles header (127 bytes) | root directory | JSON metadata (gzipped) | leaf
///   directories | tile data into a second temporary file; the data are copied from the data file in
///   tile-id order of first use (`clustered = true`) by `pread` in runs of at most 1 MiB. That file is
///   then renamed over the target (`StagedPath`: atomic; an existing archive only with `replace`).
/// - Temporary files are removed on every path: after `finish()`, and by `deinit` when an error (or
///   the caller) abandons the writer.
/// - Header bounds and center are E7 integers (§3); bounds default to the union of the tiles' bounds.
package final class PMTilesWriter {
    private struct Blob {
        var offset: UInt64
        var length: UInt32
    }

    private let archive: StagedPath
    private let dataStage: StagedPath
    private let data: TileFile
    private var coverage = TileCoverage()
    private var contents = TileContentIndex<Blob>()
    private var entries: [(id: UInt64, blob: Blob)] = []

    package var metadata: PMTilesMetadata
    /// Lon/lat bounds for the header; nil → the union of the added tiles' bounds.
    package var bounds: BoundingBox?
    /// Lon/lat center and zoom for the header; nil → the bounds' center at the minimum zoom.
    package var center: (coordinate: Coordinate, zoom: Int)?

    /// Prepares writing to `url` (its folder must exist).
    /// - Parameter replace: allow replacing an existing file (else `TileWriteError.Code.exists`).
    package init(url: URL, metadata: PMTilesMetadata, bounds: BoundingBox? = nil, replace: Bool = false)
        throws(TileWriteError)
    {
        archive = try StagedPath(target: url, isFolder: false, replace: replace)
        dataStage = try StagedPath(target: url, isFolder: false, replace: replace, role: "data")
        data = try TileFile(creating: dataStage.temporary.path)
        self.metadata = metadata
        self.bounds = bounds
    }

    /// Adds one tile of gzipped MVT bytes (empty: recorded for the zoom range, not stored).
    package func add(_ tile: TileID, gzipped: [UInt8]) throws(TileWriteError) {
        let id = try coverage.record(tile)
        guard !gzipped.isEmpty else { return }
        guard let length = UInt32(exactly: gzipped.count) else {
            throw TileWriteError(code: .io, tile: tile, message: "a tile of \(gzipped.count) bytes exceeds 4 GiB")
        }
        let hash = TileContentIndex<Blob>.hash(gzipped)
        let file = data
        if let known = try contents.find(
            gzipped, hash: hash,
            load: { blob throws(TileWriteError) in
                try file.read(at: blob.offset, count: Int(blob.length))
            })
        {
            entries.append((id, known))
        } else {
            let blob = Blob(offset: try data.append(gzipped), length: length)
            contents.insert(hash: hash, length: gzipped.count, location: blob)
            entries.append((id, blob))
        }
    }

    /// Writes the archive and renames it into place (see the type's comment).
    @discardableResult
    package func finish() throws(TileWriteError) -> TileArchiveReport {
        defer { try? FileManager.default.removeItem(at: dataStage.temporary) }
        guard !entries.isEmpty else { throw TileWriteError(code: .empty, path: archive.target.path) }
        entries.sort { $0.id < $1.id }
        // New offsets in tile-id order of first use; `order` lists the old locations to copy.
        var newOffset: [UInt64: UInt64] = [:]
        var order: [Blob] = []
        var dataLength: UInt64 = 0
        var dirEntries: [PMTilesDirectory.Entry] = []
        for (id, blob) in entries {
            let offset: UInt64
            if let known = newOffset[blob.offset] {
                offset = known
            } else {
                offset = dataLength
                newOffset[blob.offset] = offset
                dataLength += UInt64(blob.length)
                order.append(blob)
            }
            if let last = dirEntries.last, last.offset == offset, last.tileID + UInt64(last.runLength) == id {
                dirEntries[dirEntries.count - 1].runLength += 1
            } else {
                dirEntries.append(.init(tileID: id, offset: offset, length: blob.length, runLength: 1))
            }
        }
        let dirs = PMTilesDirectory.optimize(dirEntries, maxRootBytes: 16_384 - PMTilesHeader.size)
        let meta = Gzip.gzip(metadata.jsonBytes())

        let box = coverage.bounds(or: bounds)
        var header = PMTilesHeader()
        header.rootOffset = UInt64(PMTilesHeader.size)
        header.rootLength = UInt64(dirs.root.count)
        header.metadataOffset = header.rootOffset + header.rootLength
        header.metadataLength = UInt64(meta.count)
        header.leafOffset = header.metadataOffset + header.metadataLength
        header.leafLength = UInt64(dirs.leaves.count)
        header.dataOffset = header.leafOffset + header.leafLength
        header.dataLength = dataLength
        header.addressedTiles = UInt64(entries.count)
        header.tileEntries = UInt64(dirEntries.count)
        header.tileContents = UInt64(order.count)
        header.minZoom = UInt8(clamping: coverage.minZoom)
        header.maxZoom = UInt8(clamping: coverage.maxZoom)
        header.bounds = box
        header.center = center?.coordinate ?? box.center
        header.centerZoom = UInt8(clamping: center?.zoom ?? coverage.minZoom)

        let out = try TileFile(creating: archive.temporary.path)
        try out.append(header.bytes + dirs.root + meta + dirs.leaves)
        try copy(order, to: out)
        try out.flushAndClose()
        try archive.commit()
        return TileArchiveReport(
            addressedTiles: entries.count, tileEntries: dirEntries.count, tileContents: order.count,
            leafDirectories: dirs.leafCount, rootDirectoryBytes: dirs.root.count,
            fileBytes: Int(header.dataOffset + dataLength))
    }

    /// Copies `blobs` from the data file to `out` in the given order, reading adjacent blobs together
    /// (runs of at most 1 MiB, so memory stays bounded whatever the archive size).
    private func copy(_ blobs: [Blob], to out: TileFile) throws(TileWriteError) {
        var run: (offset: UInt64, length: Int)?
        for blob in blobs {
            if let current = run, current.offset + UInt64(current.length) == blob.offset, current.length < 1 << 20 {
                run = (current.offset, current.length + Int(blob.length))
                continue
            }
            if let current = run { try out.append(data.read(at: current.offset, count: current.length)) }
            run = (blob.offset, Int(blob.length))
        }
        if let current = run { try out.append(data.read(at: current.offset, count: current.length)) }
    }
}
