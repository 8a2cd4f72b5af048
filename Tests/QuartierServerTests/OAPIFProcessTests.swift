import Foundation
import QuartierTestSupport
import Testing
import QuartierService

/// GDAL's OGC API – Features driver (`OAPIF:`, GDAL 3.6) against the built `quartier serve` binary on a
/// loopback port: it lists the collections and reads all 542 Planungsräume through pages of 50.
@Suite("OAPIF client (GDAL, process)")
struct OAPIFProcessTests {
    @Test func gdalListsTheCollectionsAndPagesThroughAllFeatures() async throws {
        let prepared = try await PublishedDataFixture.prepared.value
        let folder = try TestSupport.temporaryFolder("quartier-oapif")
        try FileManager.default.removeItem(at: folder)
        try FileManager.default.copyItem(at: prepared.state, to: folder)
        try "[analyses]\npublish = [\"lor.toml\"]\n".write(
            to: folder.appendingPathComponent("quartier.toml"), atomically: true, encoding: .utf8)
        let port = try BackgroundProcess.freeLoopbackPort()
        let server = try BackgroundProcess(
            ServeProcessTests.executable,
            ["serve", "--config", folder.appendingPathComponent("quartier.toml").path, "--port", String(port),
             "--state-dir", folder.appendingPathComponent("state").path, "--data-dir", prepared.data.path],
            environment: ["QUARTIER_LOG_LEVEL": "debug"], in: folder)  // requests are logged at debug level
        defer { server.kill(SIGKILL) }
        let base = "http://127.0.0.1:\(port)"
        // The server is another process, with no event this test could wait on: a short poll of /ready with a deadline.
        let clock = ContinuousClock.now
        while try Subprocess.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", base + "/ready"]).stdout != "200" {
            guard ContinuousClock.now - clock < .seconds(60) else { Issue.record(Comment(rawValue: "not ready: " + server.stderr)); return }
            try await Task.sleep(for: .milliseconds(50))
        }
        let listing = try Subprocess.run("/usr/bin/ogrinfo", ["-ro", "-so", "OAPIF:" + base])
        #expect(listing.status == 0, "\(listing.stderr)")
        #expect(listing.stdout.contains("planungsraeume"), "\(listing.stdout)")
        let rows = try Subprocess.run(
            "/usr/bin/ogr2ogr", ["-f", "CSV", "/vsistdout/", "OAPIF:" + base, "planungsraeume", "-oo", "PAGE_SIZE=50", "-select", "PLR_ID"])
        #expect(rows.status == 0, "\(rows.stderr)")
        let lines = rows.stdout.split(separator: "\n").dropFirst()
        #expect(lines.count == 542 && Set(lines).count == 542, "\(rows.stdout.prefix(400))")
        let pages = server.stderr.components(separatedBy: "/collections/planungsraeume/items").count - 1
        #expect(pages >= 11, "542 features in pages of 50 need 11 requests; the log shows \(pages)")
        print("figures: GDAL OAPIF read 542 features in \(pages) page request(s)")
    }
}
