import Foundation
import HTTPTypes
import HummingbirdTesting
import QuartierServer
import QuartierService
import QuartierTestSupport
import Testing

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
    /// (`/styles/<analysis>-qgis-<field>.json`, the job's `style-qgis-<field>.json`), lists the legend's classes as its styles and draws every
    /// class of the indicator in its colour (with `style.json` it drew everything light grey): at a point inside
    /// each area of the view, the pixel QGIS drew is the colour of the class the area's published value falls in by
    /// `tilejson.json`'s breaks (upper bounds inclusive), at the style's fill opacity 0.85 over white.
    @Test(.enabled(if: pyqgis, "python3-qgis (QGIS 3.22) is not installed: scripts/install-deps.sh --test installs it"))
    func qgisDrawsTheServedVectorTilesInEveryClassWithAPublishedQGISStyle() async throws {
        let server = try await PublishedDataFixture.server(publicURL: nil)
        try await server.testLive { client in
            let port = try #require(client.port)
            let analyses = try await client.json(.get, "/analyses")
            let job = try #require((analyses.json["analyses"] as? [[String: Any]])?.first?["served"] as? String)
            let results = try await client.json(.get, "/jobs/\(job)/results")  // a published job: no token
            func href(_ file: String) throws -> String {
                try #require(
                    (results.json[file] as? [String: Any])?["href"] as? String, "\(file): \(results.json.keys)")
            }
            // The styles, as /analyses links them: the web map's and one QGIS style per thematic layer, at URLs that
            // stay when a new job replaces this one.
            let links = try #require(
                (analyses.json["analyses"] as? [[String: Any]])?.first?["links"] as? [[String: Any]])
            let styles = links.filter { $0["rel"] as? String == "stylesheet" }
            #expect(
                styles.compactMap { ($0["href"] as? String).map(pathOf) } == [
                    "/styles/lor.json", "/styles/lor-qgis-GROESSE_M2.json",
                ], "\(links)")
            #expect(styles.map { $0["title"] as? String } == ["MapLibre style", "QGIS style: GROESSE_M2"])
            let style = "/styles/lor-qgis-GROESSE_M2.json"
            let areas = try href("plr_public.geojson")
            let script = TestSupport.root.appendingPathComponent("scripts/qgis-vector-tiles.py").path
            let result = try await Self.run(
                "/usr/bin/python3",
                [
                    script, "http://127.0.0.1:\(port)/tiles/tiles/{z}/{x}/{y}.mvt",
                    "http://127.0.0.1:\(port)\(style)", "http://127.0.0.1:\(port)\(pathOf(areas))",
                ],
                environment: ["QT_QPA_PLATFORM": "offscreen", "HOME": NSTemporaryDirectory()])
            let report = try #require(
                try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
                "\(result.stdout)\(result.stderr.suffix(2000))")
            #expect(result.status == 0 && report["styleLoaded"] as? Bool == true, "\(report)")
            let (_, _, published) = try await client.json(.get, style)
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

            // The colour drawn inside each area against its class by the published breaks.
            let (_, _, tilejson) = try await client.json(.get, pathOf(try href("tilejson.json")))
            let indicator = try #require(
                (tilejson["quartier:indicators"] as? [[String: Any]])?.first { $0["field"] as? String == "GROESSE_M2" })
            let breaks = try #require(indicator["breaks"] as? [Double])
            let colours = try #require(indicator["legend"] as? [[String: Any]]).compactMap { $0["color"] as? String }
            let probes = try #require(report["areas"] as? [String: [String: Any]])
            var classes: [Int: Int] = [:]
            var wrong: [String] = []
            for (id, probe) in probes.sorted(by: { $0.key < $1.key }) {
                let value = try #require(probe["value"] as? Double, "\(id): \(probe)")
                let drawn = try #require((probe["pixel"] as? String).flatMap(Self.rgb), "\(id): \(probe)")
                let c = breaks.dropLast().firstIndex { value <= $0 } ?? breaks.count - 1
                let expected = try #require(Self.rgb(colours[c])).map { (0.85 * Double($0) + 0.15 * 255).rounded() }
                classes[c, default: 0] += 1
                if zip(drawn, expected).contains(where: { abs(Double($0) - $1) > 3 }) {
                    wrong.append("\(id) (\(value), class \(c + 1) \(colours[c])): \(probe["pixel"] ?? "")")
                }
            }
            #expect(probes.count >= 100, "\(probes.count) areas probed")
            #expect(classes.keys.sorted() == Array(0..<5), "\(classes)")
            #expect(wrong.isEmpty, "\(wrong.count) of \(probes.count): \(wrong.prefix(5))")
            print(
                "figures: QGIS drew the served tiles with style-qgis-GROESSE_M2.json: \(pixels); \(probes.count) areas "
                    + "probed, per class \(classes.sorted { $0.key < $1.key }.map(\.value)), \(wrong.count) in a wrong colour"
            )
        }
    }

    /// `#rrggbb` as red, green, blue.
    static func rgb(_ hex: String) -> [Int]? {
        guard hex.count == 7, hex.hasPrefix("#"), let n = Int(hex.dropFirst(), radix: 16) else { return nil }
        return [n >> 16 & 255, n >> 8 & 255, n & 255]
    }
}
