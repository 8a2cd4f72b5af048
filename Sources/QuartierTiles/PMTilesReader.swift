import Foundation
package import QuartierModel

/// Random access to a PMTiles v3 archive without unpacking it: the header and root directory are read once,
/// leaf directories when first needed (then kept), and each tile's bytes with one `pread(2)`. Tiles come back
/// as stored (gzipped when the header says so); the caller sends them with the matching `Content-Encoding`.
///
/// Spec: https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md (§3 header, §4 directories).
package final class PMTilesReader: @unchecked Sendable {
    /// Where a tile's bytes are: an offset into the file and a length.
    package struct Location: Sendable, Hashable {
        package var offset: UInt64
        package var length: Int
    }

    package let path: String
    package let header: PMTilesHeader
    /// The JSON metadata, decompressed.
    package let metadata: [UInt8]
    private let descriptor: Int32
    private let root: [PMTilesDirectory.Entry]
    private let lock = NSLock()
    /// Leaf directories by their offset in the leaf section; read once each (archives hold few).
    private var leaves: [UInt64: [PMTilesDirectory.Entry]] = [:]

    /// Opens an archive and reads its header, root directory and metadata.
    /// - Throws: `TileReadError` naming the file and what is wrong with it.
    package init(path: String) throws {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw TileReadError(path: path, message: "cannot be opened: \(String(cString: strerror(errno)))")
        }
        do {
            let header = try PMTilesHeader(
                decoding: try Self.read(descriptor, path: path, offset: 0, length: PMTilesHeader.size), path: path)
            func section(_ offset: UInt64, _ length: UInt64) throws -> [UInt8] {
                let raw = try Self.read(descriptor, path: path, offset: offset, length: Int(clamping: length))
                return try Self.decompress(raw, compression: header.internalCompression, path: path)
            }
            root = try PMTilesDirectory.deserialize(section(header.rootOffset, header.rootLength), path: path)
            metadata = try section(header.metadataOffset, header.metadataLength)
            self.header = header
            self.descriptor = descriptor
        } catch {
            close(descriptor)
            throw error
        }
    }

    deinit { close(descriptor) }

    /// Where the tile z/x/y is, or nil when the archive holds no such tile (an empty tile).
    package func locate(_ tile: TileID) throws -> Location? {
        guard let id = tile.hilbertID else { return nil }
        var entries = root
        for _ in 0..<4 {  // the spec allows a root and at most three levels of leaves
            guard let entry = Self.find(id, in: entries) else { return nil }
            if entry.runLength > 0 {
                return Location(offset: header.dataOffset + entry.offset, length: Int(entry.length))
            }
            entries = try leaf(at: entry.offset, length: entry.length)
        }
        return nil
    }

    /// The stored bytes of a located tile.
    package func bytes(at location: Location) throws -> [UInt8] {
        try Self.read(descriptor, path: path, offset: location.offset, length: location.length)
    }

    /// The entry covering `id`: the last one at or before it, if its run reaches `id` or it points to a leaf.
    static func find(_ id: UInt64, in entries: [PMTilesDirectory.Entry]) -> PMTilesDirectory.Entry? {
        var low = 0
        var high = entries.count - 1
        while low <= high {
            let middle = (low + high) / 2
            if entries[middle].tileID == id { return entries[middle] }
            if entries[middle].tileID < id { low = middle + 1 } else { high = middle - 1 }
        }
        guard high >= 0 else { return nil }
        let entry = entries[high]
        if entry.runLength == 0 || id - entry.tileID < UInt64(entry.runLength) { return entry }
        return nil
    }

    private func leaf(at offset: UInt64, length: UInt32) throws -> [PMTilesDirectory.Entry] {
        if let cached = lock.withLock({ leaves[offset] }) { return cached }
        let raw = try Self.read(descriptor, path: path, offset: header.leafOffset + offset, length: Int(length))
        let entries = try PMTilesDirectory.deserialize(
            Self.decompress(raw, compression: header.internalCompression, path: path), path: path)
        lock.withLock { leaves[offset] = entries }
        return entries
    }

    static func decompress(_ bytes: [UInt8], compression: UInt8, path: String) throws -> [UInt8] {
        switch compression {
        case 0, 1: return bytes  // unknown, none
        case 2:
            guard let plain = Gzip.gunzip(bytes) else {
                throw TileReadError(path: path, message: "a directory or the metadata is not valid gzip")
            }
            return plain
        default: throw TileReadError(path: path, message: "internal compression \(compression) is not supported (only gzip)")
        }
    }

    static func read(_ descriptor: Int32, path: String, offset: UInt64, length: Int) throws -> [UInt8] {
        guard length >= 0, length <= 1 << 30 else { throw TileReadError(path: path, message: "a section length is invalid") }
        var buffer = [UInt8](repeating: 0, count: length)
        var done = 0
        while done < length {
            let count = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return -1 }
                return pread(descriptor, base + done, length - done, off_t(offset) + off_t(done))
            }
            guard count > 0 else {
                throw TileReadError(path: path, message: "is shorter than its header says (truncated?)")
            }
            done += count
        }
        return buffer
    }
}

/// A tile archive (PMTiles or MBTiles) that cannot be read.
package struct TileReadError: QuartierFailure {
    /// An archive that cannot be read (not one, truncated, corrupt): bad input.
    package var kind: FailureKind { .badInput }

    package var path: String
    package var message: String
    /// What the file is: "PMTiles archive" or "MBTiles tileset".
    package var format: String
    package var description: String { "\(format) '\(path)' \(message)" }

    package init(path: String, message: String, format: String = "PMTiles archive") {
        self.path = path
        self.message = message
        self.format = format
    }
}
