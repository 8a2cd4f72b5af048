import Foundation
import QuartierTestSupport
import Testing
import QuartierService

/// `quartier serve` runs every task on NIO's event loops (they are its global executor), so one blocking call in
/// a route, a service or a job's bookkeeping stalls every connection of that loop. A job keeps both cores busy on
/// threads of its own while `/health` is asked again and again on new connections (which NIO spreads over its
/// loops): every answer comes within a few seconds. Were the job's work run on an event loop (as it would be by
/// calling it directly instead of through `JobOutputs.onThread`), the answers on that loop would wait for the
/// whole job — this test fails then.
@Suite("event loops never block (process)")
struct EventLoopBlockingTests {
    typealias Server = ServeProcessTests.Server

    @Test func healthAnswersWhileAJobKeepsBothCoresBusy() throws {
        let folder = try TestSupport.temporaryFolder("quartier-loops")
        defer { try? FileManager.default.removeItem(at: folder) }
        try "[jobs]\nmax_queued = 10\n".write(
            to: folder.appendingPathComponent("quartier.toml"), atomically: true, encoding: .utf8)
        var server = Server(folder: folder, port: try BackgroundProcess.freeLoopbackPort(), token: "")
        let process = try server.start(["QUARTIER_WORKERS": "2"])
        defer { process.kill(SIGKILL) }
        _ = try server.waitForHealth(process)
        try server.readToken()

        let heavy: [String: Any] = [
            "inputs": [
                "areas": "Geodata/berlin_lor_2021/berlin_lor_2021.gpkg", "layer": "planungsraeume_2021", "id": "PLR_ID",
                "field": "GROESSE_M2", "permutations": 999_999, "threads": 2,
            ]
        ]
        let (status, job) = try server.request("POST", "/processes/hotspots/execution", body: heavy)
        #expect(status == 201, "\(job)")
        let id = try #require(job["jobID"] as? String)
        #expect(try server.waitFor(id, ["running"])["status"] as? String == "running")

        // 60 answers while the job runs (it takes minutes with 999,999 permutations), each on a new connection.
        var slowest = 0.0
        var answered = 0
        for _ in 0..<60 {
            let clock = ContinuousClock.now
            let (health, _) = try server.request("GET", "/health", prefer: false)
            slowest = max(slowest, (ContinuousClock.now - clock) / .seconds(1))
            if health == 200 { answered += 1 }
        }
        #expect(try server.status(id)["status"] as? String == "running", "the job was still running meanwhile")
        #expect(answered == 60)
        #expect(slowest < 3, "slowest /health answer \(slowest) s while a job ran")
    }
}
