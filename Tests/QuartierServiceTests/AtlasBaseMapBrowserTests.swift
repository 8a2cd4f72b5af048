import Foundation
import QuartierTestSupport
import Testing

/// Issue 20, item 2b: the atlas on a base map, in headless Chromium (`Tests/Fixtures/atlas/atlas_basemap.py`). The
/// publish fixture (the 542 Berlin Planungsräume, `publish-threshold5.toml`) is run with `[publish] basemap` naming
/// a MapLibre style or a raster tile template on the host `grundkarte.test`, which the fixture serves on 127.0.0.1
/// (`Tests/Fixtures/atlas/grundkarte/`: a style with a background, raster tiles and a GeoJSON source; no internet).
/// The static export is opened behind a byte-range file server. Needs Debian's `chromium` and `chromium-driver`,
/// the PyPI `selenium`, `axe-selenium-python` and the MapLibre bundle (`scripts/vendor-maplibre.sh`).
@Suite("atlas with a base map in headless Chromium", .serialized)
struct AtlasBaseMapBrowserTests {
    static let style = "http://grundkarte.test/style.json"
    static let tiles = "http://grundkarte.test/kachel.png?z={z}&x={x}&y={y}"

    /// Publishes the fixture with `lines` added to `[publish]`; returns the output folder.
    static func publish(_ lines: String, label: String) throws -> URL {
        let geodata = TestSupport.root.appendingPathComponent("Geodata").path
        let text = try String(contentsOfFile: TestSupport.fixture("publish/publish-threshold5.toml"), encoding: .utf8)
            .replacingOccurrences(of: "\"../../../Geodata", with: "\"\(geodata)")
            .replacingOccurrences(of: "[publish]\n", with: "[publish]\n\(lines)\n")
        let folder = try TestSupport.temporaryFolder("quartier-atlas-\(label)")
        let analysis = folder.appendingPathComponent("grundkarte.toml")
        try text.write(to: analysis, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let result = try CLI.run("run", analysis.path, "--out", out.path)
        try #require(result.status == 0, "\(result.stderr)")
        return out
    }

    static func browse(_ out: URL, _ arguments: String...) throws -> [String: Any] {
        let result = try Subprocess.run(
            "/usr/bin/env", ["python3", TestSupport.fixture("atlas/atlas_basemap.py"), out.path] + arguments,
            timeout: 240)
        try #require(result.status == 0, "atlas_basemap.py failed: \(result.stderr.suffix(3000))")
        let line = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    /// Every theme draws all 542 areas (distinct ids of its visible layers), the base map's layers below.
    static func checkAreasAndOrder(_ page: [String: Any], base: [String]) {
        #expect(page["ready"] as? Bool == true)
        let themes = page["themes"] as? [String: [String: Any]] ?? [:]
        #expect(themes.count == 5, "\(themes.keys.sorted())")
        for (theme, drawn) in themes {
            #expect(drawn["areas"] as? Int == 542, "\(theme): \(drawn)")
        }
        let order = page["order"] as? [String] ?? []
        let own = order.filter { !$0.hasPrefix("basis:") }
        #expect(Array(order.prefix(base.count)) == base, "base layers first: \(order)")
        #expect(own.first == "kitas_je_1000_u6" && own.last == "atlas-auswahl", "\(own)")
        #expect(!own.contains("hintergrund"), "Quartier's white background is left out on a base map: \(order)")
        // Outside the city the base map shows (Quartier's white background is gone).
        #expect((page["corner"] as? [Int]).map { $0 != [255, 255, 255] } == true, "\(page["corner"] ?? "")")
        #expect((page["axe"] as? [Any])?.isEmpty == true, "axe \(page["axe"] ?? "")")
    }

    /// The patterns of missing and suppressed values (item 2): both images, the missing layer filled with them, the
    /// legend's two missing swatches showing them, and the flat grey hatched over where such areas are in view.
    static func checkPatterns(_ page: [String: Any]) {
        let patterns = page["patterns"] as? [String: [String: Any]] ?? [:]
        for (theme, kind) in [("kitas_je_1000_u6", "atlas-muster-geheim"), ("S4", "atlas-muster-fehlend")] {
            let found = patterns[theme] ?? [:]
            #expect(found["images"] as? [String] == ["atlas-muster-geheim", "atlas-muster-fehlend"], "\(found)")
            #expect(found["patterned"] as? [String] == ["\(theme)-fehlend"], "\(theme): \(found)")
            let swatches = (found["swatches"] as? [[Any]] ?? []).suffix(2)
            #expect(
                swatches.map { $0.first as? String } == ["atlas-muster-geheim", "atlas-muster-fehlend"]
                    && swatches.allSatisfy { ($0.last as? String)?.hasPrefix("url(\"data:image/png") == true },
                "\(theme): swatches \(swatches)")
            let with = (found["withPatterns"] as? [String: Int])?[kind] ?? 0
            let without = (found["withoutPatterns"] as? [String: Int])?[kind] ?? 0
            #expect(with < without * 9 / 10, "\(theme): \(kind) grey pixels \(with) with, \(without) without")
        }
    }

    @Test func aMapLibreStyleLiesBelowTheAreasAndItsAttributionIsShown() throws {
        let out = try Self.publish("basemap = \"\(Self.style)\"", label: "style")
        let document = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: out.appendingPathComponent("atlas/atlas.json"))) as? [String: Any])
        #expect(document["basemap"] as? [String: String] == ["kind": "style", "url": Self.style])
        let shots = try TestSupport.temporaryFolder("quartier-atlas-shots")
        let page = try Self.browse(out, shots.appendingPathComponent("grundkarte-stil.png").path)
        // The style's three layers (renamed: its "hintergrund" would clash with Quartier's), in their order.
        Self.checkAreasAndOrder(page, base: ["basis:hintergrund", "basis:relief", "basis:wasser"])
        #expect((page["baseRendered"] as? [String: Int])?["basis:wasser"] ?? 0 >= 1, "\(page["baseRendered"] ?? "")")
        #expect(
            page["requests"] as? [String] == ["/kachel.png", "/style.json", "/wasser.geojson"],
            "the style, its tiles and its GeoJSON (relative URLs) \(page["requests"] ?? "")")
        let attribution = page["attribution"] as? String ?? ""
        #expect(
            attribution.contains("© Testgrundkarte") && attribution.contains("Gewässer: erfunden"), "\(attribution)")
        #expect(attribution.contains("Amt für Statistik"), "Quartier's sources stay: \(attribution)")
        #expect((page["footer"] as? String)?.contains("Kartengrundlage: © Testgrundkarte") == true)
        #expect((page["console"] as? [Any])?.isEmpty == true, "console \(page["console"] ?? "")")
        #expect((page["errors"] as? [Any])?.isEmpty == true, "map errors \(page["errors"] ?? "")")
        Self.checkPatterns(page)
        print(
            "atlas on a base map style: timing \(page["timing"] ?? ""), load \(page["loadSeconds"] ?? "") s, \(shots.path)"
        )

        // The base map's server unreachable: the page draws the areas without it and says so.
        let alone = try Self.browse(out, "", "unreachable")
        #expect(alone["ready"] as? Bool == true)
        let themes = alone["themes"] as? [String: [String: Any]] ?? [:]
        #expect(themes.count == 5 && themes.values.allSatisfy { $0["areas"] as? Int == 542 }, "\(themes)")
        #expect((alone["order"] as? [String])?.first == "hintergrund", "\(alone["order"] ?? "")")
        #expect((alone["mapMessage"] as? String)?.contains("Grundkarte") == true)
        #expect((alone["errors"] as? [String])?.first?.hasPrefix("basemap \(Self.style)") == true)
    }

    @Test func rasterTilesLieBelowTheAreasWithTheirAttribution() throws {
        let out = try Self.publish(
            "basemap = \"\(Self.tiles)\"\nbasemap_attribution = \"© Testgrundkarte (lokal, erfunden)\"", label: "tiles")
        let page = try Self.browse(out)
        Self.checkAreasAndOrder(page, base: ["basis:kacheln"])
        #expect(page["requests"] as? [String] == ["/kachel.png"], "\(page["requests"] ?? "")")
        #expect((page["attribution"] as? String)?.contains("© Testgrundkarte (lokal, erfunden)") == true)
        #expect((page["console"] as? [Any])?.isEmpty == true, "console \(page["console"] ?? "")")
        #expect((page["errors"] as? [Any])?.isEmpty == true, "map errors \(page["errors"] ?? "")")
        print("atlas on raster tiles: timing \(page["timing"] ?? ""), load \(page["loadSeconds"] ?? "") s")
    }
}
