import Foundation
import QuartierService
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1

/// Answers warm tile requests on the connection's event loop, before they reach Hummingbird: a `GET`/`HEAD` of
/// `/tiles/{id}/{z}/{x}/{y}.mvt` or `/collections/{id}/tiles/WebMercatorQuad/{z}/{x}/{y}` whose tileset and tile
/// range are known is answered synchronously by the same code as the tile routes (`ServerRoutes.tileAnswer`:
/// bytes, ETag/304, Cache-Control, CORS, 204, tile metrics), with the `Date`, `Server` and `X-Request-Id` headers
/// the router adds, and counted in `/metrics` under the route's pattern. Such a request costs no task, no
/// conversion to swift-http-types, no router lookup and no middleware pass; the answer goes to NIO's HTTP/1
/// encoder (which pairs every answer with its request: a HEAD's answer has no body) and leaves with the stored
/// tile bytes in one `writev`. This is what keeps tile serving near static-file speed (scripts/bench-serve.sh).
///
/// Everything else goes on to Hummingbird unchanged: other paths, percent-encoded paths or queries, unknown
/// tilesets, tiles outside the range (the router answers with its problem document), HTTP/1.0 and
/// `Connection: close`, data not checked within the last second (the router's route refreshes it), every
/// request while an earlier one on the connection is still with the router — so pipelined answers keep their
/// order — or while the connection's output is full (a client that sends and does not read meets the router's
/// backpressure), and everything after the router has answered with `Connection: close`.
/// Place: between NIO's HTTP/1 codec and the conversion to swift-http-types (`QuartierHTTP1Channel`).
final class TileFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    static let tilesRoute = "/tiles/{tilesetId}/{z}/{x}/{y}.mvt"
    static let collectionTilesRoute = "/collections/{collectionId}/tiles/WebMercatorQuad/{z}/{x}/{y}"

    private let data: PublishedData
    private let caching: HTTPCaching
    private let metrics: ServerMetrics
    /// Requests passed to Hummingbird whose answer has not ended yet.
    private var withRouter = 0
    /// The body and end of a request answered here are dropped.
    private var answered = false
    /// The router answered with `Connection: close` (a client's wish, or a shutdown): nothing more is answered here.
    private var closing = false
    private var date = (second: 0, text: "")
    /// The request metrics of this connection's answers, by status, method and route.
    private var recorders: [Int: ServerMetrics.RequestRecorder] = [:]

    init(data: PublishedData, caching: HTTPCaching, metrics: ServerMetrics) {
        self.data = data
        self.caching = caching
        self.metrics = metrics
    }

    func channelRead(context: ChannelHandlerContext, data part: NIOAny) {
        switch unwrapInboundIn(part) {
        case .head(let request):
            if withRouter == 0, !closing, context.channel.isWritable, answer(request, context) {
                answered = true
                return
            }
            answered = false
            withRouter += 1
            context.fireChannelRead(part)
        case .body:
            if !answered { context.fireChannelRead(part) }
        case .end:
            if answered {
                answered = false
            } else {
                context.fireChannelRead(part)
            }
        }
    }

    func write(context: ChannelHandlerContext, data part: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(part) {
        case .end: withRouter = max(0, withRouter - 1)
        case .head(let head) where !head.isKeepAlive: closing = true
        default: break
        }
        context.write(part, promise: promise)
    }

    /// Answers the request here when it can (see the type's comment); false leaves it to Hummingbird.
    private func answer(_ request: HTTPRequestHead, _ context: ChannelHandlerContext) -> Bool {
        let start = ContinuousClock.now
        let method = request.method
        guard method == .GET || method == .HEAD, request.version == .http1_1, request.isKeepAlive,
            let path = TilePath(request.uri), let snapshot = data.fresh(), let tileset = snapshot.tilesets[path.id],
            // Internal tilesets go through the router, which checks the read token (`ReadAccess`).
            snapshot.tier(ofTileset: path.id) == .public,
            let tile = tileset.tile(z: path.z, x: path.x, y: path.y)
        else { return false }
        let answer: ServerRoutes.TileAnswer
        do {
            answer = try ServerRoutes.tileAnswer(
                tileset, tile, version: path.version, ifNoneMatch: request.headers["If-None-Match"], metrics)
        } catch {
            return false  // cannot read the archive: the router answers with a problem document
        }
        var headers = answer.versioned ? caching.longHeaders : caching.shortHeaders
        headers.add(name: "ETag", value: answer.etag)
        if let body = answer.body {
            headers.add(contentsOf: tileset.http1ContentHeaders)
            headers.add(name: "Content-Length", value: String(body.readableBytes))
        }
        headers.add(name: "Date", value: httpDate())
        headers.add(name: "Server", value: QuartierServer.serverName)
        headers.add(name: "X-Request-Id", value: RequestID().description)
        let status = HTTPResponseStatus(statusCode: answer.status.code, reasonPhrase: answer.status.reasonPhrase)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        if method == .GET, let body = answer.body { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        let key = answer.status.code * 4 + (method == .HEAD ? 1 : 0) + (path.collection ? 2 : 0)
        if recorders[key] == nil {
            recorders[key] = metrics.recorder(
                method: method.rawValue, route: path.collection ? Self.collectionTilesRoute : Self.tilesRoute,
                status: answer.status.code)
        }
        recorders[key]?.record(ContinuousClock.now - start)
        return true
    }

    /// The `Date` header (RFC 9110 §5.6.7 IMF-fixdate), formatted once a second.
    private func httpDate() -> String {
        var now = time(nil)
        if Int(now) != date.second {
            var parts = tm()
            gmtime_r(&now, &parts)
            var buffer = [CChar](repeating: 0, count: 40)
            let length = strftime(&buffer, buffer.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
            date = (Int(now), String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return date.text
    }
}

/// The parts of a tile path, when a path is one in plain characters (no percent-encoding): the tileset id, z, x
/// and y as written, and the `v` query parameter.
struct TilePath: Equatable {
    var id: String
    var z: String
    var x: String
    var y: String
    var version: String?
    var collection: Bool

    /// Parsed over the bytes (this runs for every request on the fast path; `String` splitting costs more than
    /// the rest of the answer).
    init?(_ target: String) {
        let bytes = Array(target.utf8)
        guard !bytes.contains(UInt8(ascii: "%")) else { return nil }
        let end = bytes.firstIndex(of: UInt8(ascii: "?")) ?? bytes.endIndex
        var parts: [Range<Int>] = []
        var start = 0
        for index in 0...end where index == end || bytes[index] == UInt8(ascii: "/") {
            parts.append(start..<index)
            start = index + 1
            if parts.count > 8 { return nil }
        }
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        func equals(_ range: Range<Int>, _ word: String) -> Bool { bytes[range].elementsEqual(word.utf8) }
        guard parts.first?.isEmpty == true else { return nil }
        if parts.count == 6, equals(parts[1], "tiles"), bytes[parts[5]].suffix(4).elementsEqual(".mvt".utf8) {
            let last = parts[5]
            (id, z, x, y, collection) = (text(parts[2]), text(parts[3]), text(parts[4]), text(last.dropLast(4)), false)
        } else if parts.count == 8, equals(parts[1], "collections"), equals(parts[3], "tiles"),
            equals(parts[4], "WebMercatorQuad")
        {
            (id, z, x, y, collection) = (text(parts[2]), text(parts[5]), text(parts[6]), text(parts[7]), true)
        } else {
            return nil
        }
        version = nil
        var field = end + 1
        while field < bytes.count {
            let next = bytes[field...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.count
            if next - field >= 2, bytes[field] == UInt8(ascii: "v"), bytes[field + 1] == UInt8(ascii: "=") {
                version = text(field + 2..<next)
                break
            }
            field = next + 1
        }
    }
}
