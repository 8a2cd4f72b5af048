import Foundation
import Hummingbird
import HummingbirdTesting
import QuartierModel
import QuartierServer
import QuartierService
import QuartierTestSupport
import Testing

/// The HTTP edge of the error kinds (`FailureKind`): `ProblemMiddleware` answers a thrown `QuartierFailure` of
/// kind bad input with 400 and its message, an internal one with 500 and a detail that says nothing about the
/// server; a synchronous job that fails on a broken analysis file answers 400 naming the file and the line.
@Suite("Error kinds at the HTTP edge")
struct ProblemKindTests {
    /// A router with the problem middleware and one route per kind of error.
    static func application() -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: ProblemMiddleware())
        router.get("/bad-field") { _, _ -> Response in
            throw TableReadError(.inconsistentRow, "field 'kitas' is missing", path: "a.csv", line: 7)
                .withContext("[[join]] 'kitas'")
        }
        router.get("/bad-input") { _, _ -> Response in throw InputError("input 'k' must be an integer") }
        router.get("/internal") { _, _ -> Response in
            throw QuartierError.internal("the job store at /var/lib/quartier is corrupt")
        }
        router.get("/internal-context") { _, _ -> Response in
            throw QuartierError.user("layer 'x' cannot be read").withContext("published file", kind: .internalFailure)
        }
        return Application(router: router)
    }

    static func problem(_ client: some TestClientProtocol, _ uri: String) async throws -> (Int, String, String?) {
        try await client.execute(uri: uri, method: .get) { response in
            let json = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any]
            return (response.status.code, json?["detail"] as? String ?? "", response.headers[.contentType])
        }
    }

    @Test func badInputIs400WithTheMessage() async throws {
        try await Self.application().test(.router) { client in
            let (status, detail, type) = try await Self.problem(client, "/bad-field")
            #expect(status == 400 && type == "application/problem+json")
            #expect(detail == "[[join]] 'kitas': file 'a.csv', line 7: field 'kitas' is missing")
            let (inputStatus, inputDetail, _) = try await Self.problem(client, "/bad-input")
            #expect(inputStatus == 400 && inputDetail == "input 'k' must be an integer")
        }
    }

    @Test func internalIs500WithoutServerDetails() async throws {
        try await Self.application().test(.router) { client in
            for uri in ["/internal", "/internal-context"] {
                let (status, detail, type) = try await Self.problem(client, uri)
                #expect(status == 500 && type == "application/problem+json", "\(uri)")
                #expect(detail.contains("server log") && !detail.contains("/var/lib"), "\(uri): \(detail)")
            }
        }
    }

    /// End to end: the `run` process on an analysis file with a TOML syntax error on line 3.
    @Test func brokenAnalysisFileOfASynchronousJobIs400NamingFileAndLine() async throws {
        let data = try TestSupport.temporaryFolder("quartier-problem")
        try "version = 1\n[analysis]\n[inputs.areas\n".write(
            to: data.appendingPathComponent("broken.toml"), atomically: true, encoding: .utf8)
        let server = try TestServer(dataFolder: data.path)
        try await server.test { client in
            let answer = try await client.submit("run", ["file": .string("broken.toml")], async: false)
            let detail = answer.json["detail"] as? String ?? ""
            #expect(answer.status == .badRequest, "\(answer.json)")
            #expect(detail.contains("broken.toml:3:") && detail.contains("syntax error"), "\(detail)")
        }
    }
}
