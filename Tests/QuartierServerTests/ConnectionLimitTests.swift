import Foundation
import HTTPTypes
import HummingbirdTesting
import QuartierServer
import QuartierTestSupport
import Testing
import QuartierService

/// Idle and slow connections cannot take the server's descriptors (issue 25, item 4): more idle connections
/// than `[limits] max_connections` leave `/health` answering, idle connections are closed after
/// `idle_timeout_seconds`, and a head that trickles in is cut off after `header_timeout_seconds`.
@Suite("Connection limits")
struct ConnectionLimitTests {
    /// A small limit and short timeouts, so that the test holds a few connections for about a second.
    static func server(idle: Double = 1, header: Double = 1) throws -> TestServer {
        try TestServer {
            $0.maxConnections = 20
            $0.idleTimeoutSeconds = idle
            $0.headerTimeoutSeconds = header
        }
    }

    @Test func healthAnswersWithMoreIdleConnectionsThanTheLimit() async throws {
        // Timeouts far longer than the test: only the limit can make room.
        let server = try Self.server(idle: 300, header: 300)
        try await server.testLive { client in
            let port = try #require(client.port)
            var idle: [RawConnection] = []
            defer { idle.forEach { $0.close() } }
            for _ in 0..<50 { idle.append(try await RawConnection.open(port: port)) }
            // Each attempt opens a new connection, which must be admitted and answered while 50 idle ones are held
            // (the test client's own connection, idle longest, is among those that make room).
            for _ in 0..<3 {
                #expect(try await Self.health(port) == 200)
            }
            // The oldest idle connections made room: at most the limit stays open (the client sees a close a moment
            // after the server made it: a condition with a deadline).
            let deadline = ContinuousClock.now + .seconds(30)
            var stillOpen = idle.filter(\.isOpen).count
            while stillOpen > 20, ContinuousClock.now < deadline {
                await RawConnection.pause(0.02)
                stillOpen = idle.filter(\.isOpen).count
            }
            #expect(stillOpen <= 20, "\(stillOpen) idle connections still open with a limit of 20")
        }
    }

    @Test func idleConnectionsAreClosedAfterTheIdleTimeout() async throws {
        // Timeouts far apart, so that the time of each close shows which one fired.
        let server = try Self.server(idle: 1, header: 20)
        try await server.testLive { client in
            let port = try #require(client.port)
            // One after a complete keep-alive request (idle: 1 s after its answer), one that never sends anything
            // (no head within the header timeout, 20 s).
            let used = try await RawConnection.open(port: port)
            let silent = try await RawConnection.open(port: port)
            let opened = ContinuousClock.now
            try await used.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(await used.closedByServer(within: 60), "an idle keep-alive connection is closed after the timeout")
            #expect(RawConnection.status(used.text) == 200, "the request was answered first: \(used.text.prefix(100))")
            // By the idle timeout (1 s after the answer), well before the header timeout (20 s) could have fired.
            let idleClosed = ContinuousClock.now - opened
            #expect(idleClosed < .seconds(10), "closed by the idle timeout (1 s): after \(idleClosed)")
            #expect(await silent.closedByServer(within: 60), "a silent connection is closed after the header timeout")
            // Not by the idle timeout: by the header timeout, counted from the server's accept (after `opened`).
            let silentClosed = ContinuousClock.now - opened
            #expect(silentClosed > .seconds(19), "closed by the header timeout (20 s): after \(silentClosed)")
        }
    }

    @Test func aHeadThatTricklesInIsCutOff() async throws {
        let server = try Self.server(idle: 300, header: 1)
        try await server.testLive { client in
            let port = try #require(client.port)
            let slow = try await RawConnection.open(port: port)
            let started = ContinuousClock.now
            try await slow.send("GET /health HTTP/1.1\r\n")
            // A header line every 200 ms: the connection is never idle for long, but the head never completes.
            var closed = false
            for n in 0..<100 where !closed {
                await RawConnection.pause(0.2)
                closed = !slow.isOpen
                if !closed { try? await slow.send("X-Slow-\(n): a\r\n") }
            }
            #expect(closed, "the trickling head is still open")
            #expect(ContinuousClock.now - started < .seconds(10))
            #expect(try await Self.health(port) == 200)
        }
    }

    /// `GET /health` on a new connection: the status (0 when there was no answer).
    static func health(_ port: Int) async throws -> Int {
        let connection = try await RawConnection.open(port: port)
        try await connection.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        return RawConnection.status(try await connection.readUntilClosed())
    }

    @Test func configurationKeysAreReadAndChecked() throws {
        let folder = try TestSupport.temporaryFolder("quartier-limits")
        let file = folder.appendingPathComponent("quartier.toml")
        try "[limits]\nmax_connections = 300\nidle_timeout_seconds = 30\nheader_timeout_seconds = 5.5\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let configuration = try ServerConfiguration.load(file: file.path)
        #expect(configuration.maxConnections == 300)
        #expect(configuration.idleTimeoutSeconds == 30 && configuration.headerTimeoutSeconds == 5.5)
        try "[limits]\nmax_connections = 0\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { try ServerConfiguration.load(file: file.path) }
    }
}
