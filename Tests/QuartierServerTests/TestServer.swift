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
    func test<T: Sendable>(_ body: @Sendable (ServerClient) async throws -> T) async throws -> T {
        let environment = environment
        return try await application.test(.router) { client in
            try await body(ServerClient(base: client, environment: environment))
        }
    }

    /// Runs `body` against the server listening on a loopback port (the whole channel pipeline, as deployed).
    ///
    /// The server runs as `quartier serve` runs it, every task on event loops (`QuartierServer.onEventLoops`), and
    /// on an event loop of its own: not on Swift's cooperative pool, which the other suites of the test process keep
    /// busy with blocking work (subprocesses, GDAL) so that a continuation queued there waits behind all of them —
    /// the live client's 20 s read timeout then fired (`make test` hung in this test) — and not on NIO's shared
    /// loops either, which other tests' code may block.
    func testLive<T: Sendable>(_ body: @Sendable (ServerClient) async throws -> T) async throws -> T {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let live = QuartierServer.application(environment, logger: logger, eventLoopGroup: .shared(group))
        let environment = environment
        do {
            let result = try await QuartierServer.onEventLoops(EventLoopTaskExecutor(group)) {
                try await live.test(.live) { client in
                    try await body(ServerClient(base: client, environment: environment))
                }
            }
            try await group.shutdownGracefully()
            return result
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }
}

/// The client a test body gets: HummingbirdTesting's client (the router's, or a live one on a loopback port) with the
/// server it talks to, so that a test waits for the server's state by its events — the condition read again after
/// every change to the job store (`JobStore.changes`), with a deadline — instead of polling with `Task.sleep`.
struct ServerClient: TestClientProtocol {
    let base: any TestClientProtocol
    let environment: ServerEnvironment

    func executeRequest(
        uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?
    ) async throws -> TestResponse {
        try await base.executeRequest(uri: uri, method: method, headers: headers, body: body)
    }

    var port: Int? { base.port }

    /// Waits until a job has finished or is gone (a dismissed job), read after every change to the job store, at
    /// most `seconds`; returns its status document (a dismissed job's is the 404 problem).
    func poll(_ id: String, seconds: Int = 300) async throws -> [String: Any] {
        let store = environment.store
        _ = try await store.changes.wait(until: .now + .seconds(seconds)) {
            try store.job(id)?.status.isFinished ?? true
        }
        return try await json(.get, "/jobs/\(id)").json
    }

    /// Waits until the server is ready (every published analysis has run), read after every change to the job store
    /// and once the published analyses are submitted, at most `seconds`; returns the `/ready` answer.
    func waitUntilReady(seconds: Int = 120) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, json: [String: Any]) {
        let environment = environment
        _ = try await environment.store.changes.wait(until: .now + .seconds(seconds)) {
            try !environment.isDraining && environment.published.isReady()
        }
        return try await json(.get, "/ready")
    }

    /// Waits until `condition` on the job store holds, read now and after every change to the store, at most
    /// `seconds`. - Returns: whether it held.
    func wait(seconds: Int = 300, until condition: (JobStore) throws -> Bool) async throws -> Bool {
        let store = environment.store
        return try await store.changes.wait(until: .now + .seconds(seconds)) { try condition(store) }
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

    /// Fetches a result file with the token.
    func file(_ href: String) async throws -> (status: HTTPResponse.Status, data: Data) {
        try await execute(uri: href, method: .get, headers: TestServer.auth) { response in
            (response.status, Data(response.body.readableBytesView))
        }
    }
}
