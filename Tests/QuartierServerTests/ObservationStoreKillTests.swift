import Foundation
import QuartierTestSupport
import Testing

/// Issue 22, item 4: the observation store survives `kill -9` during a burst of `POST /observations`: after a
/// restart every acknowledged record is there, and every request is there whole or not at all.
@Suite("Observation store under kill -9")
struct ObservationStoreKillTests {
    @Test func everyAcknowledgedRecordSurvivesAKill() throws {
        let folder = try TestSupport.temporaryFolder("quartier-observations-kill")
        try """
        [analyses]
        publish = ["Tests/Fixtures/observations/intake.toml"]
        [jobs]
        max_queued = 1000

        """.write(to: folder.appendingPathComponent("quartier.toml"), atomically: true, encoding: .utf8)
        var server = ServeProcessTests.Server(folder: folder, port: try BackgroundProcess.freeLoopbackPort(), token: "")
        let first = try server.start()
        defer { first.kill(SIGKILL) }
        _ = try server.waitForHealth(first)
        try server.readToken()
        let probe = try server.request(
            "POST", "/observations", body: ["records": [["theme": "schulweg", "key": "01100101", "source": "probe"]]],
            prefer: false)
        #expect(probe.0 == 201, "\(probe.1)")

        // The burst: four clients, each sending requests of two records one after another, until the kill.
        let acknowledged = Locked<[(tag: String, ids: [Int])]>([])
        let sent = Locked(0)
        let stop = Locked(false)
        let client = server
        let clients = (0..<4).map { worker in
            Thread {
                var number = 0
                while !stop.withLock({ $0 }) && number < 2_000 {
                    number += 1
                    let tag = "burst-\(worker)-\(number)"
                    sent.withLock { $0 += 1 }
                    let records: [[String: Any]] = [
                        ["theme": "kita_platzmangel", "key": "01100101", "source": tag, "text": "KILL-NOTE \(tag) a"],
                        [
                            "theme": "schulweg", "key": "01100103", "source": tag, "rating": 3,
                            "text": "KILL-NOTE \(tag) b",
                        ],
                    ]
                    guard
                        let (status, json) = try? client.request(
                            "POST", "/observations", body: ["records": records], prefer: false)
                    else { continue }
                    if status == 201, let ids = json["ids"] as? [Int] {
                        acknowledged.withLock { $0.append((tag, ids)) }
                    }
                    if status == 0 { break }  // the server is gone
                }
            }
        }
        clients.forEach { $0.start() }
        let clock = ContinuousClock.now
        while acknowledged.withLock({ $0.count }) < 150 && ContinuousClock.now - clock < .seconds(120) { usleep(5_000) }
        first.kill(SIGKILL)
        _ = first.wait()
        stop.withLock { $0 = true }
        while !clients.allSatisfy(\.isFinished) { usleep(10_000) }
        let acked = acknowledged.withLock { $0 }
        #expect(acked.count >= 150, "\(acked.count) requests acknowledged before the kill")

        let second = try server.start()
        defer { second.kill(SIGKILL) }
        _ = try server.waitForHealth(second)
        second.kill(SIGTERM)
        _ = second.wait()

        // Read the store as any SQLite client would.
        let script = """
            import json, sqlite3, sys
            con = sqlite3.connect(sys.argv[1])
            rows = con.execute("SELECT id, source, theme FROM observations").fetchall()
            print(json.dumps([[r[0], r[1], r[2]] for r in rows]))
            """
        let result = try Subprocess.run(
            "/usr/bin/env", ["python3", "-c", script, folder.appendingPathComponent("state/observations.sqlite").path])
        let rows = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[Any]], "\(result.stderr)")
        var byID: [Int: String] = [:]
        var perTag: [String: Int] = [:]
        for row in rows {
            guard let id = row[0] as? Int, let tag = row[1] as? String else { continue }
            byID[id] = tag
            perTag[tag, default: 0] += 1
        }
        var missing = 0
        for (tag, ids) in acked {
            for id in ids where byID[id] != tag { missing += 1 }
        }
        #expect(missing == 0, "\(missing) acknowledged records missing after kill -9")
        #expect(
            perTag.filter { $0.key.hasPrefix("burst-") }.values.allSatisfy { $0 == 2 }, "a request is whole or absent")
        print(
            "figures: \(sent.withLock { $0 }) requests sent, \(acked.count) acknowledged before kill -9, "
                + "\(rows.count - 1) burst records stored, none of the acknowledged missing")
    }
}
