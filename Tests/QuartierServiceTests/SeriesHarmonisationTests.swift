import Foundation
import QuartierTestSupport
import Testing

/// Carrying Berlin's old Planungsräume (448, until 2020) onto LOR 2021 (542): totals are conserved to 1e-9 by areal
/// and by population weighting (Zensus 2011 children under 10 on the 100 m grid), and the crosswalk is compared with
/// the overlay shipped with the data (`plr_2019_zu_2021_verschneidung.csv`, computed with geopandas; not official).
@Suite("[[series]] harmonisation, Berlin old → new Planungsräume")
struct SeriesHarmonisationTests {
    /// The residents 2019-06-30 … 2020-12-31 on the 448 old PLR, then 2021-06-30 … 2024-12-31 on the 542 new ones.
    static func steps(carry: String) -> String {
        (carry == "population" ? SeriesFixture.gridStep : "") + """

            [[series]]
            name = "einwohner"
            columns = ["inhabitants", "inhabitants_age_below_6"]
            time = "stichtag"
            carry = "\(carry)"
            tables = [
                { table = "ew_alt", geography = "plr_alt", where = { lor_version = "2019_448" } },
                { table = "ew_neu" },
            ]
            """
    }

    @Test(arguments: ["area", "population"])
    func totalsAreConservedAndTheCrosswalkIsCloseToTheShippedOne(_ carry: String) throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (result, out) = try SeriesFixture.run(Self.steps(carry: carry), in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let series = try SeriesFixture.rows(out.appendingPathComponent("einwohner.csv").path)
        #expect(series.count == 542 * 12)
        // Σ over the 542 current areas of each carried step = Σ over the 448 old areas of the source.
        let source = try SeriesFixture.rows(SeriesFixture.oldSeries).filter { $0["lor_version"] == "2019_448" }
        var worst = 0.0
        for column in ["inhabitants", "inhabitants_age_below_6"] {
            for date in ["2019-06-30", "2019-12-31", "2020-06-30", "2020-12-31"] {
                let old = source.filter { $0["stichtag"] == date }.compactMap { Double($0[column] ?? "") }
                let carried = series.filter { $0["stichtag"] == date }.compactMap { Double($0[column] ?? "") }
                #expect(old.count == 448)
                #expect(carried.count == 542, "\(column) \(date): every current area has a carried value")
                let relative = abs(carried.reduce(0, +) - old.reduce(0, +)) / old.reduce(0, +)
                worst = max(worst, relative)
            }
        }
        #expect(worst <= 1e-9)
        print("figures: \(carry) weighting, largest relative total error over 4 steps × 2 columns: \(worst)")

        let reports = try SeriesFixture.seriesReports(out)
        let report = try #require(reports.first)
        let vintages = try #require(report["vintages"] as? [[String: Any]])
        #expect(vintages.count == 12)
        #expect(vintages.first?["geography"] as? String == "plr_alt")
        #expect(vintages.first?["carried"] as? String == carry)
        #expect(
            vintages.first?["reference_date"] as? String == "2019-06-30"
                || vintages.first?["referenceDate"] as? String == "2019-06-30")
        #expect(vintages.last?["geography"] as? String == "areas")

        let mine = try SeriesFixture.rows(out.appendingPathComponent("einwohner_crosswalk_plr_alt.csv").path)
        let shipped = try SeriesFixture.rows(SeriesFixture.shippedCrosswalk)
        try compare(
            mine, shipped, shippedWeight: carry == "area" ? "anteil_flaeche_alt" : "anteil_u10_alt", carry: carry)
    }

    /// Weights per (old, new) pair against the shipped overlay's shares, normalised per old PLR as its SOURCE.md asks.
    func compare(_ mine: [[String: String]], _ shipped: [[String: String]], shippedWeight: String, carry: String) throws
    {
        func pairs(_ rows: [[String: String]], old: String, new: String, weight: String) -> [String: Double] {
            var raw: [String: Double] = [:]
            var totals: [String: Double] = [:]
            for row in rows {
                guard let o = row[old], let n = row[new], let w = Double(row[weight] ?? ""), w > 0 else { continue }
                raw["\(o)>\(n)"] = w
                totals[o, default: 0] += w
            }
            return raw.reduce(into: [:]) { result, entry in
                let old = String(entry.key.prefix { $0 != ">" })
                result[entry.key] = entry.value / (totals[old] ?? 1)
            }
        }
        let a = pairs(mine, old: "old_PLR_ID", new: "new_PLR_ID", weight: "weight")
        let b = pairs(shipped, old: "PLR_ID_ALT", new: "PLR_ID_NEU", weight: shippedWeight)
        #expect(a.count > (carry == "area" ? 700 : 580))
        let both = Set(a.keys).intersection(b.keys)
        let differences = both.map { abs((a[$0] ?? 0) - (b[$0] ?? 0)) }.sorted()
        let onlyMine = Set(a.keys).subtracting(b.keys)
        let onlyShipped = Set(b.keys).subtracting(a.keys)
        let largest = differences.last ?? 0
        let mean = differences.reduce(0, +) / Double(max(1, differences.count))
        print(
            "figures: \(carry) crosswalk vs shipped (\(shippedWeight), normalised): \(a.count) pairs here, \(b.count) "
                + "shipped, \(both.count) in both, \(onlyMine.count) only here (Σ weight "
                + "\(onlyMine.map { a[$0] ?? 0 }.reduce(0, +))), \(onlyShipped.count) only shipped (Σ weight "
                + "\(onlyShipped.map { b[$0] ?? 0 }.reduce(0, +))); |Δweight| max \(largest), mean \(mean), "
                + "95th percentile \(differences.isEmpty ? 0 : differences[differences.count * 95 / 100])")
        // The same overlay by GEOS, the same cells: the shares agree to the shipped file's rounding (6 digits) wherever
        // both have the pair; with population weighting, an old PLR without children in the grid is carried by
        // surface here (the pairs only here), while the shipped file has no weight for it.
        #expect(both.count > (carry == "area" ? 700 : 580))
        #expect(largest < 1e-5)
    }
}

/// A rate (MSS S4, child poverty in %) carried from the old Planungsräume: numerator (S4 · EW) and denominator (EW)
/// are carried, and the rate recomputed from them — checked against the written crosswalk for every current area.
@Suite("[[series]] rates carried through numerator and denominator")
struct SeriesRateCarryTests {
    static let steps = """
        [[series]]
        name = "mss"
        columns = ["S4", "EW"]
        rates = { S4 = "EW" }
        time = "stichtag"
        tables = [
            { table = "mss", geography = "plr_alt", where = { lor_version = "2006_447" } },
            { table = "mss", where = { lor_version = "2021_542" } },
        ]
        """

    @Test func ratesAreRecomputedNotAveraged() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (result, out) = try SeriesFixture.run(Self.steps, in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let series = try SeriesFixture.rows(out.appendingPathComponent("mss.csv").path)
        #expect(series.count == 542 * 5)
        let crosswalk = try SeriesFixture.rows(out.appendingPathComponent("mss_crosswalk_plr_alt.csv").path)
        let source = try SeriesFixture.rows(SeriesFixture.mss).filter { $0["edition"] == "2019" }
        let old = Dictionary(source.map { ($0["PLR_ID"] ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        let carried = Dictionary(
            series.filter { $0["stichtag"] == "2018-12-31" }.map { ($0["PLR_ID"] ?? "", $0) },
            uniquingKeysWith: { a, _ in a })
        var checked = 0
        var missing = 0
        var averagedWouldDiffer = 0
        for (new, pieces) in Dictionary(grouping: crosswalk, by: { $0["new_PLR_ID"] ?? "" }) {
            var numerator = 0.0
            var denominator = 0.0
            var mean = 0.0
            var complete = true
            for piece in pieces {
                let weight = Double(piece["weight"] ?? "") ?? .nan
                let row = old[piece["old_PLR_ID"] ?? ""]
                guard let s4 = Double(row?["S4"] ?? ""), let ew = Double(row?["EW"] ?? "") else {
                    complete = false
                    continue
                }
                numerator += weight * s4 * ew
                denominator += weight * ew
                mean += weight * s4
            }
            let value = Double(carried[new]?["S4"] ?? "")
            guard complete, denominator > 0 else {
                #expect(value == nil, "\(new): a share of a missing old value is missing, not a number")
                missing += 1
                continue
            }
            let expected = numerator / denominator
            let got = try #require(value, "\(new) has no carried S4")
            #expect(TestSupport.isClose(got, expected, rtol: 1e-12), "\(new): \(got) vs \(expected)")
            if !TestSupport.isClose(got, mean / Double(pieces.count), rtol: 1e-6) && pieces.count > 1 {
                averagedWouldDiffer += 1
            }
            checked += 1
        }
        #expect(checked > 400)
        #expect(averagedWouldDiffer > 0)
        print(
            "figures: MSS 2019 S4 carried onto LOR 2021: \(checked) areas checked, \(missing) missing "
                + "(a share of an unrated PLR)"
        )
    }
}
