import Foundation
import HTTPTypes
import HummingbirdTesting
import QuartierServer
import QuartierTestSupport
import Testing
import QuartierService

/// Issue 25, "Done when": every attack request of the issue, sent as raw HTTP to a live loopback server on a
/// published analysis; each gets its 4xx, and afterwards `/health` answers 200.
@Suite("Attacks on a live server")
struct AttackSurvivalTests {
    static let items = "/collections/planungsraeume/items"

    /// Raw requests and the status each must get.
    static func requests(token: String) -> [(name: String, raw: String, status: Int)] {
        func get(_ uri: String) -> String { "GET \(uri) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" }
        func post(_ uri: String, _ body: String, chunked: Bool = false) -> String {
            let framing = chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: \(body.utf8.count)\r\n"
            return "POST \(uri) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer \(token)\r\n"
                + "Content-Type: application/json\r\n\(framing)\r\n\(body)"
        }
        let deep = String(repeating: "[", count: 30_000) + String(repeating: "]", count: 30_000)
        return [
            ("offset at Int.max", get(items + "?offset=9223372036854775807"), 400),
            ("limit beyond Int64", get(items + "?limit=99999999999999999999"), 400),
            ("bbox of ±1e308", get(items + "?bbox=-1e308,-1e308,1e308,1e308"), 400),
            ("bbox with NaN", get(items + "?bbox=nan,nan,nan,nan"), 400),
            ("projected bbox far out", get(items + "?bbox=1e12,1e12,2e12,2e12&bbox-crs=EPSG:25833"), 400),
            ("tile zoom beyond Int", get("/tiles/planungsraeume/99999999999999999999/0/0.mvt"), 400),
            ("tile x negative", get("/collections/planungsraeume/tiles/WebMercatorQuad/8/-1/0"), 400),
            ("job list limit", get("/jobs?limit=9223372036854775808"), 400),
            ("job id not a UUID", get("/jobs/..%2F..%2Fetc%2Fpasswd"), 400),
            ("result file with ..", get("/jobs/0f8fad5b-d9cb-469f-a165-70867728950e/results/..%2Fjobs.sqlite"), 400),
            ("TRACE", "TRACE / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 405),
            ("chunk size zz", post("/processes/count/execution", "zz\r\n{}\r\n0\r\n\r\n", chunked: true), 400),
            ("body of nested arrays", post("/processes/count/execution", deep), 400),
            ("body over the limit", post("/processes/count/execution", String(repeating: " ", count: 70_000)), 413),
            (
                "catalogue outside the data folder",
                post("/processes/run/execution", #"{"inputs": {"file": "attack.toml"}}"#), 400
            ),
            (
                "input path escaping",
                post(
                    "/processes/count/execution",
                    #"{"inputs": {"areas": "../../etc/passwd", "id": "x", "points": "x"}}"#), 400
            ),
            (
                "header line of 100 kB",
                "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: \(String(repeating: "a", count: 100_000))\r\n\r\n", 431
            ),
        ]
    }

    @Test func theServerSurvivesEveryAttackAndAnswersHealth() async throws {
        let prepared = try await PublishedDataFixture.server(publicURL: nil)
        let data = prepared.environment.configuration.dataFolder
        try """
        version = 1
        catalogue = "/etc/os-release"
        [analysis]
        name = "attack"
        working_crs = "EPSG:25833"
        """.write(toFile: data + "/attack.toml", atomically: true, encoding: .utf8)
        let server = try TestServer(dataFolder: data, state: prepared.state) {
            $0.publish = ["lor.toml"]
            $0.maxConnections = 32
            // Long enough for a loaded machine to send a request right after connecting; the trickling head below
            // is still cut off by it.
            $0.headerTimeoutSeconds = 20
        }
        try await server.testLive { client in
            let port = try #require(client.port)
            // The first data request of a server loads the published results (minutes on a loaded machine): wait
            // for that (a condition with a deadline), so that every attack below meets a server in service.
            let warm = try await RawConnection.open(port: port)
            try await warm.send("GET /collections HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            #expect(RawConnection.status(try await warm.readUntilClosed(seconds: 900)) == 200)
            var answered: [String] = []
            for request in Self.requests(token: TestServer.token) {
                let connection = try await RawConnection.open(port: port)
                try? await connection.send(request.raw)
                let answer = try await connection.readUntilClosed(seconds: 60)
                let status = RawConnection.status(answer)
                // A server that closes without a status line for an oversized head is acceptable; a crash is not.
                let accepted = status == request.status || (request.status == 431 && [0, 400].contains(status))
                #expect(accepted, "\(request.name): \(status) \(answer.prefix(300))")
                #expect(!answer.contains("PRETTY_NAME") && !answer.contains("root:x:"), "\(request.name) leaks a file")
                answered.append("\(request.name) → \(status)")
            }
            // Idle connections beyond the limit and a head that never completes.
            var idle: [RawConnection] = []
            defer { idle.forEach { $0.close() } }
            for _ in 0..<64 { idle.append(try await RawConnection.open(port: port)) }
            let slow = try await RawConnection.open(port: port)
            // Held open while /health is asked: the server must answer beside it, and cut it after the header
            // timeout (20 s; the newest connection, so the limit's evictions of the longest idle do not take it).
            try await slow.send("GET /health HTTP/1.1\r\nX-Slow: ")
            let health = try await RawConnection.open(port: port)
            try await health.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            let answer = try await health.readUntilClosed()
            #expect(RawConnection.status(answer) == 200, "\(answer.prefix(300))")
            #expect(await slow.closedByServer(within: 90), "the trickling head is cut off after the header timeout")
            print(
                "figures: attacks answered: \(answered.joined(separator: "; ")); /health after them: \(RawConnection.status(answer))"
            )
        }
    }
}
