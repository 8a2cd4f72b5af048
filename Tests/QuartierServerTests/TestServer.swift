import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import NIOPosix
import QuartierServer
import QuartierTestSupport
import Testing
import QuartierService

/// A server on a temporary state folder with a known token, reading the repository as its data folder
/// (so `Geodata/…` are valid file inputs), tested in-process through HummingbirdTesting's router client.
struct TestServer {
    static let token = "quartier-test-token-0123456789"
    static let auth: HTTPFields = [.authorization: "Bearer \(token)"]
    /// The read token: reads internal-tier outputs, writes nothing.
    static let readToken = "quartier-test-read-token-0123456789"
    static let readAuth: HTTPFields = [.authorization: "Bearer \(readToken)"]

    let environment: ServerEnvironment
    let application: Application<RouterResponder<BasicRequestContext>>
    let state: URL
    let logger: Logger

    init(
        dataFolder: String = TestSupport.root.path, state: URL? = nil, catalog: ProcessCatalog = .standard,
        _ configure: (inout ServerConfiguration) -> Void = { _ in }
    ) throws {
        self.state = try state ?? TestSupport.temporaryFolder("quartier-server")
        let tokenFile = self.state.appendingPathComponent("token").path
        try Self.token.write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let readTokenFile = self.state.appendingPathComponent("read-token").path
        try Self.readToken.write(toFile: readTokenFile, atomically: true, encoding: .utf8)
        var configuration = ServerConfiguration()
        configuration.dataFolder = dataFolder
        configuration.stateFolder = self.state.appendingPathComponent("state").path
        configuration.tokenFile = tokenFile
        configuration.readTokenFile = readTokenFile
        configuration.port = 0
        // A test client connects before its test body runs, and a loaded machine may not run that body for
        // seconds: the connection timeouts are the tests' own business (ConnectionLimitTests set short ones).
        configuration.headerTimeoutSeconds = 600
        configuration.idleTimeoutSeconds = 600
        configure(&configuration)
        var logger = Logger(label: "quartier-test")
        logger.logLevel = .warning
        environment = try ServerEnvironment(configuration: configuration, catalog: catalog, logger: logger)
        self.logger = logger
        application = QuartierServer.application(environment, logger: logger)
    }

    /// Runs `body` against the router, with the scheduler and published analyses running (in the test's task: no
    /// network, no timeouts).
    func test<T: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        try await application.test(.router, body)
    }

    /// Runs `body` against the server listening on a loopback port (the whole channel pipeline, as deployed).
    ///
    /// The server runs as `quartier serve` runs it, every task on event loops (`QuartierServer.onEventLoops`), and
    /// on an event loop of its own: not on Swift's cooperative pool, which the other suites of the test process keep
    /// busy with blocking work (subprocesses, GDAL) so that a continuation queued there waits behind all of them —
    /// the live client's 20 s read timeout then fired (`make test` hung in this test) — and not on NIO's shared
    /// loops either, which other tests' code may block.
    func testLive<T: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let live = QuartierServer.application(environment, logger: logger, eventLoopGroup: .shared(group))
        do {
            let result = try await QuartierServer.onEventLoops(EventLoopTaskExecutor(group)) {
                try await live.test(.live, body)
            }
            try await group.shutdownGracefully()
            return result
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }
}

/// The path and query of a link: links are absolute (from `public_url` or the request's Host), the test
/// clients take paths.
func pathOf(_ href: String) -> String {
    guard let url = URLComponents(string: href), url.host != nil else { return href }
    return url.percentEncodedPath + (url.percentEncodedQuery.map { "?" + $0 } ?? "")
}

/// Requests and JSON as the tests use them.
extension TestClientProtocol {
    func json(
        _ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], body: String? = nil
    ) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, json: [String: Any]) {
        try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            let data = Data(response.body.readableBytesView)
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            return (response.status, response.headers, object)
        }
    }

    /// POST /processes/{id}/execution with the token; `async` adds `Prefer: respond-async`.
    func submit(
        _ process: String, _ inputs: [String: JSONValue], async: Bool = true
    ) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, json: [String: Any]) {
        var headers = TestServer.auth
        if async { headers[HTTPField.Name("Prefer")!] = "respond-async" }
        let body = String(decoding: JSONValue.object(["inputs": .object(inputs)]).encoded(), as: UTF8.self)
        return try await json(.post, "/processes/\(process)/execution", headers: headers, body: body)
    }

    /// Polls a job until it has finished (or 300 s have passed) and returns its last status document.
    func poll(_ id: String) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(300)
        while true {
            let (answer, _, job) = try await json(.get, "/jobs/\(id)")
            let status = job["status"] as? String ?? ""
            // A dismissed job answers 404.
            if answer != .ok || ["successful", "failed"].contains(status) || ContinuousClock.now > deadline { return job }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Polls `/ready` until it answers 200 (or `seconds` have passed) and returns the last answer.
    func waitUntilReady(seconds: Int = 120) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, json: [String: Any]) {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var ready = try await json(.get, "/ready")
        while ready.status != .ok && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
            ready = try await json(.get, "/ready")
        }
        return ready
    }

    /// Fetches a result file with the token.
    func file(_ href: String) async throws -> (status: HTTPResponse.Status, data: Data) {
        try await execute(uri: href, method: .get, headers: TestServer.auth) { response in
            (response.status, Data(response.body.readableBytesView))
        }
    }
}
