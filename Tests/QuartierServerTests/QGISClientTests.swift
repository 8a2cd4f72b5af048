import Foundation
import HTTPTypes
import HummingbirdTesting
import QuartierServer
import QuartierTestSupport
import Testing
import QuartierService

/// QGIS itself as the client (issue 24, item 1): its OAPIF provider (QGIS 3.22 from Debian's `python3-qgis`,
/// headless) loads the published 542 Planungsräume from a live loopback server without `public_url` — which
/// needs every link absolute, built from the request's Host. Skipped where PyQGIS is not installed. Item 2: its
/// vector tile provider draws the served tiles with a published QGIS style.
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

    /// Issue 24, item 2, as a GIS technician meets it: QGIS 3.22 loads the published vector tiles from a live server
    /// (a generic XYZ connection to `/tiles/tiles/{z}/{x}/{y}.mvt`) with a published QGIS style as its style URL
    /// (`/jobs/<job>/results/style-qgis-<field>.json`), lists the legend's classes as its styles and draws every
    /// class of the indicator in its colour (with `style.json` it drew everything light grey). Not skipped:
    /// `scripts/install-deps.sh --test` installs python3-qgis.
    @Test func qgisDrawsTheServedVectorTilesInEveryClassWithAPublishedQGISStyle() async throws {
        let server = try await PublishedDataFixture.server(publicURL: nil)
        try await server.testLive { client in
            let port = try #require(client.port)
            let analyses = try await client.json(.get, "/analyses")
            let job = try #require((analyses.json["analyses"] as? [[String: Any]])?.first?["served"] as? String)
            let results = try await client.json(.get, "/jobs/\(job)/results")  // a published job: no token
            let href = try #require(
                (results.json["style-qgis-GROESSE_M2.json"] as? [String: Any])?["href"] as? String,
                "\(results.json.keys)")
            let style = "http://127.0.0.1:\(port)\(pathOf(href))"
            let script = TestSupport.root.appendingPathComponent("scripts/qgis-vector-tiles.py").path
            let result = try await Self.run(
                "/usr/bin/python3", [script, "http://127.0.0.1:\(port)/tiles/tiles/{z}/{x}/{y}.mvt", style],
                environment: ["QT_QPA_PLATFORM": "offscreen", "HOME": NSTemporaryDirectory()])
            let report = try #require(
                try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
                "\(result.stdout)\(result.stderr.suffix(2000))")
            #expect(result.status == 0 && report["styleLoaded"] as? Bool == true, "\(report)")
            let (_, _, published) = try await client.json(.get, pathOf(href))
            let legend = try #require(
                ((published["metadata"] as? [String: Any])?["quartier:legend"] as? [[String: Any]])?.first)
            let labels = try #require(legend["entries"] as? [[String: String]]).compactMap { $0["label"] }
            #expect(labels.count == 5)
            #expect(report["styles"] as? [String] == labels + ["grenzen"])
            let pixels = try #require(report["pixels"] as? [String: Int])
            for label in labels {
                // 542 areas in 5 quantile classes on 1024 × 768 pixels: every class covers thousands of them.
                #expect((pixels[label] ?? 0) > 2000, "\(label): \(pixels)")
            }
            print("figures: QGIS drew the served tiles with style-qgis-GROESSE_M2.json: \(pixels)")
        }
    }
}
