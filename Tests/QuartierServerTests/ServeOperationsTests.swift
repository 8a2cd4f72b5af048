import Foundation
import QuartierTestSupport
import Testing
import QuartierService

/// The built `quartier serve` under a fake systemd: a Unix datagram socket as `$NOTIFY_SOCKET` receives
/// READY, STATUS, WATCHDOG, RELOADING and STOPPING; SIGHUP re-reads a changed limit; SIGTERM drains.
@Suite("quartier serve operations (process)")
struct ServeOperationsTests {
    typealias Server = ServeProcessTests.Server

    static func server(_ toml: String) throws -> Server {
        let folder = try TestSupport.temporaryFolder("quartier-ops")
        try toml.write(to: folder.appendingPathComponent("quartier.toml"), atomically: true, encoding: .utf8)
        return Server(folder: folder, port: try BackgroundProcess.freeLoopbackPort(), token: "")
    }

    /// A POST whose body has `bytes` bytes (declared by Content-Length): its status.
    static func post(_ server: Server, bytes: Int) throws -> Int {
        let filler = String(repeating: "x", count: bytes - #"{"inputs": {"id": ""}}"#.utf8.count)
        return try server.request("POST", "/processes/count/execution", body: ["inputs": ["id": filler]]).0
    }

    @Test func notifyWatchdogReloadAndStop() throws {
        var server = try Self.server("[limits]\nmax_body_bytes = 2048\n")
        let listener = try NotifyListener(abstract: true, folder: server.folder)
        let process = try server.start(["NOTIFY_SOCKET": listener.address, "WATCHDOG_USEC": "400000"])
        defer { process.kill(SIGKILL) }
        let clock = ContinuousClock.now
        #expect(listener.receive(seconds: 60) { _ in listener.has("READY=1") }, "\(process.stderr)")
        let ready = (ContinuousClock.now - clock) / .seconds(1)
        let readyMessage = try #require(listener.index(of: "READY=1").map { listener.messages[$0].text })
        #expect(readyMessage.contains("STATUS=serving on 127.0.0.1"), "\(readyMessage)")
        #expect(readyMessage.contains("jobs: 0 running, 0 queued"), "\(readyMessage)")
        try server.readToken()

        // WATCHDOG_USEC = 0.4 s: a notification every 0.2 s.
        let start = listener.messages.count
        listener.receive(seconds: 60) { $0.dropFirst(start).filter { $0.contains("WATCHDOG=1") }.count >= 6 }
        let times = listener.messages.dropFirst(start).filter { $0.text.contains("WATCHDOG=1") }.map(\.time)
        #expect(times.count >= 6)
        let gaps = zip(times.dropFirst(), times).map { ($0 - $1) / .seconds(1) }
        let mean = gaps.reduce(0, +) / Double(max(gaps.count, 1))
        // systemd needs one at least every WATCHDOG_USEC (0.4 s); the server sends one every half of it.
        #expect(mean > 0.15 && mean < 0.4, "mean watchdog interval \(mean) s")

        #expect(try Self.post(server, bytes: 3000) == 413)
        try "[limits]\nmax_body_bytes = 8192\n".write(
            to: server.folder.appendingPathComponent("quartier.toml"), atomically: true, encoding: .utf8)
        let beforeReload = listener.messages.count
        process.kill(SIGHUP)
        let reloaded = listener.receive(seconds: 10) { texts in
            guard let reloading = listener.index(of: "RELOADING=1", from: beforeReload) else { return false }
            return listener.index(of: "READY=1", from: reloading + 1) != nil
        }
        #expect(reloaded, "RELOADING=1 then READY=1 after SIGHUP")
        #expect(listener.messages.dropFirst(beforeReload).contains { $0.text.contains("MONOTONIC_USEC=") })
        #expect(try Self.post(server, bytes: 3000) == 400, "the new limit lets the body through to input checking")
        #expect(process.stderr.contains("configuration reloaded: changed limits.max_body_bytes"), "\(process.stderr)")

        // A file that does not validate: READY=1 with the failure in STATUS=, the previous limit stays.
        try "[limits]\nmax_body_bytes = 10\n".write(
            to: server.folder.appendingPathComponent("quartier.toml"), atomically: true, encoding: .utf8)
        let beforeBadReload = listener.messages.count
        process.kill(SIGHUP)
        #expect(
            listener.receive(seconds: 10) { _ in
                listener.messages.dropFirst(beforeBadReload).contains {
                    $0.text.hasPrefix("READY=1\nSTATUS=reload failed")
                }
            })
        #expect(try Self.post(server, bytes: 3000) == 400, "8192 is still in force")

        let beforeStop = listener.messages.count
        process.kill(SIGTERM)
        #expect(listener.receive(seconds: 30) { _ in listener.index(of: "STOPPING=1", from: beforeStop) != nil })
        #expect(process.wait() == 0)
        #expect(process.stderr.contains("stopped; job store closed"))
        print(
            "figures: start to READY=1 \(ready) s; watchdog notifications \(times.count), mean interval \(mean) s (WATCHDOG_USEC 0.4 s)"
        )
    }

    @Test func sigtermDrainsRunningJobs() throws {
        var server = try Self.server("[jobs]\nshutdown_timeout_seconds = 60\n")
        let listener = try NotifyListener(abstract: false, folder: server.folder)
        let lor = "Geodata/berlin_lor_2021/berlin_lor_2021.gpkg"
        func hotspots(_ permutations: Int) -> [String: Any] {
            [
                "inputs": [
                    "areas": lor, "layer": "planungsraeume_2021", "id": "PLR_ID", "field": "GROESSE_M2",
                    "permutations": permutations, "threads": 1,
                ]
            ]
        }

        // 1. A job that ends within the timeout: the server waits for it, answering /ready with 503 meanwhile.
        let first = try server.start(["NOTIFY_SOCKET": listener.address])
        defer { first.kill(SIGKILL) }
        #expect(listener.receive(seconds: 60) { _ in listener.has("READY=1") }, "\(first.stderr)")
        try server.readToken()
        let (status, job) = try server.request("POST", "/processes/hotspots/execution", body: hotspots(9_999))
        #expect(status == 201)
        let id = try #require(job["jobID"] as? String)
        #expect(try server.waitFor(id, ["running"])["status"] as? String == "running")
        let clock = ContinuousClock.now
        first.kill(SIGTERM)
        #expect(listener.receive(seconds: 10) { _ in listener.has("STOPPING=1") })
        #expect(listener.has("STATUS=stopping: waiting up to 60 s for 1 running job(s)"))
        let (readyStatus, ready) = try server.request("GET", "/ready", prefer: false)
        #expect(readyStatus == 503)
        #expect(ready["status"] as? String == "stopping")
        #expect(first.wait() == 0)
        let drained = (ContinuousClock.now - clock) / .seconds(1)
        #expect(first.stderr.contains("1 running job(s) ended"), "\(first.stderr)")

        // 2. A job that outlasts shutdown_timeout_seconds: recorded as failed, partial outputs removed.
        try "[jobs]\nshutdown_timeout_seconds = 1\n".write(
            to: server.folder.appendingPathComponent("quartier.toml"), atomically: true, encoding: .utf8)
        let second = try server.start()
        defer { second.kill(SIGKILL) }
        _ = try server.waitForHealth(second)
        #expect(try server.status(id)["status"] as? String == "successful", "the drained job kept its result")
        let (_, slow) = try server.request("POST", "/processes/hotspots/execution", body: hotspots(999_999))
        let slowID = try #require(slow["jobID"] as? String)
        #expect(try server.waitFor(slowID, ["running"])["status"] as? String == "running")
        let timeoutClock = ContinuousClock.now
        second.kill(SIGTERM)
        #expect(second.wait() == 0)
        let stopped = (ContinuousClock.now - timeoutClock) / .seconds(1)
        #expect(stopped < 60, "stopped \(stopped) s after SIGTERM with a 1 s timeout (the job alone would run for minutes)")
        #expect(second.stderr.contains("recorded as failed: \(slowID)"), "\(second.stderr)")

        let third = try server.start()
        defer { third.kill(SIGKILL) }
        _ = try server.waitForHealth(third)
        let failed = try server.status(slowID)
        #expect(failed["status"] as? String == "failed")
        #expect((failed["message"] as? String)?.contains("shutdown_timeout_seconds") == true, "\(failed)")
        #expect(!FileManager.default.fileExists(atPath: server.folder.path + "/state/jobs/\(slowID).partial"))
        third.kill(SIGTERM)
        #expect(third.wait() == 0)
        print(
            "figures: SIGTERM to exit with one running job (9 999 permutations) \(drained) s; with a job past a 1 s shutdown timeout \(stopped) s"
        )
    }
}
