import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOEmbedded
import NIOHTTP1
import QuartierTestSupport
import Synchronization
import Testing

@testable import QuartierServer
import QuartierService

/// The tile fast path: warm tile requests are answered in the channel pipeline with the router's answer (same
/// status, headers and bytes); everything it does not know, and everything behind a request still with the
/// router, goes on to the router unchanged and in order.
@Suite("TileFastPath")
struct TileFastPathTests {
    /// A connection as the server sets it up (NIO's HTTP/1 decoder and encoder, then the fast path), fed raw
    /// request bytes; what passes the fast path is read as the router would get it.
    static func connection(_ environment: ServerEnvironment) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.configureHTTPServerPipeline(
            withPipeliningAssistance: false, withErrorHandling: false)
        try channel.pipeline.syncOperations.addHandler(
            TileFastPath(data: environment.data, caching: environment.caching, metrics: environment.metrics))
        return channel
    }

    /// Sends one request as bytes.
    static func send(
        _ channel: EmbeddedChannel, _ path: String, method: String = "GET", version: String = "1.1", headers: [String] = []
    ) throws {
        let text = "\(method) \(path) HTTP/\(version)\r\nHost: 127.0.0.1\r\n" + headers.map { $0 + "\r\n" }.joined() + "\r\n"
        try channel.writeInbound(ByteBuffer(string: text))
    }

    /// The request heads that went on to the router (their ends are read too).
    static func forwarded(_ channel: EmbeddedChannel) throws -> [String] {
        var uris: [String] = []
        while let part = try channel.readInbound(as: HTTPServerRequestPart.self) {
            if case .head(let head) = part { uris.append(head.uri) }
        }
        return uris
    }

    /// An answer as sent: status, headers (lowercased names), body.
    struct Sent {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
    }

    /// Everything written since the last call, as one HTTP/1.1 answer (nil when nothing was written).
    static func sent(_ channel: EmbeddedChannel) throws -> Sent? {
        var bytes: [UInt8] = []
        while let data = try channel.readOutbound(as: IOData.self) {
            guard case .byteBuffer(let buffer) = data else { continue }
            bytes += Array(buffer.readableBytesView)
        }
        guard !bytes.isEmpty else { return nil }
        let separator = Array("\r\n\r\n".utf8)
        let end = try #require((0...(bytes.count - 4)).first { Array(bytes[$0..<$0 + 4]) == separator })
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let status = try #require(lines.first.flatMap { Int($0.split(separator: " ")[1]) })
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        return Sent(status: status, headers: headers, body: Array(bytes[(end + 4)...]))
    }

    /// The router answers the oldest forwarded request with `body` (as Hummingbird's conversion writes it).
    static func routerAnswers(_ channel: EmbeddedChannel, body: String = "") throws {
        let head = HTTPResponseHead(version: .http1_1, status: .ok, headers: ["content-length": "\(body.utf8.count)"])
        try channel.writeOutbound(HTTPServerResponsePart.head(head))
        if !body.isEmpty { try channel.writeOutbound(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(string: body)))) }
        try channel.writeOutbound(HTTPServerResponsePart.end(nil))
    }

    @Test func answersWarmTilesLikeTheRouterAndForwardsTheRest() async throws {
        let server = try await PublishedDataFixture.server()
        let snapshot = try await server.environment.data.current()
        let tileset = try #require(snapshot.tilesets["planungsraeume"])
        let (x, y) = TileRoutesTests.tile(13.4132, 52.5219, zoom: 12)
        let path = "/tiles/planungsraeume/12/\(x)/\(y).mvt?v=\(tileset.version)"
        let routed = try await server.test { client in
            try await client.execute(uri: path, method: .get) { ($0.status, $0.headers, Array($0.body.readableBytesView)) }
        }
        let channel = try Self.connection(server.environment)
        _ = try await server.environment.data.current()

        // A warm tile: answered here, nothing reaches the router; the router's status, headers and bytes.
        _ = try await server.environment.data.current()  // warm: checked < 1 s ago, even on a loaded machine
        try Self.send(channel, path)
        #expect(try Self.forwarded(channel).isEmpty)
        let fast = try #require(try Self.sent(channel))
        #expect(fast.status == Int(routed.0.code) && fast.body == routed.2)
        for field in routed.1 where field.name != .date && field.name.canonicalName != "x-request-id" {
            #expect(fast.headers[field.name.canonicalName] == field.value, "\(field.name)")
        }
        #expect(fast.headers["date"]?.hasSuffix(" GMT") == true && fast.headers["server"] == "Quartier")
        // Hummingbird's request id: a random process part and a counter, in hex (16 digits for the counter).
        #expect((fast.headers["x-request-id"]?.count ?? 0) > 16)

        // HEAD: the same head, no body. If-None-Match: 304.
        _ = try await server.environment.data.current()  // warm: checked < 1 s ago, even on a loaded machine
        try Self.send(channel, path, method: "HEAD")
        let headOnly = try #require(try Self.sent(channel))
        #expect(headOnly.status == 200 && headOnly.body.isEmpty)
        #expect(headOnly.headers["content-length"] == "\(fast.body.count)")
        let etag = try #require(fast.headers["etag"])
        _ = try await server.environment.data.current()  // warm: checked < 1 s ago, even on a loaded machine
        try Self.send(channel, path, headers: ["If-None-Match: \(etag)"])
        #expect(try Self.sent(channel)?.status == 304)
        // The OGC API – Tiles path of the same tile.
        _ = try await server.environment.data.current()  // warm: checked < 1 s ago, even on a loaded machine
        try Self.send(channel, "/collections/planungsraeume/tiles/WebMercatorQuad/12/\(x)/\(y)")
        #expect(try Self.sent(channel)?.body == routed.2)

        // After a HEAD answered here, the router's answer to the next request on the connection keeps its body:
        // NIO's encoder pairs every answer with its request, so answers made here must pass through it.
        let fresh = try Self.connection(server.environment)
        _ = try await server.environment.data.current()  // warm: checked < 1 s ago, even on a loaded machine
        try Self.send(fresh, path, method: "HEAD")
        #expect(try Self.sent(fresh)?.body.isEmpty == true)
        _ = try await server.environment.data.current()  // warm: checked < 1 s ago, even on a loaded machine
        try Self.send(fresh, "/collections")
        #expect(try Self.forwarded(fresh) == ["/collections"])
        try Self.routerAnswers(fresh, body: "{\"collections\":[]}")
        #expect(try Self.sent(fresh).map { String(decoding: $0.body, as: UTF8.self) } == "{\"collections\":[]}")

        // A connection whose output is full (the client does not read): tiles go to the router, which waits.
        let full = try Self.connection(server.environment)
        full.isWritable = false
        _ = try await server.environment.data.current()  // warm: checked < 1 s ago, even on a loaded machine
        try Self.send(full, path)
        #expect(try Self.forwarded(full) == [path])
        // After the router answered with `Connection: close`, nothing more is answered here.
        let closing = try Self.connection(server.environment)
        _ = try await server.environment.data.current()  // warm: checked < 1 s ago, even on a loaded machine
        try Self.send(closing, "/collections")
        #expect(try Self.forwarded(closing) == ["/collections"])
        let close = HTTPResponseHead(version: .http1_1, status: .ok, headers: ["content-length": "0", "connection": "close"])
        try closing.writeOutbound(HTTPServerResponsePart.head(close))
        try closing.writeOutbound(HTTPServerResponsePart.end(nil))
        _ = try Self.sent(closing)
        _ = try await server.environment.data.current()  // warm: checked < 1 s ago, even on a loaded machine
        try Self.send(closing, path)
        #expect(try Self.forwarded(closing) == [path])

        // Not for the fast path: passed on unchanged, nothing written.
        let others: [(String, String, String, [String])] = [
            ("GET", "/tiles/planungsraeume/13/\(x)/\(y).mvt", "1.1", []), ("GET", "/tiles/nothing/12/\(x)/\(y).mvt", "1.1", []),
            ("GET", "/tiles/planungsraeume/12/%34/\(y).mvt", "1.1", []), ("POST", path, "1.1", ["Content-Length: 0"]),
            ("GET", path, "1.1", ["Connection: close"]), ("GET", path, "1.0", []),
        ]
        for (method, uri, version, headers) in others {
            // The last two end their connection: each on a connection of its own.
            let connection = headers.isEmpty && version == "1.1" || method == "POST" ? channel : try Self.connection(server.environment)
            _ = try await server.environment.data.current()  // warm: checked < 1 s ago, even on a loaded machine
            try Self.send(connection, uri, method: method, version: version, headers: headers)
            #expect(try Self.forwarded(connection) == [uri], "\(method) \(uri) HTTP/\(version) \(headers)")
            #expect(try Self.sent(connection) == nil)
            try Self.routerAnswers(connection)
            _ = try Self.sent(connection)
        }

        // Order: while a request is with the router, a tile request behind it goes to the router too.
        _ = try await server.environment.data.current()  // warm: checked < 1 s ago, even on a loaded machine
        try Self.send(channel, "/collections")
        _ = try await server.environment.data.current()  // warm: checked < 1 s ago, even on a loaded machine
        try Self.send(channel, path)
        #expect(try Self.forwarded(channel) == ["/collections", path])
        try Self.routerAnswers(channel)
        try Self.routerAnswers(channel)
        _ = try Self.sent(channel)
        _ = try await server.environment.data.current()  // warm: checked < 1 s ago, even on a loaded machine
        try Self.send(channel, path)
        #expect(try Self.sent(channel)?.body == routed.2, "answered here again once the router is done")
        _ = try channel.finish()
    }

    /// Through a real listening server (HummingbirdTesting's live client): every zoom's tile is the archive's
    /// bytes, and `/metrics` counts the answers under the route pattern.
    @Test func liveServerServesTheArchivesBytes() async throws {
        let server = try await PublishedDataFixture.server()
        let (tiles, archive) = try TileRoutesTests.alexanderplatz(8...12, server, file: "planungsraeume.pmtiles")
        let expected = try TileRoutesTests.reference(archive, tiles)
        let metrics = try await server.testLive { client in
            let version = try #require(try await client.json(.get, "/tiles/planungsraeume.json").json["version"] as? String)
            for (index, (z, x, y)) in tiles.enumerated() {
                let path = "/tiles/planungsraeume/\(z)/\(x)/\(y).mvt?v=\(version)"
                let body = try await client.execute(uri: path, method: .get) { TileRoutesTests.hex(Data($0.body.readableBytesView)) }
                #expect(body == expected[index], "\(path)")
            }
            return try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
        }
        let series = #"quartier_http_requests_total{method="GET",route="/tiles/{tilesetId}/{z}/{x}/{y}.mvt",status="200"} 5"#
        #expect(metrics.contains(series), "\(metrics)")
        #expect(metrics.contains("quartier_tile_requests_total 5"))
    }

    /// The cause of `make test` hanging in the test above: the live server's tasks waited for a thread of Swift's
    /// cooperative pool, which the other suites kept busy with blocking calls (a subprocess's `waitpid`, GDAL), until
    /// the client's 20 s read timeout fired. Here every thread of the pool is blocked on purpose for 25 s: the live
    /// server (on event loops, as `quartier serve` runs) still answers, while the blocking goes on.
    @Test func liveServerAnswersWhileTheCooperativePoolIsBlocked() async throws {
        let server = try await PublishedDataFixture.server()
        final class Finished: Sendable { let count = Atomic(0) }
        let finished = Finished()
        let blockers = 8  // at least the pool's width (the number of cores)
        for _ in 0..<blockers {
            Task.detached {
                usleep(25_000_000)
                finished.count.add(1, ordering: .relaxed)
            }
        }
        let (status, duringBlocking) = try await server.testLive { client in
            let status = try await client.execute(uri: "/tiles/planungsraeume.json", method: .get) { $0.status }
            return (status, finished.count.load(ordering: .relaxed) < blockers)
        }
        #expect(status == .ok)
        #expect(duringBlocking, "answered only after the pool was free again")
    }

    @Test func tilePaths() {
        #expect(TilePath("/tiles/kitas/3/4/5.mvt?v=ab12&x=1") == TilePath(raw: ("kitas", "3", "4", "5", "ab12", false)))
        #expect(TilePath("/collections/a_b/tiles/WebMercatorQuad/3/4/5") == TilePath(raw: ("a_b", "3", "4", "5", nil, true)))
        for path in ["/tiles/kitas.json", "/tiles/kitas/3/4/5.png", "/tiles/k%2Fitas/3/4/5.mvt", "/collections/a/items",
                     "/tiles/a/b/3/4/5.mvt", "tiles/kitas/3/4/5.mvt"] {
            #expect(TilePath(path) == nil, "\(path)")
        }
    }
}

extension TilePath {
    init(raw: (String, String, String, String, String?, Bool)) {
        self.init("/tiles/x/0/0/0.mvt")!
        (id, z, x, y, version, collection) = raw
    }
}
