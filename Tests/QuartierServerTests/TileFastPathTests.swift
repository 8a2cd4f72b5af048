import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import QuartierTestSupport
import Testing

@testable import QuartierServer

/// The tile fast path: warm tile requests are answered in the channel pipeline with the router's answer (same
/// status, headers and bytes); everything it does not know, and everything behind a request still with the
/// router, goes on to the router unchanged and in order.
@Suite("TileFastPath")
struct TileFastPathTests {
    static func request(_ path: String, method: HTTPRequest.Method = .get, headers: HTTPFields = [:]) -> HTTPRequestPart {
        .head(HTTPRequest(method: method, scheme: "http", authority: "127.0.0.1", path: path, headerFields: headers))
    }

    /// The parts the handler wrote for one answered request: head, body bytes, and whether `.end` followed.
    static func answer(_ channel: EmbeddedChannel) throws -> (head: HTTPResponse?, body: [UInt8], ended: Bool) {
        var result: (head: HTTPResponse?, body: [UInt8], ended: Bool) = (nil, [], false)
        while let part = try channel.readOutbound(as: HTTPResponsePart.self) {
            switch part {
            case .head(let head): result.head = head
            case .body(let buffer): result.body += Array(buffer.readableBytesView)
            case .end: result.ended = true
            }
        }
        return result
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
        let environment = server.environment
        let channel = EmbeddedChannel(
            handler: TileFastPath(data: environment.data, caching: environment.caching, metrics: environment.metrics))
        _ = try await environment.data.current()

        // A warm tile: answered here, nothing reaches the router; the router's status, headers and bytes.
        try channel.writeInbound(Self.request(path))
        try channel.writeInbound(HTTPRequestPart.end(nil))
        #expect(try channel.readInbound(as: HTTPRequestPart.self) == nil)
        let fast = try Self.answer(channel)
        let head = try #require(fast.head)
        #expect(head.status == routed.0 && fast.body == routed.2 && fast.ended)
        for name in [HTTPField.Name.eTag, .cacheControl, .contentType, .contentEncoding, .accessControlAllowOrigin,
                     .accessControlExposeHeaders, .contentLength] {
            #expect(head.headerFields[name] == routed.1[name], "\(name)")
        }
        #expect(head.headerFields[.date]?.hasSuffix(" GMT") == true && head.headerFields[.server] == "Quartier")
        // Hummingbird's request id: a random process part and a counter, in hex (16 digits for the counter).
        #expect((head.headerFields[HTTPField.Name("X-Request-Id")!]?.count ?? 0) > 16)

        // HEAD: the same head, no body. If-None-Match: 304.
        try channel.writeInbound(Self.request(path, method: .head))
        let headOnly = try Self.answer(channel)
        #expect(headOnly.head?.status == .ok && headOnly.body.isEmpty && headOnly.ended)
        #expect(headOnly.head?.headerFields[.contentLength] == "\(fast.body.count)")
        let etag = try #require(head.headerFields[.eTag])
        try channel.writeInbound(Self.request(path, headers: [.ifNoneMatch: etag]))
        #expect(try Self.answer(channel).head?.status == .notModified)
        // The OGC API – Tiles path of the same tile.
        try channel.writeInbound(Self.request("/collections/planungsraeume/tiles/WebMercatorQuad/12/\(x)/\(y)"))
        #expect(try Self.answer(channel).body == routed.2)

        // Not for the fast path: passed on unchanged, nothing written.
        for other in [
            Self.request("/collections"), Self.request("/tiles/planungsraeume/13/\(x)/\(y).mvt"),
            Self.request("/tiles/nothing/12/\(x)/\(y).mvt"), Self.request("/tiles/planungsraeume/12/%34/\(y).mvt"),
            Self.request(path, method: .post), Self.request(path, headers: [.connection: "close"]),
        ] {
            try channel.writeInbound(other)
            #expect(try channel.readInbound(as: HTTPRequestPart.self) == other)
            #expect(try Self.answer(channel).head == nil)
            try channel.writeOutbound(HTTPResponsePart.end(nil))  // the router's answer ends
            _ = try Self.answer(channel)
        }

        // Order: while a request is with the router, a tile request behind it goes to the router too.
        try channel.writeInbound(Self.request("/collections"))
        try channel.writeInbound(Self.request(path))
        #expect(try channel.readInbound(as: HTTPRequestPart.self) == Self.request("/collections"))
        #expect(try channel.readInbound(as: HTTPRequestPart.self) == Self.request(path))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        _ = try Self.answer(channel)
        try channel.writeInbound(Self.request(path))
        #expect(try Self.answer(channel).body == routed.2, "answered here again once the router is done")
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
