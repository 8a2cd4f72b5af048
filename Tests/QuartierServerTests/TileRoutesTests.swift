import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import QuartierServer
import QuartierTestSupport
import Testing
import QuartierService

/// Tiles from the published PMTiles archive: for every zoom, the tile over Alexanderplatz is the archive's
/// bytes as the reference `pmtiles` reader (PyPI) returns them, sent gzipped with a strong ETag, 304,
/// CORS and a long `immutable` max-age under the current version; empty tiles are 204; TileJSON has
/// absolute versioned URLs; no path parameter reaches a file.
@Suite("Tile routes")
struct TileRoutesTests {
    /// The tile z/x/y containing a longitude/latitude (Web Mercator, XYZ scheme).
    static func tile(_ lon: Double, _ lat: Double, zoom: Int) -> (Int, Int) {
        let n = Double(1 << zoom)
        let x = Int(floor((lon + 180) / 360 * n))
        let rad = lat * .pi / 180
        let y = Int(floor((1 - log(tan(rad) + 1 / cos(rad)) / .pi) / 2 * n))
        return (x, y)
    }

    /// The stored bytes of tiles as the reference reader returns them (hex, "-" for none).
    static func reference(_ archive: String, _ tiles: [(Int, Int, Int)]) throws -> [String] {
        let script = """
            import sys
            from pmtiles.reader import Reader, MmapSource
            with open(sys.argv[1], 'rb') as f:
                reader = Reader(MmapSource(f))
                for item in sys.argv[2:]:
                    z, x, y = map(int, item.split('/'))
                    data = reader.get(z, x, y)
                    print(data.hex() if data else '-')
            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("read-\(UUID().uuidString).py")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try Subprocess.run("/usr/bin/env", ["python3", file.path, archive] + tiles.map { "\($0.0)/\($0.1)/\($0.2)" })
        guard result.status == 0 else { throw PublishedDataFixture.FixtureError(message: "pmtiles reader: " + result.stderr) }
        return result.stdout.split(separator: "\n").map(String.init)
    }

    static func hex(_ data: Data) -> String { data.map { String(format: "%02x", $0) }.joined() }

    /// The tiles over Alexanderplatz at the given zooms, and the path of the fixture job's output `file`.
    static func alexanderplatz(_ zooms: ClosedRange<Int>, _ server: TestServer, file: String) throws -> ([(Int, Int, Int)], String) {
        let archive = (try PublishedDataFixture.geoPackage(server) as NSString).deletingLastPathComponent + "/" + file
        return (zooms.map { z in
            let (x, y) = tile(13.4132, 52.5219, zoom: z)
            return (z, x, y)
        }, archive)
    }

    @Test func everyZoomOverASmallAreaReturnsTheArchivesBytes() async throws {
        let server = try await PublishedDataFixture.server()
        let (tiles, archive) = try Self.alexanderplatz(8...12, server, file: "planungsraeume.pmtiles")
        let expected = try Self.reference(archive, tiles)
        try await server.test { client in
            let tileJSON = try await client.json(.get, "/tiles/planungsraeume.json")
            #expect(tileJSON.json["tilejson"] as? String == "3.0.0")
            #expect(tileJSON.json["minzoom"] as? Int == 8 && tileJSON.json["maxzoom"] as? Int == 12)
            let template = try #require((tileJSON.json["tiles"] as? [String])?.first)
            let version = try #require(tileJSON.json["version"] as? String)
            #expect(template == "https://maps.example.org/q/tiles/planungsraeume/{z}/{x}/{y}.mvt?v=\(version)")
            #expect((tileJSON.json["vector_layers"] as? [[String: Any]])?.isEmpty == false)
            for (index, (z, x, y)) in tiles.enumerated() {
                let path = "/tiles/planungsraeume/\(z)/\(x)/\(y).mvt?v=\(version)"
                let (status, headers, body) = try await client.execute(uri: path, method: .get) { response in
                    (response.status, response.headers, Data(response.body.readableBytesView))
                }
                #expect(status == .ok, "\(path)")
                #expect(Self.hex(body) == expected[index], "\(path): the archive's bytes")
                #expect(headers[.contentEncoding] == "gzip" && headers[.contentType] == "application/vnd.mapbox-vector-tile")
                #expect(headers[.cacheControl] == "public, max-age=31536000, immutable")
                #expect(headers[.accessControlAllowOrigin] == "*")
                let etag = try #require(headers[.eTag])
                let again = try await client.execute(uri: path, method: .get, headers: [.ifNoneMatch: etag]) { $0.status }
                #expect(again == .notModified)
                let ogc = try await client.execute(uri: "/collections/planungsraeume/tiles/WebMercatorQuad/\(z)/\(x)/\(y)", method: .get) { response in
                    (response.headers[.cacheControl], Self.hex(Data(response.body.readableBytesView)))
                }
                #expect(ogc.1 == expected[index] && ogc.0 == "public, max-age=60", "unversioned: short max-age")
            }
        }
    }

    /// An MBTiles tileset is served in place like a PMTiles archive: every tile over Alexanderplatz is the bytes
    /// python's sqlite3 reads from the file (TMS row flipped), gzip, ETag and 304; HEAD answers with the headers
    /// and no body; `/metrics` counts the tile requests and the ones answered without reading the file.
    @Test func mbtilesInPlaceHeadAndTileMetrics() async throws {
        let server = try await PublishedDataFixture.server()
        let (tiles, archive) = try Self.alexanderplatz(8...10, server, file: "plr_mbtiles.mbtiles")
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            for item in sys.argv[2:]:
                z, x, y = map(int, item.split('/'))
                row = db.execute('SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?',
                                 (z, x, (1 << z) - 1 - y)).fetchone()
                print(row[0].hex() if row else '-')
            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mbtiles-\(UUID().uuidString).py")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try Subprocess.run("/usr/bin/env", ["python3", file.path, archive] + tiles.map { "\($0.0)/\($0.1)/\($0.2)" })
        let expected = result.stdout.split(separator: "\n").map(String.init)
        #expect(result.status == 0 && expected.count == 3 && !expected.contains("-"), "\(result.stderr)")
        try await server.test { client in
            let tileJSON = try await client.json(.get, "/tiles/plr_mbtiles.json")
            #expect(tileJSON.json["minzoom"] as? Int == 8 && tileJSON.json["maxzoom"] as? Int == 10)
            #expect((tileJSON.json["vector_layers"] as? [[String: Any]])?.first?["id"] as? String == "plr_mbtiles")
            let version = try #require(tileJSON.json["version"] as? String)
            for (index, (z, x, y)) in tiles.enumerated() {
                let path = "/tiles/plr_mbtiles/\(z)/\(x)/\(y).mvt?v=\(version)"
                let (status, headers, body) = try await client.execute(uri: path, method: .get) { response in
                    (response.status, response.headers, Data(response.body.readableBytesView))
                }
                #expect(status == .ok && Self.hex(body) == expected[index], "\(path): the tileset's bytes")
                #expect(headers[.contentEncoding] == "gzip" && headers[.contentType] == "application/vnd.mapbox-vector-tile")
                let etag = try #require(headers[.eTag])
                #expect(try await client.execute(uri: path, method: .get, headers: [.ifNoneMatch: etag]) { $0.status } == .notModified)
                let head = try await client.execute(uri: path, method: .head) { ($0.status, $0.headers, $0.body.readableBytes) }
                #expect(head.0 == .ok && head.2 == 0 && head.1[.eTag] == etag)
                #expect(head.1[.contentLength] == "\(body.count)", "HEAD: the length of the GET body")
            }
            #expect(try await client.execute(uri: "/tiles/plr_mbtiles/8/0/0.mvt", method: .get) { $0.status } == .noContent)
            let metrics = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            func value(_ name: String) -> Double? {
                metrics.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ")[1]) }
            }
            // 3 × (GET, 304, HEAD) + the empty tile = 10 requests; the 304s and the HEADs (cached by the GET) did
            // not read the file.
            #expect(value("quartier_tile_requests_total") == 10)
            #expect(value("quartier_tile_cache_hits_total") == 6)
        }
    }

    /// The published style's vector source points to the TileJSON of its archive, absolute under `public_url`.
    @Test func styleWithAbsoluteURLs() async throws {
        let server = try await PublishedDataFixture.server()
        try await server.test { client in
            let style = try await client.json(.get, "/styles/lor.json")
            #expect(style.status == .ok && style.json["version"] as? Int == 8)
            let source = (style.json["sources"] as? [String: Any])?["quartier"] as? [String: Any]
            #expect(source?["url"] as? String == "https://maps.example.org/q/tiles/tiles.json")
            let tileJSON = try await client.json(.get, "/tiles/tiles.json")
            #expect((tileJSON.json["tiles"] as? [String])?.first?.hasPrefix("https://maps.example.org/q/tiles/tiles/{z}/{x}/{y}.mvt?v=") == true)
            #expect(try await client.json(.get, "/styles/other.json").status == .notFound)
        }
    }

    @Test func emptyTilesOutOfRangeAndTraversal() async throws {
        let server = try await PublishedDataFixture.server()
        let token = try String(contentsOfFile: server.state.appendingPathComponent("token").path, encoding: .utf8)
        try await server.test { client in
            let empty = try await client.execute(uri: "/tiles/planungsraeume/10/0/0.mvt", method: .get) { ($0.status, $0.body.readableBytes) }
            #expect(empty.0 == .noContent && empty.1 == 0)
            for path in ["/tiles/planungsraeume/13/4400/2686.mvt", "/tiles/planungsraeume/9/512/0.mvt", "/tiles/planungsraeume/9/x/1.mvt",
                         "/tiles/nothing/9/1/1.mvt", "/tiles/..%2F..%2Fstate%2Ftoken.json", "/tiles/..%2Fplanungsraeume/9/1/1.mvt",
                         "/collections/..%2F..%2Fstate/items", "/collections/planungsraeume/items/..%2F..%2Ftoken",
                         "/styles/..%2F..%2Fstate%2Ftoken.json", "/collections/planungsraeume/tiles/WebMercatorQuad/9/..%2F..%2F/1"] {
                let (status, body) = try await client.execute(uri: path, method: .get) { ($0.status, String(buffer: $0.body)) }
                #expect(status == .notFound || status == .badRequest, "\(path): \(status)")
                #expect(!body.contains(token.trimmingCharacters(in: .whitespacesAndNewlines)))
            }
        }
    }
}
