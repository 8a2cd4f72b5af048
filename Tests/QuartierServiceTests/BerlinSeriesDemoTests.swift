import Foundation
import QuartierGDAL
import QuartierModel
import QuartierTestSupport
import Testing

/// `Config/analyses/berlin-series.toml`: children under 6 (20 half-years) and MSS S4 (5 editions) carried from the old
/// Planungsräume onto the 542 of LOR 2021, trends per area, and emerging hot spots of S4.
@Suite("Berlin series demo")
struct BerlinSeriesDemoTests {
    @Test func demoRunsAndWritesSeriesTrendsAndEmergingHotSpots() throws {
        let out = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let demo = TestSupport.root.appendingPathComponent("Config/analyses/berlin-series.toml").path
        let result = try CLI.run("run", demo, "--out", out.path)
        #expect(result.status == 0, "\(result.stderr)")
        let files = Set(CLI.files(in: out))
        for file in [
            "kinder_u6.gpkg", "kinder_u6.csv", "kinder_u6_crosswalk_planungsraeume_alt.csv", "mss_s4.gpkg",
            "mss_s4.csv",
            "mss_s4_crosswalk_planungsraeume_alt.csv", "planungsraeume.gpkg", "manifest.json",
        ] {
            #expect(files.contains(file), "\(file) written")
        }
        let reports = try SeriesFixture.seriesReports(out)
        #expect(reports.compactMap { $0["name"] as? String } == ["kinder_u6", "mss_s4"])
        let counts = reports.map { ($0["vintages"] as? [[String: Any]] ?? []).count }
        #expect(counts == [20, 5])
        for report in reports {
            for vintage in report["vintages"] as? [[String: Any]] ?? [] {
                #expect(vintage["source"] as? String != nil && vintage["referenceDate"] as? String != nil)
            }
        }
        let areas = try Dataset(opening: out.appendingPathComponent("planungsraeume.gpkg").path).layers()[0].readAll()
            .layer
        #expect(areas.features.count == 542)
        for field in [
            "inhabitants_age_below_6_sen_slope", "inhabitants_age_below_6_last", "S4_mk_tau", "S4_last", "ehsa_PATTERN",
        ] {
            #expect(areas.fieldIndex(field) != nil, "\(field) on the areas")
        }
        let pattern = try #require(areas.fieldIndex("ehsa_PATTERN"))
        let patterns = areas.features.compactMap { $0.attributes[pattern].stringValue }
        #expect(patterns.count == 542)
        // The S4 target (at most the city's value at 2020-12-31 by 2030): the summary counts equal the per-area states.
        let stateField = try #require(areas.fieldIndex("S4_goal_state"))
        let states = Dictionary(grouping: areas.features.compactMap { $0.attributes[stateField].stringValue }) { $0 }
            .mapValues(\.count)
        let goal = try #require((reports.last?["goals"] as? [[String: Any]])?.first)
        #expect(goal["counts"] as? [String: Int] == states)
        #expect(states.values.reduce(0, +) == 542)
        #expect(goal["target_from"] as? String == "city value at 2020-12-31")
        #expect(files.contains("mss_s4_goals.csv"))
        print(
            "figures: berlin-series demo, S4 goal states: \(states.sorted { $0.key < $1.key }), city value \(goal["target"] ?? "")"
        )
        // Kita places per child under 6 (ratios: the 12/2022 places over each half-year's children), judged per
        // Bezirksregion; on the areas the last ratio is the places over the last children count.
        let kita = try #require((reports.first?["goals"] as? [[String: Any]])?.first)
        #expect(kita["level"] as? String == "bezirksregionen")
        #expect((kita["counts"] as? [String: Int])?.values.reduce(0, +) == 143)
        #expect((kita["notes"] as? [String] ?? []).contains { $0.contains("of one date") })
        let places = try #require(areas.fieldIndex("sum_e_platz"))
        let children = try #require(areas.fieldIndex("inhabitants_age_below_6_last"))
        let ratio = try #require(areas.fieldIndex("kitaplaetze_je_kind_u6_last"))
        var compared = 0
        for feature in areas.features {
            guard let p = feature.attributes[places].doubleValue, let c = feature.attributes[children].doubleValue,
                c > 0, let r = feature.attributes[ratio].doubleValue
            else { continue }
            #expect(TestSupport.isClose(r, p / c))
            compared += 1
        }
        #expect(compared > 400)
        print(
            "figures: berlin-series demo, Kita target per Bezirksregion: \(kita["counts"] ?? ""), city \(kita["city"] ?? "")"
        )
        let tally = Dictionary(grouping: patterns, by: { $0 }).mapValues(\.count)
        print("figures: berlin-series demo, emerging hot spots of S4 2013–2021: \(tally.sorted { $0.key < $1.key })")
    }
}
