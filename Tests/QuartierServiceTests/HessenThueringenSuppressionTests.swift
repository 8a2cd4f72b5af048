import Foundation
import QuartierTestSupport
import Testing

/// Issue 18: secondary suppression on the 1,057 Gemeinden of Hessen and Thüringen → 47 Kreise → 2 Länder, with a
/// minimum count of 3 on a small count (the Zensus 2011 1 km cells whose centre lies in the Gemeinde, `grid_cells`),
/// beside a naive method that suppresses the smallest published sibling of a lone suppressed cell. Quartier's
/// pattern passes the audit; the naive one is audited the same way, from public files alone.
@Suite("Secondary suppression, Hessen and Thüringen")
struct HessenThueringenSuppressionTests {
    static let gemeinden = TestSupport.geodata("vg5000_gemeinden_he_th_2021/vg5000_gem_krs_hessen_thueringen_2021.gpkg")
    static let zensus = TestSupport.geodata("zensus2011_1km_hessen_thueringen/zensus2011_1km_hessen_thueringen.csv")

    static func analysis(publish: Bool) -> String {
        var text = """
            version = 1
            [analysis]
            name = "heth"
            working_crs = "EPSG:25832"
            [inputs.gemeinden]
            source = "\(gemeinden)"
            layer = "gemeinden"
            id = "AGS"
            [inputs.zensus]
            source = "\(zensus)"
            [areas]
            input = "gemeinden"
            [grid]
            input = "zensus"
            x = "x_mp_1km"
            y = "y_mp_1km"
            crs = "EPSG:3035"
            weight = "Einwohner"
            [[rollup]]
            name = "kreise"
            key = "KRS"
            prefix = 5
            [[rollup]]
            name = "laender"
            key = "LAND"
            prefix = 2

            """
        guard publish else { return text + "[outputs.gemeinden]\nformats = [\"geojson\"]\nfields = [\"grid_cells\"]\n" }
        for level in ["kreise", "laender"] {
            text += "[outputs.\(level)]\nlayer = \"\(level)\"\nformats = [\"geojson\"]\ntier = \"public\"\n"
        }
        return text + """
            [publish]
            name = "gemeinden_public"
            fields = ["GEN", "grid_cells"]
            minzoom = 5
            maxzoom = 5
            [publish.suppression]
            min_count = 3
            counts = ["grid_cells"]
            not_sensitive = ["grid_Einwohner"]

            """
    }

    static func run(_ text: String) throws -> (URL, Double) {
        let folder = try TestSupport.temporaryFolder("quartier-heth")
        let path = folder.appendingPathComponent("heth.toml")
        try text.write(to: path, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let start = ContinuousClock.now
        let result = try CLI.run("run", path.path, "--out", out.path)
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        try #require(result.status == 0, "\(result.stdout)\(result.stderr)")
        return (out, seconds)
    }

    @Test func quartiersPatternPassesTheAuditBesideANaiveOne() throws {
        let (out, seconds) = try Self.run(Self.analysis(publish: true))
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json")))
                as? [String: Any])
        let publish = try #require((manifest["reports"] as? [String: Any])?["publish"] as? [String: Any])
        let levels = publish["suppression"] as? [[String: Any]] ?? []
        let areas = try #require(levels.first { $0["layer"] as? String == "areas" })
        let primary = (areas["suppressedValues"] as? [String: Int])?["grid_cells"] ?? 0
        let secondary = (areas["secondaryValues"] as? [String: Int])?["grid_cells"] ?? 0
        let parentsSuppressed = levels.filter { $0["layer"] as? String != "areas" }.reduce(0) {
            $0 + ((($1["secondaryValues"] as? [String: Int])?["grid_cells"]) ?? 0)
        }
        let audit = try CLI.run("audit", out.path)
        #expect(audit.status == 0, "\(audit.stdout)")
        #expect(primary > 0 && secondary > 0)

        // The naive method on the raw values: a Kreis with exactly one suppressed Gemeinde gets its smallest
        // published Gemeinde suppressed too; repeated until no Kreis has a lone suppressed member.
        let (raw, _) = try Self.run(Self.analysis(publish: false))
        let values = try NaiveSuppression.values(raw.appendingPathComponent("gemeinden.geojson"), field: "grid_cells")
        let naive = NaiveSuppression.pattern(values, minCount: 3) { String($0.prefix(5)) }
        let naiveAudit = try NaiveSuppression.audit(values, suppressed: naive.suppressed, minCount: 3)
        print(
            "figures: Hessen/Thüringen 1057 Gemeinden → 47 Kreise → 2 Länder, grid_cells, min_count 3: primary "
                + "\(primary), secondary \(secondary) Gemeinden, \(parentsSuppressed) parents; audit passed "
                + String(
                    format: "(run %.1f s, audit %@); ", seconds,
                    String(audit.stdout.trimmingCharacters(in: .whitespacesAndNewlines).suffix(7)))
                + "naive smallest-sibling: secondary \(naive.secondary), audit "
                + (naiveAudit.passed ? "passed" : "FAILED with \(naiveAudit.findings) finding(s)"))
        #expect(naive.primary == primary)
    }
}
