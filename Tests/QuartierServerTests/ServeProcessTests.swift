import Foundation
import QuartierTestSupport
import Testing
import QuartierService

/// The built `quartier serve` binary on a loopback port: `kill -9` during a running job, restart, and the
/// rules of the job store: the running job failed with a reason and no partial outputs, the queued job
/// still runs, finished results unchanged.
@Suite("quartier serve (process)")
struct ServeProcessTests {
    static let executable: String = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("quartier")
        return ProcessInfo.processInfo.environment["QUARTIER_BIN"] ?? beside.path
    }()

    struct Server {
        let folder: URL
        let port: Int
        var base: String { "http://127.0.0.1:\(port)" }
        var token: String

        func start(_ environment: [String: String] = [:]) throws -> BackgroundProcess {
            let state = folder.appendingPathComponent("state").path
            return try BackgroundProcess(
                ServeProcessTests.executable,
                ["serve", "--config", folder.appendingPathComponent("quartier.toml").path, "--port", String(port),
                 "--state-dir", state, "--data-dir", TestSupport.root.path],
                environment: ["QUARTIER_WORKERS": "1", "QUARTIER_LOG_LEVEL": "notice"].merging(environment) { $1 }, in: folder)
        }

        /// Reads the token the first start created.
        mutating func readToken() throws {
            token = try String(contentsOfFile: folder.path + "/state/token", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// One request through curl: the status and the body as JSON (or raw text under "text").
        func request(_ method: String, _ path: String, body: [String: Any]? = nil, prefer: Bool = true) throws -> (Int, [String: Any]) {
            var arguments = ["-s", "-m", "600", "-w", "\n%{http_code}", "-X", method, "-H", "Authorization: Bearer \(token)"]
            if let body {
                arguments += ["-H", "Content-Type: application/json", "--data-binary",
                              String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)]
            }
            if prefer { arguments += ["-H", "Prefer: respond-async"] }
            let result = try Subprocess.run("/usr/bin/curl", arguments + [base + path])
            let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            let status = Int(lines.last ?? "") ?? 0
            let text = lines.dropLast().joined(separator: "\n")
            let json = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? ["text": text]
            return (status, json)
        }

        /// Waits until `/health` answers; returns the seconds it took.
        func waitForHealth(_ process: BackgroundProcess, limit: Double = 60) throws -> Double {
            let clock = ContinuousClock.now
            while (ContinuousClock.now - clock) < .seconds(limit) {
                if (try? request("GET", "/health", prefer: false).0) == 200 { return (ContinuousClock.now - clock) / .seconds(1) }
                usleep(20_000)
            }
            throw ServeError(message: "server did not start: \(process.stderr)")
        }

        func status(_ id: String) throws -> [String: Any] { try request("GET", "/jobs/\(id)", prefer: false).1 }

        func waitFor(_ id: String, _ states: Set<String>, limit: Double = 300) throws -> [String: Any] {
            let clock = ContinuousClock.now
            while true {
                let job = try status(id)
                if states.contains(job["status"] as? String ?? "") || (ContinuousClock.now - clock) > .seconds(limit) { return job }
                usleep(20_000)
            }
        }
    }

    struct ServeError: Error { var message: String }

    @Test func killDuringARunningJobAndRestart() throws {
        let folder = try TestSupport.temporaryFolder("quartier-serve")
        try "[jobs]\nmax_queued = 10\n".write(to: folder.appendingPathComponent("quartier.toml"), atomically: true, encoding: .utf8)
        var server = Server(folder: folder, port: try BackgroundProcess.freeLoopbackPort(), token: "")
        let first = try server.start()
        let startup = try server.waitForHealth(first)
        try server.readToken()

        let lor = "Geodata/berlin_lor_2021/berlin_lor_2021.gpkg"
        let quick: [String: Any] = ["inputs": ["areas": lor, "layer": "bezirke", "id": "BEZ_ID",
                                               "points": "Geodata/berlin_education_facilities/kitas_berlin_2022-12.geojson"]]
        let clock = ContinuousClock.now
        let (syncStatus, syncResults) = try server.request("POST", "/processes/count/execution", body: quick, prefer: false)
        let roundTrip = (ContinuousClock.now - clock) / .seconds(1)
        #expect(syncStatus == 200, "\(syncResults)")
        let finishedHref = pathOf(try #require((syncResults["report.json"] as? [String: Any])?["href"] as? String))
        let finishedID = String(finishedHref.split(separator: "/")[1])
        let before = try server.request("GET", finishedHref, prefer: false).1
        let finishedFile = folder.path + "/state/jobs/\(finishedID)/count.geojson"
        let finishedHash = try TestSupport.sha256sum(finishedFile)

        let slow: [String: Any] = ["inputs": ["areas": lor, "layer": "planungsraeume_2021", "id": "PLR_ID",
                                              "field": "GROESSE_M2", "permutations": 999_999, "threads": 1]]
        // A chunked body (no Content-Length) over the limit is cut off while it is read: 413.
        let big = folder.appendingPathComponent("big.json")
        try Data(#"{"inputs": {"id": ""#.utf8 + Array(repeating: UInt8(ascii: "x"), count: 200_000) + #""}}"#.utf8).write(to: big)
        let chunked = try Subprocess.run("/usr/bin/curl", [
            "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-H", "Authorization: Bearer \(server.token)",
            "-H", "Transfer-Encoding: chunked", "--data-binary", "@\(big.path)", server.base + "/processes/count/execution",
        ])
        #expect(chunked.stdout == "413")

        let (slowStatus, slowJob) = try server.request("POST", "/processes/hotspots/execution", body: slow)
        #expect(slowStatus == 201)
        let slowID = try #require(slowJob["jobID"] as? String)
        let (_, queuedJob) = try server.request("POST", "/processes/count/execution", body: quick)
        let queuedID = try #require(queuedJob["jobID"] as? String)
        #expect(try server.waitFor(slowID, ["running"])["status"] as? String == "running")
        let partial = folder.path + "/state/jobs/\(slowID).partial"
        #expect(FileManager.default.fileExists(atPath: partial))
        #expect(try server.status(queuedID)["status"] as? String == "accepted")

        first.kill(SIGKILL)
        #expect(first.wait() == 128 + SIGKILL)

        let second = try server.start()
        defer { second.kill(SIGKILL) }
        let restart = try server.waitForHealth(second)
        let failed = try server.status(slowID)
        #expect(failed["status"] as? String == "failed")
        #expect((failed["message"] as? String)?.contains("server stopped while this job was running") == true)
        #expect(!FileManager.default.fileExists(atPath: partial))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/state/jobs/\(slowID)"))
        let queued = try server.waitFor(queuedID, ["successful", "failed"])
        #expect(queued["status"] as? String == "successful", "\(queued)")
        let after = try server.request("GET", finishedHref, prefer: false).1
        #expect(NSDictionary(dictionary: after).isEqual(to: before), "finished results are unchanged")
        #expect(try TestSupport.sha256sum(finishedFile) == finishedHash)
        #expect(try server.status(finishedID)["status"] as? String == "successful")
        #expect(second.stderr.contains("1 job(s) were running when the server stopped"))
        second.kill(SIGTERM)
        #expect(second.wait() == 0, "a graceful stop exits with 0")
        print("figures: first start to /health \(startup) s; synchronous count round trip over HTTP \(roundTrip) s; restart after kill -9 to /health \(restart) s")
    }
}
