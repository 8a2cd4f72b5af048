import Foundation
import Hummingbird
import QuartierModel
import QuartierService

/// Vector tiles from the published PMTiles archives and MBTiles tilesets (random access, never unpacked), their
/// TileJSON and the published MapLibre styles. Tile URLs carry the archive's version (`?v=`, from TileJSON): with
/// the current version a tile is cached `immutable` for `[cache] versioned_max_age`; without it (or with an old
/// one) for `[cache] max_age`. Tiles are sent as stored (gzip, `Content-Encoding: gzip`); an empty tile is a 204.
extension ServerRoutes {
    static func addTileRoutes(_ table: RouteTable<Context>, _ environment: ServerEnvironment) {
        let data = environment.data
        let caching = environment.caching
        let documents = environment.documents
        let metrics = environment.metrics
        let access = environment.readAccess
        table.add(.get, "/tiles/{tilesetId}.json", "TileJSON 3.0.0 of a tileset, with absolute versioned tile URLs", responses: [200: "TileJSON", 404: "no such tileset"]) { request, context in
            let snapshot = try await data.current()
            let tileset = try Self.tileset(snapshot, context.parameters.get("tilesetId"), request, access)
            let base = baseURL(documents, request)
            return caching.respond(request, etag: HTTPCaching.etag(tileset.version, base)) {
                ByteBuffer(bytes: tileset.tileJSON(tilesURL: base).encoded())
            }.with(type: "application/json").scoped(snapshot.tier(ofTileset: tileset.id))
        }
        table.add(.get, TileFastPath.tilesRoute, "A vector tile (as stored: gzip); 204 when empty", responses: [200: "the tile", 204: "empty tile", 304: "not modified", 400: "z, x or y not a tile number", 404: "no such tileset or tile outside the zoom range"], types: Tileset.mediaTypes) { request, context in
            let snapshot = try await data.current()
            let tileset = try Self.tileset(snapshot, context.parameters.get("tilesetId"), request, access)
            return try tile(tileset, context, request, caching, metrics).scoped(snapshot.tier(ofTileset: tileset.id))
        }
        table.add(.get, TileFastPath.collectionTilesRoute, "A vector tile of a collection (OGC API – Tiles path)", responses: [200: "the tile", 204: "empty tile", 304: "not modified", 400: "z, x or y not a tile number", 404: "no tiles for this collection"], types: Tileset.mediaTypes) { request, context in
            let snapshot = try await data.current()
            let tileset = try Self.tileset(snapshot, context.parameters.get("collectionId"), request, access)
            return try tile(tileset, context, request, caching, metrics).scoped(snapshot.tier(ofTileset: tileset.id))
        }
        table.add(.get, "/styles/{styleId}.json", "A published MapLibre style with absolute URLs", responses: [200: "the style", 404: "no such style"]) { request, context in
            let snapshot = try await data.current()
            let id = context.parameters.get("styleId") ?? ""
            guard let style = snapshot.styles[id] else { throw Problem(.notFound, "no style '\(id)'; published analyses with [publish] have one") }
            try access.require(style.tier, request, what: "style '\(id)'")
            let base = baseURL(documents, request)
            return try caching.respond(request, etag: HTTPCaching.etag(snapshot.version, style.job, base)) {
                ByteBuffer(bytes: try StyleDocument.rewrite(file: style.file, job: style.job, snapshot: snapshot, base: base).encoded())
            }.with(type: "application/json").scoped(style.tier)
        }
    }

    /// The tileset named in the path, when the request may read its tier.
    /// - Throws: 404 when there is none, 401 when it is internal and the request has no read token.
    static func tileset(
        _ snapshot: PublishedData.Snapshot, _ id: String?, _ request: Request, _ access: ReadAccess
    ) throws -> Tileset {
        guard let id, let tileset = snapshot.tilesets[id] else {
            throw Problem(.notFound, "no tileset '\(id ?? "")'; the published analyses' PMTiles archives and MBTiles tilesets are the tilesets")
        }
        try access.require(snapshot.tier(ofTileset: id), request, what: "tileset '\(id)'")
        return tileset
    }

    /// Absolute URLs: `public_url`, else the request's own base (`LinkBaseMiddleware`).
    static func baseURL(_ documents: Documents, _ request: Request) -> String {
        documents.base.isEmpty ? LinkBaseMiddleware<Context>.base(of: request) : documents.base
    }

    /// The tile route's answer for a Hummingbird request.
    static func tile(
        _ tileset: Tileset, _ context: Context, _ request: Request, _ caching: HTTPCaching, _ metrics: ServerMetrics
    ) throws -> Response {
        let (z, x, y) = (context.parameters.get("z"), context.parameters.get("x"), context.parameters.get("y"))
        // Malformed numbers are a 400 (the one parser of request numbers); tile numbers outside the tileset's zooms
        // or outside the tile matrix of the zoom (x or y ≥ 2^z) are a 404.
        _ = try QueryNumber.integer(z ?? "", "z", in: 0...Tileset.maxZoomAccepted, place: "tile")
        for (name, value) in [("x", x), ("y", y)] {
            _ = try QueryNumber.integer(value ?? "", name, in: 0...Tileset.maxTileNumber, place: "tile")
        }
        guard let tile = tileset.tile(z: z, x: x, y: y) else {
            metrics.tileRequested()
            throw Problem(
                .notFound,
                "no tile \(z ?? "")/\(x ?? "")/\(y ?? "") in tileset '\(tileset.id)': z is a zoom \(tileset.minZoom)–\(tileset.maxZoom), x and y whole numbers below 2^z")
        }
        // The server's own archive failing to read is an internal failure (500), not the request's fault.
        let answer = try ContextError.adding("tileset '\(tileset.id)'", kind: .internalFailure) {
            try tileAnswer(
                tileset, tile, version: request.uri.queryParameters["v"].map(String.init),
                ifNoneMatch: request.headers[values: .ifNoneMatch], metrics)
        }
        var headers = caching.headers(etag: answer.etag, versioned: answer.versioned)
        if answer.status == .ok { headers.append(contentsOf: tileset.contentHeaders) }
        guard let body = answer.body else { return Response(status: answer.status, headers: headers) }
        return Response(status: answer.status, headers: headers, body: .init(byteBuffer: body))
    }

    /// What a tile request gets before its headers are written: the status (200, 304 for a client's current
    /// copy, 204 for an empty tile), the strong ETag (the archive's version and the tile's place in it), whether
    /// the URL named the current version, and the stored bytes (200 only). The routes write the headers as
    /// swift-http-types fields, the fast path as NIO's; both from the same sets (`HTTPCaching`,
    /// `Tileset.contentHeaders`).
    struct TileAnswer {
        var status: HTTPResponse.Status
        var etag: String
        var versioned: Bool
        var body: ByteBuffer?
    }

    /// A tile — for the router's routes and the fast path (`TileFastPath`) alike; counted in
    /// `quartier_tile_requests_total`, and in `quartier_tile_cache_hits_total` when answered without reading the
    /// archive (a 304 for the client's copy, or bytes from the tileset's memory cache).
    static func tileAnswer(
        _ tileset: Tileset, _ tile: TileArchiveReader.Tile, version: String?, ifNoneMatch: [String], _ metrics: ServerMetrics
    ) throws -> TileAnswer {
        metrics.tileRequested()
        let versioned = version == tileset.version
        guard let located = try tileset.locate(tile) else {
            let etag = "\"\(tileset.version)-empty\""
            let status: HTTPResponse.Status = HTTPCaching.matches(ifNoneMatch, etag) ? .notModified : .noContent
            return TileAnswer(status: status, etag: etag, versioned: versioned, body: nil)
        }
        let etag = "\"\(tileset.version)-\(located.key)\""
        if HTTPCaching.matches(ifNoneMatch, etag) {
            metrics.tileCacheHit()
            return TileAnswer(status: .notModified, etag: etag, versioned: versioned, body: nil)
        }
        let (bytes, cached) = try tileset.bytes(at: located)
        if cached { metrics.tileCacheHit() }
        return TileAnswer(status: .ok, etag: etag, versioned: versioned, body: bytes)
    }
}
