import Foundation
import Hummingbird
import HummingbirdTesting
import QuartierServer
import QuartierTestSupport
import Testing
import QuartierService

/// The HTTP edge: token rules, body limit, queue limit, path validation on every route with a path
/// parameter, problem details, and the OpenAPI document against the router's own route list.
@Suite("HTTP routes")
struct ServerRoutesTests {
    static let joinInputs: [String: JSONValue] = [
        "areas": "Geodata/berlin_lor_2021/berlin_lor_2021.gpkg", "layer": "bezirke", "id": "BEZ_ID",
        "table": "Geodata/berlin_mss_2021/mss_2021.csv", "table-key": "BEZ_ID", "duplicates": "first",
    ]

    @Test func writesNeedTheTokenCheckedBeforeTheBody() async throws {
        let server = try TestServer()
        try await server.test { client in
            let uri = "/processes/join/execution"
            let none = try await client.json(.post, uri, body: "not json")
            #expect(none.status == .unauthorized)
            #expect(none.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            #expect(none.headers[.contentType] == "application/problem+json")
            for header in ["Basic dXNlcjpwdw==", "Bearer", "Bearer  two spaces", "bearer\(TestServer.token)"] {
                let malformed = try await client.json(.post, uri, headers: [.authorization: header], body: "not json")
                #expect(malformed.status == .unauthorized, "\(header)")
            }
            let wrong = try await client.json(.post, uri, headers: [.authorization: "Bearer wrong-token-0123456789"], body: "not json")
            #expect(wrong.status == .forbidden)
            #expect(wrong.json["status"] as? Int == 403 && wrong.json["title"] as? String == "Forbidden")
            // With the token the body is parsed and found wrong: the token was checked first.
            let right = try await client.json(.post, uri, headers: TestServer.auth, body: "not json")
            #expect(right.status == .badRequest)
            let delete = try await client.json(.delete, "/jobs/\(UUID().uuidString.lowercased())")
            #expect(delete.status == .unauthorized)
        }
    }

    @Test func bodiesOverTheLimitGet413() async throws {
        let server = try TestServer { $0.maxBodyBytes = 2048 }
        try await server.test { client in
            let big = #"{"inputs": {"id": ""# + String(repeating: "x", count: 4000) + #""}}"#
            let response = try await client.json(.post, "/processes/join/execution", headers: TestServer.auth, body: big)
            #expect(response.status == .contentTooLarge)
            #expect(response.json["type"] as? String == "about:blank" && response.json["detail"] != nil)
            let anonymous = try await client.json(.post, "/processes/join/execution", body: big)
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test func aFullQueueGets429WithRetryAfter() async throws {
        let server = try TestServer {
            $0.workers = 1
            $0.maxQueuedJobs = 1
            $0.retryAfterSeconds = 7
        }
        let slow: [String: JSONValue] = [
            "areas": "Geodata/berlin_lor_2021/berlin_lor_2021.gpkg", "layer": "planungsraeume_2021", "id": "PLR_ID",
            "field": "GROESSE_M2", "permutations": 9999, "threads": 1,
        ]
        try await server.test { client in
            let first = try await client.submit("hotspots", slow)
            #expect(first.status == .created)
            let firstID = try #require(first.json["jobID"] as? String)
            // Wait until the worker has taken the first job, so that the second one waits in the queue.
            #expect(try await client.wait { try $0.job(firstID)?.status != .accepted })
            let second = try await client.submit("hotspots", slow)
            #expect(second.status == .created)
            let third = try await client.submit("hotspots", slow)
            #expect(third.status == .tooManyRequests)
            #expect(third.headers[.retryAfter] == "7")
            #expect(third.json["status"] as? Int == 429)
            for id in [firstID, second.json["jobID"] as? String ?? ""] {
                let dismissed = try await client.json(.delete, "/jobs/\(id)", headers: TestServer.auth)
                #expect(dismissed.json["status"] as? String == "dismissed")
            }
        }
    }

    /// Every route with a path parameter, every parameter replaced by each attack: 400 (malformed) or
    /// 404 (no such route), never a file, never a server path in the answer.
    @Test(arguments: ["..", "%2e%2e", "%2E%2E%2Fetc%2Fpasswd", "..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "/etc/passwd", ".%2e", "~root", "a%00b"])
    func traversalIsRefusedOnEveryPathParameter(attack: String) async throws {
        let server = try TestServer()
        let (_, table) = ServerRoutes.router(server.environment)
        let routes = table.entries.filter { !$0.parameters.isEmpty }
        #expect(routes.count >= 5)
        let state = server.environment.configuration.stateFolder
        try await server.test { client in
            for route in routes {
                for parameter in route.parameters {
                    var uri = route.path
                    for other in route.parameters {
                        let value = other == parameter ? attack : (other == "processId" ? "join" : other == "file" ? "manifest.json" : UUID().uuidString.lowercased())
                        uri = uri.replacingOccurrences(of: "{\(other)}", with: value)
                    }
                    let response = try await client.execute(uri: uri, method: route.method, headers: TestServer.auth, body: ByteBuffer(string: "{}")) { $0 }
                    let text = String(buffer: response.body)
                    #expect([.badRequest, .notFound].contains(response.status), "\(route.method) \(uri): \(response.status)")
                    #expect(!text.contains(state) && !text.contains("root:"), "\(uri)")
                    #expect(response.headers[.contentType] == "application/problem+json", "\(uri)")
                }
            }
        }
    }

    @Test(arguments: [
        "../Geodata/berlin_lor_2021/berlin_lor_2021.gpkg", "/etc/passwd", "Geodata/../../etc/passwd",
        "%2e%2e/etc/passwd", "Geodata%2Fberlin_lor_2021%2Fberlin_lor_2021.gpkg", "PG:dbname=x", "Geodata\\x.gpkg", "",
    ])
    func fileInputsOutsideTheDataFolderAreRefused(path: String) async throws {
        let server = try TestServer()
        try await server.test { client in
            var inputs = Self.joinInputs
            inputs["areas"] = .string(path)
            let response = try await client.submit("join", inputs)
            #expect(response.status == .badRequest)
            #expect(response.json["detail"] as? String != nil)
            #expect(!(response.json["detail"] as? String ?? "").contains(TestSupport.root.path))
        }
    }

    @Test func unknownRoutesProcessesAndInputsAreProblems() async throws {
        let server = try TestServer()
        try await server.test { client in
            let route = try await client.json(.get, "/nothing/here")
            #expect(route.status == .notFound && route.json["title"] as? String == "Not Found")
            let process = try await client.json(.get, "/processes/forecast")
            #expect(process.status == .notFound)
            #expect((process.json["type"] as? String)?.hasSuffix("no-such-process") == true)
            let job = try await client.json(.get, "/jobs/\(UUID().uuidString.lowercased())")
            #expect(job.status == .notFound && (job.json["type"] as? String)?.hasSuffix("no-such-job") == true)
            var inputs = Self.joinInputs
            inputs["colour"] = "blue"
            let unknown = try await client.submit("join", inputs)
            #expect(unknown.status == .badRequest)
            #expect((unknown.json["detail"] as? String)?.contains("unknown input 'colour'") == true)
            inputs = Self.joinInputs
            inputs["zero-pad"] = "eight"
            let mistyped = try await client.submit("join", inputs)
            #expect((mistyped.json["detail"] as? String)?.contains("must be an integer") == true)
            inputs = Self.joinInputs
            inputs["out"] = "../escape.geojson"
            let escaping = try await client.submit("join", inputs)
            #expect(escaping.status == .badRequest)
        }
    }

    @Test func theOpenAPIDocumentListsEveryRegisteredRoute() async throws {
        let server = try TestServer()
        let (router, _) = ServerRoutes.router(server.environment)
        let registered = router.routes.map { route in
            (route.method.rawValue.lowercased(),
             "/" + route.path.description.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
                .joined(separator: "/"))
        }
        #expect(registered.count == 32)  // with the series, the goals, the two profile, the three atlas and the two observation routes
        try await server.test { client in
            let document = try await client.json(.get, "/api")
            #expect(document.status == .ok && document.json["openapi"] as? String == "3.0.3")
            let paths = try #require(document.json["paths"] as? [String: [String: Any]])
            for (method, path) in registered {
                #expect(paths[path]?[method] != nil, "\(method) \(path) is not in /api")
            }
            #expect(paths.values.map(\.count).reduce(0, +) == registered.count)
            let execute = try #require(paths["/processes/{processId}/execution"]?["post"] as? [String: Any])
            #expect((execute["security"] as? [[String: Any]])?.first?["bearer"] != nil)
        }
    }

    @Test func healthAndTheLandingPageAnswer() async throws {
        let server = try TestServer { $0.publicURL = "https://bildung.example.org/quartier/" }
        try await server.test { client in
            let health = try await client.json(.get, "/health")
            #expect(health.status == .ok && health.json["schema"] as? String == "v1: job table")
            let landing = try await client.json(.get, "/")
            let links = try #require(landing.json["links"] as? [[String: Any]])
            #expect(links.contains { $0["href"] as? String == "https://bildung.example.org/quartier/processes" })
            let ready = try await client.waitUntilReady(seconds: 5)
            #expect(ready.status == .ok && ready.json["status"] as? String == "ready")
            let conformance = try await client.json(.get, "/conformance")
            #expect((conformance.json["conformsTo"] as? [String])?.contains { $0.hasSuffix("/conf/core") } == true)
        }
    }
}
