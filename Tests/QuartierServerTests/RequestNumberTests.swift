import Foundation
import HTTPTypes
import HummingbirdTesting
import QuartierServer
import QuartierTestSupport
import Testing
import QuartierService

/// Every number a request carries (limit, offset, bbox, z/x/y, the job list's limit) is range-checked by one
/// parser and answered 400 naming the parameter — never an overflow trap, never a PROJ error answered 500.
/// A malformed chunked body is a 400 as well (issue 25, item 1).
@Suite("Request numbers")
struct RequestNumberTests {
    static let items = "/collections/planungsraeume/items"

    /// Requests that must be refused with 400, each with a word the detail must contain.
    static let refused: [(String, String)] = [
        (items + "?offset=9223372036854775807", "offset"),
        (items + "?offset=2147483648", "offset"),
        (items + "?offset=-1", "offset"),
        (items + "?limit=0", "limit"),
        (items + "?limit=99999999999999999999", "limit"),
        (items + "?limit=1e3", "limit"),
        (items + "?limit=%EF%BC%91", "limit"),
        (items + "?bbox=-1e308,-1e308,1e308,1e308", "bbox"),
        (items + "?bbox=nan,52,13.5,52.6", "bbox"),
        (items + "?bbox=13,52,inf,53", "bbox"),
        (items + "?bbox=13,52,13.5", "bbox"),
        (items + "?bbox=13,53,13.5,52", "bbox"),
        (items + "?bbox=0x1p3,52,13.5,52.6", "bbox"),
        (items + "?bbox=1e9,1e9,2e9,2e9&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/25833", "bbox"),
        (items + "?bbox=52,13,52.6,200&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4326", "bbox"),
        ("/jobs?limit=9223372036854775808", "limit"),
        ("/jobs?limit=-5", "limit"),
        ("/tiles/planungsraeume/99999999999/0/0.mvt", "z"),
        ("/tiles/planungsraeume/31/0/0.mvt", "z"),
        ("/tiles/planungsraeume/8/-1/0.mvt", "x"),
        ("/tiles/planungsraeume/8/0/1073741824.mvt", "y"),
        ("/tiles/planungsraeume/8/9223372036854775807/0.mvt", "x"),
        ("/collections/planungsraeume/tiles/WebMercatorQuad/8/0/zz", "y"),
    ]

    @Test(arguments: refused)
    func aNumberOutOfRangeIsA400(_ request: (uri: String, word: String)) async throws {
        let server = try await PublishedDataFixture.server()
        try await server.test { client in
            let answer = try await client.json(.get, request.uri)
            #expect(answer.status == .badRequest, "\(request.uri)")
            #expect((answer.json["detail"] as? String ?? "").contains(request.word), "\(request.uri): \(answer.json)")
        }
    }

    @Test func numbersInRangeStillWork() async throws {
        let server = try await PublishedDataFixture.server()
        try await server.test { client in
            let last = try await client.json(.get, Self.items + "?offset=2147483647&limit=10000")
            #expect(last.status == .ok)
            #expect(last.json["numberReturned"] as? Int == 0)
            let box = try await client.json(.get, Self.items + "?bbox=13.3,52.4,13.5,52.6&limit=1")
            #expect(box.status == .ok && (box.json["numberMatched"] as? Int ?? 0) > 0)
            let tile = try await client.execute(uri: "/tiles/planungsraeume/3/0/0.mvt", method: .get) { $0.status }
            #expect(tile == .notFound, "a well-formed tile outside the zoom range is not there")
            let outside = try await client.execute(uri: "/tiles/planungsraeume/8/0/256.mvt", method: .get) { $0.status }
            #expect(outside == .notFound, "y = 2^z is outside the tile matrix, not malformed")
        }
    }

    @Test func aMalformedChunkSizeIsA400() async throws {
        let server = try TestServer()
        try await server.testLive { client in
            let port = try #require(client.port)
            let connection = try await RawConnection.open(port: port)
            try await connection.send(
                "POST /processes/count/execution HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(TestServer.token)\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
            let answer = try await connection.readUntilClosed()
            #expect(RawConnection.status(answer) == 400, "\(answer)")
            let health = try await client.json(.get, "/health")
            #expect(health.status == .ok)
        }
    }
}
