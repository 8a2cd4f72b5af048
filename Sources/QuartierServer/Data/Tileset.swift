import Crypto
import Foundation
import NIOCore
import QuartierModel
import QuartierTiles

/// A published PMTiles archive served as tiles: its reader, and its version — the first 16 hex digits of the
/// SHA-256 of the whole archive — which versions tile URLs (`?v=`) and, with a tile's offset, makes its ETag.
final class Tileset: Sendable {
    let id: String
    let file: String
    let reader: PMTilesReader
    let version: String
    /// The stored `Content-Encoding` of every tile (PMTiles tile compression 2 = gzip), or nil.
    let contentEncoding: String?
    let contentType: String
    /// Tiles read so far, by offset, up to `cacheLimit` bytes in all (then further tiles are read each time):
    /// warm requests are served without a system call or a copy (`ByteBuffer` shares its storage).
    private let cache = Locked((tiles: [UInt64: ByteBuffer](), bytes: 0))
    static let cacheLimit = 64 << 20

    init(id: String, file: String) throws {
        self.id = id
        self.file = file
        reader = try PMTilesReader(path: file)
        version = try Self.hash(file)
        contentEncoding = switch reader.header.tileCompression {
        case 2: "gzip"
        case 3: "br"
        case 4: "zstd"
        default: nil
        }
        contentType = switch reader.header.tileType {
        case 1: "application/vnd.mapbox-vector-tile"
        case 2: "image/png"
        case 3: "image/jpeg"
        case 4: "image/webp"
        default: "application/octet-stream"
        }
    }

    /// The stored bytes of a located tile, from the cache or the archive.
    func bytes(at location: PMTilesReader.Location) throws -> ByteBuffer {
        if let cached = cache.withLock({ $0.tiles[location.offset] }) { return cached }
        let buffer = ByteBuffer(bytes: try reader.bytes(at: location))
        cache.withLock { cache in
            guard cache.bytes + location.length <= Self.cacheLimit else { return }
            cache.tiles[location.offset] = buffer
            cache.bytes += location.length
        }
        return buffer
    }

    /// The metadata JSON of the archive (vector_layers, attribution, …), or an empty object.
    var metadata: JSONValue {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(reader.metadata))) ?? .object([:])
    }

    /// TileJSON 3.0.0 (https://github.com/mapbox/tilejson-spec/tree/master/3.0.0) with an absolute,
    /// versioned tile URL template.
    func tileJSON(tilesURL: String) -> JSONValue {
        let header = reader.header
        var document: [String: JSONValue] = [
            "tilejson": "3.0.0", "name": .string(id), "scheme": "xyz",
            "tiles": [.string("\(tilesURL)/tiles/\(id)/{z}/{x}/{y}.mvt?v=\(version)")],
            "minzoom": .number(Double(header.minZoom)), "maxzoom": .number(Double(header.maxZoom)),
            "bounds": .array([header.bounds.minX, header.bounds.minY, header.bounds.maxX, header.bounds.maxY].map(JSONValue.number)),
            "center": .array([header.center.x, header.center.y, Double(header.centerZoom)].map(JSONValue.number)),
            "version": .string(version),
        ]
        if case .object(let metadata) = metadata {
            for key in ["vector_layers", "attribution", "description"] { if let value = metadata[key] { document[key] = value } }
            if case .string(let name)? = metadata["name"] { document["name"] = .string(name) }
        }
        return .object(document)
    }

    static func hash(_ file: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw TileReadError(path: file, message: "cannot be opened")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}
