import Foundation
import QuartierTestSupport
import Testing

/// Issue 18, items 2 and 4: suppression follows the plan's lineage (no `derived` list), statistics across areas are
/// computed from the public values only, roll-up means from public weights, undeclared counts of persons are refused,
/// and the population can be suppressed too. On the 542 Berlin Planungsräume with residents 2024 and MSS 2021 S4.
@Suite("Suppression by lineage and statistics on public values")
struct LineageSuppressionTests {
    static let lor = TestSupport.berlinLOR
    static let residents = TestSupport.geodata("berlin_population_lor_2024/einwohner_alter_plr_2024-12-31.csv")
    static let mss = TestSupport.geodata("berlin_mss_2021/mss_2021_index_indikatoren.csv")

    /// An analysis: Gi* on children under 6 (a count), a Kita-style ranking from it, a Bezirk roll-up with S4
    /// weighted by children 6–15, the Bezirke public, and `[publish]` with the given suppression lines.
    static func analysis(
        table: String? = nil, field: String = "inhabitants_age_below_6", publish: Bool = true,
        suppression: String = "", extra: String = ""
    ) -> String {
        let join =
            table.map { "[inputs.values]\nsource = \"\($0)\"\n[[join]]\ntable = \"values\"\ncolumns = [\"v\"]\n" } ?? ""
        var text = """
            version = 1
            [analysis]
            name = "lineage"
            working_crs = "EPSG:25833"
            [inputs.plr]
            source = "\(lor)"
            layer = "planungsraeume_2021"
            id = "PLR_ID"
            [inputs.einwohner]
            source = "\(residents)"
            [inputs.mss]
            source = "\(mss)"
            missing_codes = { "-9999" = "invalid" }
            [areas]
            input = "plr"
            [[join]]
            table = "einwohner"
            columns = ["inhabitants", "inhabitants_age_below_6", "inhabitants_age_6_15", "inhabitants_age_15_18"]
            [[join]]
            table = "mss"
            key = "PLR_ID"
            zero_pad = 8
            columns = ["S4"]
            \(join)
            [[hotspots]]
            field = "\(field)"
            weights = "queen"
            permutations = 99
            seed = 7

            """
        guard publish else { return text }
        text += """
            [underserved]
            demand = "inhabitants_age_below_6"
            access = { S4 = "high_is_bad" }
            need = "GiZScore"
            [[rollup]]
            name = "bezirke"
            key = "BEZ_ID"
            prefix = 2
            sums = ["inhabitants", "inhabitants_age_below_6", "inhabitants_age_6_15"]
            weighted = { S4 = ["inhabitants_age_6_15"] }
            [outputs.bezirke]
            layer = "bezirke"
            formats = ["geojson"]
            tier = "public"
            \(extra)
            [publish]
            name = "plr_public"
            fields = ["inhabitants", "inhabitants_age_below_6", "inhabitants_age_6_15", "S4", "GiZScore", "state",
                      "underserved_rank", "underserved_score", "demand_component"]
            minzoom = 8
            maxzoom = 8
            [publish.suppression]
            min_count = 3
            counts = ["inhabitants_age_below_6", "inhabitants_age_6_15"]
            population = "inhabitants"
            min_population = 300
            \(suppression)

            """
        return text
    }

    /// Runs an analysis; returns its output folder and the run's exit status and output.
    static func run(_ text: String) throws -> (out: URL, status: Int32, output: String) {
        let folder = try TestSupport.temporaryFolder("quartier-lineage")
        let path = folder.appendingPathComponent("analysis.toml")
        try text.write(to: path, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let result = try CLI.run("run", path.path, "--out", out.path)
        return (out, result.status, result.stdout + result.stderr)
    }

    /// The properties of a GeoJSON file's features, by the value of `key`.
    static func features(_ url: URL, key: String) throws -> [String: [String: Any]] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var result: [String: [String: Any]] = [:]
        for feature in json["features"] as? [[String: Any]] ?? [] {
            guard let properties = feature["properties"] as? [String: Any], let id = properties[key] as? String
            else { continue }
            result[id] = properties
        }
        return result
    }

    @Test func publicStatisticsEqualTheAnalysisOfThePublicValues() throws {
        let published = try Self.run(Self.analysis())
        try #require(published.status == 0, "\(published.output)")
        let areas = try Self.features(published.out.appendingPathComponent("plr_public.geojson"), key: "PLR_ID")
        #expect(areas.count == 542)
        let hidden = Set(areas.filter { $0.value["inhabitants_age_below_6"] is NSNull }.keys)
        #expect(hidden.count >= 6, "6 small areas and their complements")
        // The same Gi* on a table holding only the published values: the hidden areas are simply missing.
        let table = published.out.deletingLastPathComponent().appendingPathComponent("public_values.csv")
        let rows = areas.compactMap { id, p in (p["inhabitants_age_below_6"] as? Double).map { "\(id),\($0)" } }
        try (["PLR_ID,v"] + rows.sorted()).joined(separator: "\n").write(to: table, atomically: true, encoding: .utf8)
        let reference = try Self.run(
            Self.analysis(table: table.path, field: "v", publish: false) + """
                [outputs.plr]
                formats = ["geojson"]
                """)
        try #require(reference.status == 0, "\(reference.output)")
        let expected = try Self.features(reference.out.appendingPathComponent("plr.geojson"), key: "PLR_ID")
        var compared = 0
        for (id, properties) in areas {
            if hidden.contains(id) {
                #expect(properties["GiZScore"] is NSNull && properties["state"] as? String == "suppressed", "\(id)")
                continue
            }
            let z = try #require(properties["GiZScore"] as? Double, "\(id)")
            let reference = try #require(expected[id]?["GiZScore"] as? Double, "\(id)")
            #expect(TestSupport.isClose(z, reference, rtol: 1e-9, atol: 1e-9), "\(id): \(z) vs \(reference)")
            compared += 1
        }
        #expect(compared == 542 - hidden.count)
        // The raw analysis differs next to the hidden areas: the public one is not the raw one with holes.
        let raw = try Self.run(Self.analysis(publish: false) + "[outputs.plr]\nformats = [\"geojson\"]\n")
        try #require(raw.status == 0, "\(raw.output)")
        let rawAreas = try Self.features(raw.out.appendingPathComponent("plr.geojson"), key: "PLR_ID")
        let differing = areas.filter { id, p in
            guard let z = p["GiZScore"] as? Double, let r = rawAreas[id]?["GiZScore"] as? Double else { return false }
            return abs(z - r) > 1e-6
        }
        #expect(!differing.isEmpty)
        print(
            "figures: \(hidden.count) hidden areas; Gi* of \(compared) public areas equal the public-values analysis;"
                + " \(differing.count) differ from the raw analysis")
    }

    @Test func theRankingLeavesNoGapAndNoDerivedListIsNeeded() throws {
        let published = try Self.run(Self.analysis())
        try #require(published.status == 0, "\(published.output)")
        let areas = try Self.features(published.out.appendingPathComponent("plr_public.geojson"), key: "PLR_ID")
        let hidden = areas.filter { $0.value["inhabitants_age_below_6"] is NSNull }
        for (id, properties) in hidden {
            for field in ["underserved_rank", "underserved_score", "demand_component"] {
                #expect(properties[field] is NSNull, "\(id) \(field)")
            }
        }
        let ranks = areas.values.compactMap { $0["underserved_rank"] as? Double }.map { Int($0) }.sorted()
        #expect(!ranks.isEmpty && ranks == Array(1...ranks.count), "ranks 1…n without the gaps of hidden areas")
        // The Bezirke's S4 is a mean over members with public weights: every Bezirk has one.
        let bezirke = try Self.features(published.out.appendingPathComponent("bezirke.geojson"), key: "BEZ_ID")
        #expect(bezirke.count == 12 && bezirke.values.allSatisfy { $0["S4"] is Double })
        let audit = try CLI.run("audit", published.out.path)
        #expect(audit.status == 0, "\(audit.stdout)\(audit.stderr)")
    }

    @Test func anUndeclaredCountOfPersonsInAPublicOutputIsRefused() throws {
        let extra = "[outputs.plr_all]\nformats = [\"geojson\"]\ntier = \"public\"\n"
        let refused = try Self.run(Self.analysis(extra: extra))
        #expect(refused.status == 1)
        #expect(refused.output.contains("[outputs.plr_all]") && refused.output.contains("'inhabitants_age_15_18'"))
        #expect(refused.output.contains("not_sensitive"), "\(refused.output)")
        let declared = try Self.run(
            Self.analysis(suppression: "not_sensitive = [\"inhabitants_age_15_18\"]", extra: extra))
        #expect(declared.status == 0, "\(declared.output)")
    }

    @Test func thePopulationItselfCanBeSuppressed() throws {
        let published = try Self.run(Self.analysis(suppression: "suppress_population = true"))
        try #require(published.status == 0, "\(published.output)")
        let areas = try Self.features(published.out.appendingPathComponent("plr_public.geojson"), key: "PLR_ID")
        let hiddenResidents = areas.filter { $0.value["inhabitants"] is NSNull }
        #expect(hiddenResidents.count >= 6)
        #expect(hiddenResidents.values.allSatisfy { $0["inhabitants_status"] as? String == "suppressed" })
        let audit = try CLI.run("audit", published.out.path)
        #expect(audit.status == 0 && audit.stdout.contains("inhabitants:"), "\(audit.stdout)\(audit.stderr)")
    }

    @Test func fieldsComputedFromASeriesStayOutOfPublicOutputs() throws {
        let series = TestSupport.geodata(
            "berlin_population_lor_series/einwohner_plr_lor2021_2021-06-30_2024-12-31.csv")
        let extra = """
            [inputs.reihe]
            source = "\(series)"
            [[series]]
            name = "kinder"
            columns = ["inhabitants_age_below_6"]
            time = "stichtag"
            table = "reihe"
            [outputs.plr_trend]
            formats = ["geojson"]
            tier = "public"
            """
        let refused = try Self.run(
            Self.analysis(suppression: "not_sensitive = [\"inhabitants_age_15_18\"]", extra: extra))
        #expect(refused.status == 1)
        #expect(
            refused.output.contains("[outputs.plr_trend]") && refused.output.contains("[[series]] 'kinder'"),
            "\(refused.output)")
    }
}
