import Crypto
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1
import QuartierModel
import QuartierService

/// A published tile archive served as tiles — a PMTiles archive (a job's `*.pmtiles`) or an MBTiles tileset
/// (`*.mbtiles`), both read in place — and its version: the first 16 hex digits of the SHA-256 of the whole file,
/// which versions tile URLs (`?v=`) and, with a tile's place in the archive, makes its ETag.
final class Tileset: Sendable {
    /// Where a non-empty tile is (its `key` names its content for the ETag and the memory cache).
    typealias Located = TileArchiveReader.Location

    let id: String
    let file: String
    let archive: TileArchiveReader
    let version: String
    let minZoom: Int
    let maxZoom: Int
    /// `Content-Type` and the stored `Content-Encoding` (tile compression 2 = gzip, PMTiles' numbering) of every
    /// tile, made once (and as NIO HTTP/1 headers).
    let contentHeaders: HTTPFields
    let http1ContentHeaders: HTTPHeaders
    /// Tiles read so far, by key, up to `cacheLimit` bytes in all (then further tiles are read each time):
    /// warm requests are served without a system call or a copy (`ByteBuffer` shares its storage).
    private let cache = Locked((tiles: [UInt64: ByteBuffer](), bytes: 0))
    static let cacheLimit = 64 << 20

    init(id: String, file: String) throws {
        self.id = id
        self.file = file
        archive = try TileArchiveReader(path: file)
        let (compression, type) = (archive.compression, archive.tileType)
        (minZoom, maxZoom) = (archive.minZoom, archive.maxZoom)
        version = try Self.hash(file)
        let contentEncoding = [UInt8(2): "gzip", 3: "br", 4: "zstd"][compression]
        let contentType = switch type {
        case "pbf", "mvt": "application/vnd.mapbox-vector-tile"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "webp": "image/webp"
        default: "application/octet-stream"
        }
        var headers: HTTPFields = [.contentType: contentType]
        if let contentEncoding { headers[.contentEncoding] = contentEncoding }
        contentHeaders = headers
        http1ContentHeaders = HTTPHeaders(headers)
    }

    /// The media types a tile may have (by the archive's tile type), for the OpenAPI document.
    static let mediaTypes = ["application/vnd.mapbox-vector-tile", "image/png", "image/jpeg", "image/webp", "application/octet-stream"]

    /// The highest zoom a tile request may name (tile numbers below 2^30 fit every integer type used).
    static let maxZoomAccepted = 30
    /// The highest x or y a tile request may name (2^30 − 1, the last tile of zoom 30).
    static let maxTileNumber = (1 << 30) - 1

    /// The tile z/x/y as written in a URL, when all three are whole numbers (at most 10 digits) and the tile is
    /// in the zoom range of this tileset; else nil.
    func tile(z: String?, x: String?, y: String?) -> TileArchiveReader.Tile? {
        func number(_ text: String?) -> Int? {
            guard let text, text.utf8.count <= 10, let value = Int(text), value >= 0 else { return nil }
            return value
        }
        guard let z = number(z), let x = number(x), let y = number(y), z >= minZoom, z <= maxZoom, x < 1 << z,
            y < 1 << z
        else { return nil }
        return TileArchiveReader.Tile(z: z, x: x, y: y)
    }

    /// Where tile z/x/y is, or nil when the archive holds no such tile (an empty tile).
    func locate(_ tile: TileArchiveReader.Tile) throws -> Located? {
        try archive.locate(tile) { key in cache.withLock { $0.tiles[key] != nil } }
    }

    /// The stored bytes of a located tile, from the cache (`cached`) or the archive.
    func bytes(at located: Located) throws -> (bytes: ByteBuffer, cached: Bool) {
        if let cached = cache.withLock({ $0.tiles[located.key] }) { return (cached, true) }
        guard let stored = try archive.bytes(at: located) else {
            throw QuartierError.internal("tile archive \(file): lost tile \(located.key) from the memory cache")
        }
        let buffer = ByteBuffer(bytes: stored)
        cache.withLock { cache in
            guard cache.bytes + buffer.readableBytes <= Self.cacheLimit else { return }
            cache.tiles[located.key] = buffer
            cache.bytes += buffer.readableBytes
        }
        return (buffer, false)
    }

    /// The metadata JSON of the archive (vector_layers, attribution, …), or an empty object.
    var metadata: JSONValue {
        let bytes = archive.metadata
        return (try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))) ?? .object([:])
    }

    /// TileJSON 3.0.0 (https://github.com/mapbox/tilejson-spec/tree/master/3.0.0) with an absolute,
    /// versioned tile URL template.
    func tileJSON(tilesURL: String) -> JSONValue {
        let (bounds, center) = archive.extent
        var document: [String: JSONValue] = [
            "tilejson": "3.0.0", "name": .string(id), "scheme": "xyz",
            "tiles": [.string("\(tilesURL)/tiles/\(id)/{z}/{x}/{y}.mvt?v=\(version)")],
            "minzoom": .number(Double(minZoom)), "maxzoom": .number(Double(maxZoom)),
            "bounds": .array([bounds.minX, bounds.minY, bounds.maxX, bounds.maxY].map(JSONValue.number)),
            "center": .array(center.map(JSONValue.number)),
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
            throw QuartierError.internal("tile archive \(file) cannot be opened")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}
