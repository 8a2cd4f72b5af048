import Foundation
import Hummingbird
import QuartierTiles

/// Vector tiles from the published PMTiles archives (random access, never unpacked), their TileJSON and the
/// published MapLibre styles. Tile URLs carry the archive's version (`?v=`, from TileJSON): with the current
/// version a tile is cached `immutable` for `[cache] versioned_max_age`; without it (or with an old one) for
/// `[cache] max_age`. Tiles are sent as stored (gzip, `Content-Encoding: gzip`); an empty tile is a 204.
extension ServerRoutes {
    static func addTileRoutes(_ table: RouteTable<Context>, _ environment: ServerEnvironment) {
        let data = environment.data
        let caching = environment.caching
        let documents = environment.documents
        table.add(.get, "/tiles/{tilesetId}.json", "TileJSON 3.0.0 of a tileset, with absolute versioned tile URLs", responses: [200: "TileJSON", 404: "no such tileset"]) { request, context in
            let snapshot = try await data.current()
            let tileset = try Self.tileset(snapshot, context.parameters.get("tilesetId"))
            let base = baseURL(documents, request)
            return caching.respond(request, etag: HTTPCaching.etag(tileset.version, base)) {
                ByteBuffer(bytes: tileset.tileJSON(tilesURL: base).encoded())
            }.with(type: "application/json")
        }
        table.add(.get, "/tiles/{tilesetId}/{z}/{x}/{y}.mvt", "A vector tile (as stored: gzip); 204 when empty", responses: [200: "the tile", 204: "empty tile", 304: "not modified", 404: "no such tileset or tile outside the zoom range"]) { request, context in
            let tileset = try Self.tileset(try await data.current(), context.parameters.get("tilesetId"))
            return try tile(tileset, context, request, caching)
        }
        table.add(.get, "/collections/{collectionId}/tiles/WebMercatorQuad/{z}/{x}/{y}", "A vector tile of a collection (OGC API – Tiles path)", responses: [200: "the tile", 204: "empty tile", 304: "not modified", 404: "no tiles for this collection"]) { request, context in
            let tileset = try Self.tileset(try await data.current(), context.parameters.get("collectionId"))
            return try tile(tileset, context, request, caching)
        }
        table.add(.get, "/styles/{styleId}.json", "A published MapLibre style with absolute URLs", responses: [200: "the style", 404: "no such style"]) { request, context in
            let snapshot = try await data.current()
            let id = context.parameters.get("styleId") ?? ""
            guard let style = snapshot.styles[id] else { throw Problem(.notFound, "no style '\(id)'; published analyses with [publish] have one") }
            let base = baseURL(documents, request)
            return try caching.respond(request, etag: HTTPCaching.etag(snapshot.version, style.job, base)) {
                ByteBuffer(bytes: try StyleDocument.rewrite(file: style.file, job: style.job, snapshot: snapshot, base: base).encoded())
            }.with(type: "application/json")
        }
    }

    static func tileset(_ snapshot: PublishedData.Snapshot, _ id: String?) throws -> Tileset {
        guard let id, let tileset = snapshot.tilesets[id] else {
            throw Problem(.notFound, "no tileset '\(id ?? "")'; the published analyses' PMTiles archives are the tilesets")
        }
        return tileset
    }

    /// Absolute URLs: `public_url`, else the request's own host.
    static func baseURL(_ documents: Documents, _ request: Request) -> String {
        documents.base.isEmpty ? "http://\(request.head.authority ?? "127.0.0.1")" : documents.base
    }

    static func tile(_ tileset: Tileset, _ context: Context, _ request: Request, _ caching: HTTPCaching) throws -> Response {
        func number(_ name: String) throws -> Int {
            guard let text = context.parameters.get(name), text.count <= 10, let value = Int(text), value >= 0 else {
                throw Problem(.notFound, "\(name) must be a whole number ≥ 0")
            }
            return value
        }
        let (z, x, y) = (try number("z"), try number("x"), try number("y"))
        let header = tileset.reader.header
        guard z >= Int(header.minZoom), z <= Int(header.maxZoom), x < 1 << z, y < 1 << z else {
            throw Problem(.notFound, "tile \(z)/\(x)/\(y) is outside tileset '\(tileset.id)' (zoom \(header.minZoom)–\(header.maxZoom))")
        }
        let versioned = request.uri.queryParameters["v"].map { String($0) == tileset.version } ?? false
        guard let location = try tileset.reader.locate(TileID(z: z, x: x, y: y)) else {
            return caching.respond(request, etag: "\"\(tileset.version)-empty\"", versioned: versioned, status: .noContent) { nil }
        }
        var extra: HTTPFields = [.contentType: tileset.contentType]
        if let encoding = tileset.contentEncoding { extra[.contentEncoding] = encoding }
        return try caching.respond(request, etag: "\"\(tileset.version)-\(location.offset)\"", versioned: versioned, headers: extra) {
            try tileset.bytes(at: location)
        }
    }
}
