import Foundation
import HTTPTypes
import HummingbirdTesting
import QuartierServer
import QuartierService
import QuartierTestSupport
import Testing

/// Every public route, walked from the route table (issue 24, items 1 and 3): every link of every document is an
/// absolute URL (from `public_url`, else from the request's `Host` or `X-Forwarded-Proto`/`-Host`), and every
/// answer carries the configured CORS headers — job result files and problem documents included.
@Suite("Public routes: absolute links and CORS")
struct PublicRoutesTests {
    static let origin = "https://atlas.example.org"

    /// The concrete URI of each public GET route of the fixture's published analysis.
    static func publicURIs(_ server: TestServer, client: some TestClientProtocol) async throws -> [String] {
        let job = try #require(try server.environment.store.latestJob(origin: "publish:lor.toml"))
        let feature = try await client.json(.get, "/collections/planungsraeume/items?limit=1")
        let featureID = ((feature.json["features"] as? [[String: Any]])?.first?["id"] as? String) ?? ""
        let values = [
            "collectionId": "planungsraeume", "tilesetId": "planungsraeume", "styleId": "lor", "featureId": featureID,
            "processId": "count", "jobId": job.id, "file": "style.json", "z": "8", "x": "137", "y": "83",
        ]
        let (_, table) = ServerRoutes.router(server.environment)
        var uris: [String] = []
        for entry in table.entries where entry.method == .get && entry.access != .token {
            var uri = entry.path
            for name in entry.parameters { uri = uri.replacingOccurrences(of: "{\(name)}", with: values[name] ?? "") }
            uris.append(uri)
        }
        #expect(uris.count >= 15, "\(uris)")
        return uris + ["/collections/planungsraeume/items?limit=2&offset=2", "/no/such/route"]
    }

    /// Every `href` in a JSON document, at any depth.
    static func hrefs(_ value: Any) -> [String] {
        switch value {
        case let object as [String: Any]:
            return object.flatMap { key, member in key == "href" ? [member as? String ?? "(not text)"] : hrefs(member) }
        case let array as [Any]: return array.flatMap(hrefs)
        default: return []
        }
    }

    @Test func everyLinkIsAbsoluteFromTheForwardedHost() async throws {
        let server = try await PublishedDataFixture.server(publicURL: nil)
        try await server.test { client in
            let forwarded: HTTPFields = [
                HTTPField.Name("X-Forwarded-Proto")!: "https", HTTPField.Name("X-Forwarded-Host")!: "proxy.example.org",
            ]
            var checked = 0
            for uri in try await Self.publicURIs(server, client: client)
            where !uri.hasSuffix(".mvt") && !uri.contains("/tiles/WebMercatorQuad") {
                let answer = try await client.json(.get, uri, headers: forwarded)
                for href in Self.hrefs(answer.json) {
                    checked += 1
                    #expect(href.hasPrefix("https://proxy.example.org/"), "\(uri): \(href)")
                    #expect(URL(string: href)?.host == "proxy.example.org", "\(uri): \(href)")
                }
            }
            // The job documents of an executed process.
            let job = try #require(try server.environment.store.latestJob(origin: "publish:lor.toml"))
            var authorized = forwarded
            authorized.append(contentsOf: TestServer.auth)
            for uri in ["/jobs", "/jobs/\(job.id)", "/jobs/\(job.id)/results", "/processes", "/processes/count"] {
                let answer = try await client.json(.get, uri, headers: authorized)
                #expect(!Self.hrefs(answer.json).isEmpty, "\(uri) has links")
                for href in Self.hrefs(answer.json) {
                    #expect(href.hasPrefix("https://proxy.example.org/"), "\(uri): \(href)")
                }
            }
            #expect(checked > 20, "\(checked) links checked")
        }
    }

    /// `X-Forwarded-*` are believed from trusted proxies only (issue 25): from loopback by default, where a reverse
    /// proxy on the same machine connects from; with loopback not among `trusted_proxies`, they are dropped.
    @Test func forwardedHeadersCountFromTrustedProxiesOnly() async throws {
        let prepared = try await PublishedDataFixture.server(publicURL: nil)
        let forwarded: HTTPFields = [
            HTTPField.Name("X-Forwarded-Proto")!: "https", HTTPField.Name("X-Forwarded-Host")!: "proxy.example.org",
        ]
        for (trusted, expected) in [
            (["127.0.0.1", "::1"], "https://proxy.example.org/"), (["192.0.2.1"], "http://localhost/"),
        ] {
            let server = try TestServer(
                dataFolder: prepared.environment.configuration.dataFolder, state: prepared.state
            ) {
                $0.publish = ["lor.toml"]
                $0.trustedProxies = trusted
            }
            try await server.testLive { client in
                let links = Self.hrefs(try await client.json(.get, "/", headers: forwarded).json)
                #expect(!links.isEmpty && links.allSatisfy { $0.hasPrefix(expected) }, "\(trusted): \(links)")
            }
        }
    }

    @Test func linksUseTheHostHeaderAndRefuseAForgedOne() async throws {
        let server = try await PublishedDataFixture.server(publicURL: nil)
        try await server.testLive { client in
            // The live client sends Host: localhost.
            let landing = try await client.json(.get, "/")
            let links = Self.hrefs(landing.json)
            #expect(!links.isEmpty && links.allSatisfy { $0.hasPrefix("http://localhost/") }, "\(links)")
            let forged = try await client.json(
                .get, "/", headers: [HTTPField.Name("X-Forwarded-Host")!: "evil\"><script>"])
            #expect(
                Self.hrefs(forged.json).allSatisfy { $0.hasPrefix("http://localhost/") }, "\(Self.hrefs(forged.json))")
        }
    }

    @Test func everyPublicRouteAnswersWithTheConfiguredCORSHeaders() async throws {
        let prepared = try await PublishedDataFixture.server(publicURL: nil)
        // The fixture's state with a configured origin.
        let server = try TestServer(dataFolder: prepared.environment.configuration.dataFolder, state: prepared.state) {
            $0.publish = ["lor.toml"]
            $0.allowOrigin = Self.origin
        }
        try await server.test { client in
            for uri in try await Self.publicURIs(server, client: client) {
                let headers = try await client.execute(uri: uri, method: .get, headers: [.origin: Self.origin]) {
                    $0.headers
                }
                #expect(headers[.accessControlAllowOrigin] == Self.origin, "\(uri)")
                #expect(headers[.vary]?.contains("Origin") == true, "\(uri)")
            }
            let preflight = try await client.execute(
                uri: "/processes/count/execution", method: .options,
                headers: [.origin: Self.origin, .accessControlRequestMethod: "POST"]
            ) { $0 }
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowHeaders]?.contains("Authorization") == true)
            #expect(preflight.headers[.accessControlAllowOrigin] == Self.origin)
        }
    }
}
