import Foundation
import HummingbirdTesting
import QuartierServer
import QuartierTestSupport
import Testing
import QuartierService

/// QGIS itself as the client (issue 24, item 1): its OAPIF provider (QGIS 3.22 from Debian's `python3-qgis`,
/// headless) loads the published 542 Planungsräume from a live loopback server without `public_url` — which
/// needs every link absolute, built from the request's Host. Skipped where PyQGIS is not installed.
@Suite("QGIS as an OGC API – Features client")
struct QGISClientTests {
    static let pyqgis = ["/usr/lib/python3/dist-packages/qgis"].contains(where: FileManager.default.fileExists)

    /// Runs a program on a thread of its own (QGIS takes seconds; the cooperative pool serves the server).
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]) async throws
        -> Subprocess.Result
    {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(
                    with: Result { try Subprocess.run(executable, arguments, environment: environment) })
            }.start()
        }
    }

    @Test(.enabled(if: pyqgis, "python3-qgis is not installed"))
    func qgisLoadsEveryFeatureOverOAPIF() async throws {
        let server = try await PublishedDataFixture.server(publicURL: nil)
        try await server.testLive { client in
            let port = try #require(client.port)
            let script = TestSupport.root.appendingPathComponent("scripts/qgis-oapif.py").path
            let result = try await Self.run(
                "/usr/bin/python3", [script, "http://127.0.0.1:\(port)", "planungsraeume"],
                environment: ["QT_QPA_PLATFORM": "offscreen", "HOME": NSTemporaryDirectory()])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr.suffix(2000))")
            #expect(result.stdout.contains("features: 542"), "\(result.stdout)")
            print(
                "figures: QGIS OAPIF read \(result.stdout.split(separator: "\n").first { $0.hasPrefix("features:") } ?? "nothing")"
            )
        }
    }
}
