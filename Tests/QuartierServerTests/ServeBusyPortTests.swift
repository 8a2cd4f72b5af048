import Foundation
import QuartierTestSupport
import Testing
import QuartierService

/// `quartier serve` on a port another process listens on stops at once with exit 1 and a message naming
/// host:port — before it recovers the store or runs a published analysis (issue 25, item 10).
@Suite("quartier serve on a busy port")
struct ServeBusyPortTests {
    /// A socket listening on a free loopback port; closed by the caller.
    static func occupyPort() throws -> (descriptor: Int32, port: Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ServeProcessTests.ServeError(message: "socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(descriptor, raw, length) == 0 && listen(descriptor, 4) == 0
                    && getsockname(descriptor, raw, &length) == 0
            }
        }
        guard bound else { throw ServeProcessTests.ServeError(message: "cannot listen on a loopback port") }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    @Test func aBusyPortIsReportedBeforeAnyJobRuns() throws {
        let (descriptor, port) = try Self.occupyPort()
        defer { close(descriptor) }
        let folder = try TestSupport.temporaryFolder("quartier-busy-port")
        // A published analysis that would run first thing if the server got that far.
        try "[analyses]\npublish = [\"Config/analyses/berlin-demo.toml\"]\n"
            .write(to: folder.appendingPathComponent("quartier.toml"), atomically: true, encoding: .utf8)
        let state = folder.appendingPathComponent("state").path
        let started = ContinuousClock.now
        let process = try BackgroundProcess(
            ServeProcessTests.executable,
            [
                "serve", "--config", folder.appendingPathComponent("quartier.toml").path, "--host", "127.0.0.1",
                "--port", String(port), "--state-dir", state, "--data-dir", TestSupport.root.path,
            ],
            environment: ["QUARTIER_LOG_LEVEL": "notice"], in: folder)
        // Polls for the end (a deadline, not a fixed wait); a server that keeps running fails the test.
        var status: Int32 = 0
        var ended = false
        while !ended, ContinuousClock.now - started < .seconds(60) {
            ended = waitpid(process.pid, &status, WNOHANG) == process.pid
            if !ended { usleep(20_000) }
        }
        if !ended { process.kill(SIGKILL) }
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        #expect(ended, "quartier serve still runs on a busy port after \(seconds) s: \(process.stderr)")
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        #expect(code == 1, "exit \(code): \(process.stderr)")
        #expect(process.stderr.contains("127.0.0.1:\(port)"), "\(process.stderr)")
        #expect(!process.stderr.contains("running it as job"), "no published analysis runs: \(process.stderr)")
        #expect(!FileManager.default.fileExists(atPath: state + "/jobs.sqlite"), "the job store is not even opened")
        print("figures: busy port reported after \(seconds) s")
    }
}
