import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import QuartierTestSupport
import Testing

@testable import QuartierServer

/// Issue 20: the atlas of the Berlin demo in a real browser (headless Chromium through Selenium,
/// `Tests/Fixtures/atlas/atlas_browser.py`), served by `quartier serve` (`/atlas/berlin-demo/`) and as the static
/// export of the same run (`atlas/` of the job's folder) behind a plain file server with byte ranges. The demo runs
/// once; each browser run takes about 20–40 s. Needs Debian's `chromium` and `chromium-driver`, the PyPI
/// `selenium`, `axe-selenium-python` and the MapLibre bundle (`scripts/vendor-maplibre.sh`; `make test` sets up all).
@Suite("Atlas in headless Chromium (Berlin demo)", .serialized)
struct AtlasBrowserTests {
    static let demo = "Config/analyses/berlin-demo.toml"
    /// The switcher's entries for the demo: its three indicators and the hotspot step's two layers.
    static let themes = [
        "S4", "kitaplaetze_je_kind_u6", "kita_distance_mean", "Gi_Bin", "COType", "S4_goal_state",
        // the observations (issue 22): the two perception flags, then the four theme counts
        "beob_kita_platzmangel_perception", "beob_sprachfoerderung_perception", "beob_kita_platzmangel",
        "beob_schulweg",
        "beob_sprachfoerderung", "beob_jugendangebote",
    ]

    /// Runs the browser fixture on a thread of its own (the live server's event loop must stay free).
    static func browse(_ mode: String, _ target: String, screenshot: String) async throws -> [String: Any] {
        let result = try await withCheckedThrowingContinuation {
            (done: CheckedContinuation<Subprocess.Result, any Error>) in
            Thread {
                done.resume(
                    with: Result {
                        try Subprocess.run(
                            "/usr/bin/env",
                            ["python3", TestSupport.fixture("atlas/atlas_browser.py"), mode, target, screenshot],
                            timeout: 240)
                    })
            }.start()
        }
        try #require(result.status == 0, "atlas_browser.py failed: \(result.stderr.suffix(3000))")
        let line = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    /// What every run of the page must show, served or static.
    static func check(_ page: [String: Any], _ label: String) {
        #expect(page["ready"] as? Bool == true, "\(label): the page never became ready")
        let layers = page["layers"] as? [String: Int] ?? [:]
        #expect((layers["S4"] ?? 0) >= 400, "\(label): S4 choropleth features \(layers)")
        #expect((layers["S4-fehlend"] ?? 0) >= 1, "\(label): missing S4 values drawn \(layers)")
        #expect((layers["grenzen"] ?? 0) >= 400, "\(label): borders \(layers)")
        #expect((layers["einrichtungen"] ?? 0) >= 1000, "\(label): Kitas \(layers)")
        #expect((layers["atlas-grenzen"] ?? 0) >= 12, "\(label): district borders \(layers)")
        // At city scale the districts are named (HTML labels: no glyph server).
        #expect((page["firstLabels"] as? [String])?.contains("Friedrichshain-Kreuzberg") == true, "\(label): names")
        // The screenshot's check: most of the map is drawn in the legend's class colours.
        let choropleth = page["choropleth"] as? [String: Any] ?? [:]
        #expect((choropleth["share"] as? Double ?? 0) > 0.25, "\(label): choropleth pixels \(choropleth)")
        #expect(page["options"] as? [String] == themes, "\(label): switcher \(page["options"] ?? "")")
        // Every theme draws the areas (its class layer and, where values are missing, their layer).
        let drawn = page["themes"] as? [String: [String: Int]] ?? [:]
        for theme in themes {
            let total = drawn[theme]?.values.reduce(0, +) ?? 0
            #expect(total >= 542, "\(label): theme \(theme) drew \(drawn[theme] ?? [:])")
        }
        // Missing S4 values (the MSS's invalid ones) are hatched, on the map and in the legend (no colour needed).
        let patterns = page["patterns"] as? [String: Any] ?? [:]
        #expect(patterns["patterned"] as? [String] == ["S4-fehlend"], "\(label): \(patterns)")
        let swatches = (patterns["swatches"] as? [[Any]] ?? []).suffix(2).map { $0.first as? String }
        #expect(swatches == ["atlas-muster-geheim", "atlas-muster-fehlend"], "\(label): \(patterns)")
        let hatched = (patterns["withPatterns"] as? [String: Int])?["atlas-muster-fehlend"] ?? 0
        let flat = (patterns["withoutPatterns"] as? [String: Int])?["atlas-muster-fehlend"] ?? 0
        #expect(hatched < flat * 9 / 10, "\(label): missing grey \(hatched) hatched, \(flat) flat")
        let popup = page["popup"] as? String ?? ""
        #expect(popup.contains("e_platz: "), "\(label): Kita popup \(popup)")
        let png = page["png"] as? [String: Any] ?? [:]
        #expect(
            png["type"] as? String == "data:image/png;base64" && (png["length"] as? Int ?? 0) > 10000, "\(label): PNG")
        let legend = page["legend"] as? String ?? ""
        #expect(legend.contains("Geheimhaltung") && legend.contains("keine Angabe"), "\(label): legend \(legend)")
        #expect(legend.contains("Stand: 2020-12-31") && legend.contains("Quelle:"), "\(label): legend \(legend)")
        #expect(page["rows"] as? Int == 542, "\(label): table rows")
        let downloads = page["downloads"] as? [String] ?? []
        #expect(
            downloads.count == 3 && downloads.allSatisfy { $0.contains("planungsraeume_public.") },
            "\(label): \(downloads)")
        let profile = page["profile"] as? [String: Any] ?? [:]
        let text = profile["text"] as? String ?? ""
        #expect(profile["name"] as? String == "Stülerstraße", "\(label): profile \(profile)")
        #expect(text.contains("Berlin: ") && text.contains("Mitte (Bezirke): "), "\(label): profile text \(text)")
        #expect(profile["indicator"] as? String == "S4")
        // The panel links the area's printable profile (issue 21, item 6), which opens.
        #expect(
            (page["profileLink"] as? String)?.hasSuffix("/01100101.html") == true,
            "\(label): \(page["profileLink"] ?? "")")
        #expect(
            (page["profilePage"] as? String)?.contains("Stülerstraße") == true, "\(label): \(page["profilePage"] ?? "")"
        )
        // The profile's time series, from the public series only: a line per column and a value per step.
        let series = page["series"] as? [String: Any] ?? [:]
        let cells = series["cells"] as? [[String]] ?? []
        #expect(series["lines"] as? Int == 3, "\(label): series \(series)")
        for (column, steps) in [
            ("kinder_u6:inhabitants_age_below_6", 20), ("mss_s4:S4", 5), ("mss_s4:EW", 5),
        ] {
            #expect(cells.filter { $0.first == column }.count == steps, "\(label): \(column) in \(cells)")
        }
        #expect(cells.contains { $0 == ["kinder_u6:inhabitants_age_below_6", "2024-12-31", "165"] }, "\(label)")
        // The city's series beside the area's, from published values only (S4 over the areas with public values).
        let city = series["city"] as? [[String]] ?? []
        #expect(city.contains { $0 == ["mss_s4:S4", "2020-12-31", "25,63 %"] }, "\(label): city \(city)")
        #expect(city.filter { $0.first == "kinder_u6:inhabitants_age_below_6" }.count == 20, "\(label): city")
        #expect(
            (page["axeProfile"] as? [Any])?.isEmpty == true, "\(label): axe on the profile \(page["axeProfile"] ?? "")")
        // The goal theme: the areas coloured by the state judged from the public series, with the target in words.
        let goal = page["goal"] as? [String: Any] ?? [:]
        let goalLegend = goal["legend"] as? String ?? ""
        #expect(goal["indicator"] as? String == "S4_goal_state", "\(label): goal \(goal)")
        #expect((goal["errors"] as? [Any])?.isEmpty == true, "\(label): goal page errors \(goal)")
        #expect(
            goalLegend.contains("höchstens 25,6 % bis 2030") && goalLegend.contains("auf Kurs"),
            "\(label): \(goalLegend)")
        let goalDrawn = Set(goal["drawn"] as? [String] ?? [])
        #expect(goalDrawn.isSuperset(of: ["erreicht", "nicht_auf_kurs"]), "\(label): goal states drawn \(goalDrawn)")
        // Zoomed to the area, the names of the areas in view are drawn (without a glyph server).
        #expect(
            (page["labels"] as? [String])?.contains("Stülerstraße") == true, "\(label): names \(page["labels"] ?? "")")
        #expect((page["console"] as? [Any])?.isEmpty == true, "\(label): console \(page["console"] ?? "")")
        #expect((page["errors"] as? [Any])?.isEmpty == true, "\(label): map errors \(page["errors"] ?? "")")
        #expect((page["axe"] as? [Any])?.isEmpty == true, "\(label): axe \(page["axe"] ?? "")")
        let focus = page["focus"] as? [String] ?? []
        #expect(focus.contains("indikator") && focus.contains("suche") && focus.last == "row", "\(label): Tab \(focus)")
        let enter = page["enterOpens"] as? [String: Any] ?? [:]
        #expect(
            enter["expected"] as? String == enter["profile"] as? String && enter["profile"] != nil,
            "\(label): Enter \(enter)")
        print(
            "atlas \(label): timing \(page["timing"] ?? ""), load \(page["loadSeconds"] ?? "") s, axe minor \(page["axeMinor"] ?? "")"
        )
    }

    @Test func servedAndStaticAtlasOfTheBerlinDemo() async throws {
        let server = try TestServer { $0.publish = [Self.demo] }
        let shots = try TestSupport.temporaryFolder("quartier-atlas")
        try await server.testLive { client in
            let ready = try await client.waitUntilReady(seconds: 1200)
            try #require(ready.status == .ok, "the demo did not finish: \(ready.json)")
            _ = try await server.environment.data.current()
            let port = try #require(client.port)

            // A browser at / is sent to the atlas; the listing links the demo's page; only listed files are served.
            let root = try await client.execute(uri: "/", method: .get, headers: [.accept: "text/html"])
            #expect(root.status == .seeOther && root.headers[.location] == "/atlas/")
            let landing = try await client.json(.get, "/")
            let links = landing.json["links"] as? [[String: Any]] ?? []
            #expect(
                links.contains {
                    ($0["href"] as? String)?.hasSuffix("/atlas/") == true && $0["type"] as? String == "text/html"
                })
            let list = try await client.execute(uri: "/atlas/", method: .get)
            #expect(list.status == .ok && String(buffer: list.body).contains("/atlas/berlin-demo/"))
            for file in ["planungsraeume.geojson", "manifest.json", "..%2Fmanifest.json", "kita_bedarf.csv"] {
                let answer = try await client.execute(uri: "/atlas/berlin-demo/\(file)", method: .get)
                #expect(answer.status == .notFound || answer.status == .badRequest, "\(file): \(answer.status)")
            }
            let data = try await client.execute(uri: "/atlas/berlin-demo/atlas.json", method: .get)
            #expect(data.status == .ok)
            // atlas.json holds public fields and public levels only.
            let atlas = String(buffer: data.body)
            #expect(!atlas.contains("kita_bedarf") && !atlas.contains("underserved_score"))

            // The page's download links (the job's public result files) answer without a token.
            let sources = try await client.json(.get, "/atlas/berlin-demo/sources.json")
            let files = try #require(sources.json["files"] as? String)
            for name in ["planungsraeume_public.geojson", "planungsraeume_public.gpkg", "planungsraeume_public.csv"] {
                let answer = try await client.execute(uri: files + name, method: .head)
                #expect(answer.status == .ok, "\(files)\(name): \(answer.status)")
            }

            let served = try await Self.browse(
                "served", "http://127.0.0.1:\(port)/atlas/berlin-demo/",
                screenshot: shots.appendingPathComponent("served.png").path)
            Self.check(served, "served")

            let job = try #require(try server.environment.store.latestJob(origin: "publish:" + Self.demo))
            let folder = server.environment.store.folder(of: job.id)
            let exported = try await Self.browse(
                "static", folder, screenshot: shots.appendingPathComponent("static.png").path)
            Self.check(exported, "static")
            print("atlas screenshots: \(shots.path)")
        }
    }
}
