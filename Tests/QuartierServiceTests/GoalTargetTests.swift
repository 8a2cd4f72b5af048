import Foundation
import QuartierGDAL
import QuartierModel
import QuartierTestSupport
import Testing

/// Targets in the indicator catalogue (`[[indicators.<id>.targets]]`, issue 26): listed by `quartier indicators`,
/// checked by `check`, bad ones refused with file and line; and the goal fields a `[[series]]` adds, compared with a
/// hand computation per area and with the summary in the manifest and `<series>_goals.csv`.
@Suite("goal targets")
struct GoalTargetTests {
    /// A catalogue with one indicator (the children-under-6 series column) and its targets; line 12 holds the
    /// first target's header.
    static func catalogue(target: String = defaultTarget, extra: String = "") -> String {
        """
        version = 1

        [indicators.kinder_u6]
        title = "Kinder unter 6 Jahren"
        definition = "Einwohnerinnen und Einwohner unter 6 Jahren"
        unit = "Personen"
        source = "Einwohnerregister"
        reference_date = "2024-12-31"
        licence = "CC BY 3.0 DE"
        attribution = "© Amt für Statistik Berlin-Brandenburg, CC BY 3.0 DE"
        polarity = "neutral"
        [[indicators.kinder_u6.targets]]
        \(target)
        \(extra)
        """
    }

    static let defaultTarget = """
        value = 60
        direction = "at_least"
        level = "areas"
        deadline = "2026"
        baseline = 50
        baseline_date = "2021-12-31"
        source = "Beschluss (Test)"
        owner = "Jugendamt"
        """

    /// A further target of `kinder_u6` (source and owner "Test").
    static func target(_ value: Double, _ direction: String, _ level: String, _ deadline: String) -> String {
        """
        [[indicators.kinder_u6.targets]]
        value = \(value)
        direction = "\(direction)"
        level = "\(level)"
        deadline = "\(deadline)"
        source = "Test"
        owner = "Test"
        """
    }

    private func write(_ text: String, _ name: String, in folder: URL) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func listsAndChecksTargets() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try write(Self.catalogue(), "catalogue.toml", in: folder)
        let listing = try CLI.run("indicators", "--catalogue", path)
        #expect(listing.status == 0, "\(listing.stderr)")
        #expect(
            listing.stdout.contains(
                "target: at_least 60 per areas by 2026 (baseline 50 at 2021-12-31) — Beschluss (Test); Jugendamt"),
            "\(listing.stdout)")
        let json = try CLI.run("indicators", "--catalogue", path, "--json")
        let entries = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let target = try #require((entries.first?["targets"] as? [[String: Any]])?.first)
        #expect(target["value"] as? Double == 60 && target["direction"] as? String == "at_least")
        #expect(target["baseline"] as? Double == 50 && target["owner"] as? String == "Jugendamt")
        let check = try CLI.run("check", path)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("indicator catalogue: 1 indicators, 1 targets"), "\(check.stdout)")
        // The shipped catalogue still checks.
        let shipped = TestSupport.root.appendingPathComponent("Config/indicators.toml").path
        #expect(try CLI.run("check", shipped).status == 0)
    }

    /// Each bad target: the replacement in the default target, the line the message must name and its text.
    static let badTargets: [(String, String, Int, String)] = [
        ("direction = \"at_least\"", "direction = \"mindestens\"", 14, "use \"at_least\" or \"at_most\""),
        ("deadline = \"2026\"", "deadline = \"Ende 2026\"", 16, "is no year (2027)"),
        ("baseline_date = \"2021-12-31\"", "", 17, "baseline needs baseline_date"),
        ("value = 60", "value = \"baseline2\"", 13, "give a number or \"baseline\""),
        ("value = 60", "", 12, "the key 'value' is required"),
        ("owner = \"Jugendamt\"", "owner = \"Jugendamt\"\nbesitzer = \"x\"", 21, "unknown key 'besitzer'"),
        ("baseline = 50", "baseline = \"land\"", 17, "give a number or \"city\""),
    ]

    @Test(arguments: badTargets.indices) func badTargetsNameFileAndLine(_ index: Int) throws {
        let (old, new, line, message) = Self.badTargets[index]
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try write(
            Self.catalogue(target: Self.defaultTarget.replacingOccurrences(of: old, with: new)), "bad.toml", in: folder)
        let result = try CLI.run("check", path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.toml:\(line)"), "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    /// The analysis: the new-geography population series (8 half-years 2021-06-30 … 2024-12-31) of children under 6
    /// as indicator `kinder_u6`.
    static func analysis(catalogue: String, rollup: String = "") -> String {
        """
        version = 1
        catalogue = "\(catalogue)"
        [analysis]
        name = "goals-test"
        working_crs = "EPSG:25833"
        \(SeriesFixture.inputs())
        [areas]
        input = "plr"
        [[series]]
        name = "kinder"
        columns = ["inhabitants_age_below_6"]
        time = "stichtag"
        table = "ew_neu"
        \(rollup)
        [indicators]
        inhabitants_age_below_6 = "kinder_u6"
        [outputs.plr]
        formats = ["gpkg"]
        """
    }

    @Test func goalFieldsAgainstAHandComputationAndTheSummary() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let catalogue = try write(
            Self.catalogue(extra: Self.target(40, "at_most", "city", "2030")), "catalogue.toml", in: folder)
        let path = try write(Self.analysis(catalogue: catalogue), "analysis.toml", in: folder)
        let out = folder.appendingPathComponent("out")
        let result = try CLI.run("run", path, "--out", out.path)
        #expect(result.status == 0, "\(result.stderr)")
        let areas = try Dataset(opening: out.appendingPathComponent("plr.gpkg").path).layers()[0].readAll().layer
        func value(_ feature: Feature, _ name: String) -> AttributeValue? {
            areas.fieldIndex(name).map { feature.attributes[$0] }
        }
        let source = try SeriesFixture.rows(SeriesFixture.newSeries)
        var byID: [String: [[String: String]]] = [:]
        for row in source { byID[row["PLR_ID"] ?? "", default: []].append(row) }
        var states: [String: Int] = [:]
        var checked = 0
        for feature in areas.features {
            let state = try #require(value(feature, "inhabitants_age_below_6_goal_state")?.stringValue)
            states[state, default: 0] += 1
            guard checked < 60, case .string(let id)? = value(feature, "PLR_ID") else { continue }
            checked += 1
            let rows = (byID[id] ?? []).sorted { ($0["stichtag"] ?? "") < ($1["stichtag"] ?? "") }
            let series = rows.compactMap { Double($0["inhabitants_age_below_6"] ?? "") }
            // The series' time keys: year + (month − 1)/12 + (day − 1)/372.
            let times = rows.map { row -> Double in
                let parts = (row["stichtag"] ?? "").split(separator: "-").compactMap { Double($0) }
                return parts.count == 3 ? parts[0] + (parts[1] - 1) / 12 + (parts[2] - 1) / 372 : .nan
            }
            guard series.count == 8, times.count == 8, let latest = series.last else { continue }
            // Sen's slope per year: the median of the 28 pairwise (xⱼ − xₖ)/(tⱼ − tₖ).
            var slopes: [Double] = []
            for k in 0..<8 { for j in (k + 1)..<8 { slopes.append((series[j] - series[k]) / (times[j] - times[k])) } }
            slopes.sort()
            let slope = (slopes[13] + slopes[14]) / 2
            let gap = 60 - latest
            #expect(value(feature, "inhabitants_age_below_6_target")?.doubleValue == 60)
            #expect(TestSupport.isClose(try #require(value(feature, "inhabitants_age_below_6_gap")?.doubleValue), gap))
            let expected: String
            // 2024-12-31 is 2024 + 11/12 + 30/372 in the series' time keys; the deadline 2026 is 2026-12-31.
            let latestTime = 2024 + 11.0 / 12 + 30.0 / 372
            if gap <= 0 {
                expected = "erreicht"
            } else if slope <= 0 {
                expected = "nicht_auf_kurs"
                #expect(value(feature, "inhabitants_age_below_6_goal_year")?.doubleValue == nil)
            } else {
                let year = latestTime + gap / slope
                expected = year <= 2026 + 11.0 / 12 + 30.0 / 372 ? "auf_kurs" : "nicht_auf_kurs"
                let written = try #require(value(feature, "inhabitants_age_below_6_goal_year")?.doubleValue)
                #expect(TestSupport.isClose(written, year), "\(id)")
            }
            #expect(state == expected, "\(id): gap \(gap), slope \(slope)")
        }
        #expect(checked == 60)
        // The summary counts equal the per-area states; the city target of a count is not judged (a note says why).
        let reports = try SeriesFixture.seriesReports(out)
        let goals = try #require(reports.first?["goals"] as? [[String: Any]])
        #expect(goals.count == 2)
        let counts = try #require(goals.first?["counts"] as? [String: Int])
        for state in ["erreicht", "auf_kurs", "nicht_auf_kurs", "unbestimmt"] {
            #expect(counts[state] ?? 0 == states[state] ?? 0, "\(state)")
        }
        #expect(counts.values.reduce(0, +) == 542)
        let moving = try #require(goals.first?["moving_away"] as? [[String: Any]])
        #expect(moving.allSatisfy { ($0["pace"] as? Double ?? 0) < 0 })
        #expect(((goals.last?["notes"] as? [String]) ?? []).contains { $0.contains("rate") })
        let csv = try SeriesFixture.rows(out.appendingPathComponent("kinder_goals.csv").path)
        #expect(csv.count == 2)
        #expect(csv.first?["erreicht"] == "\(states["erreicht"] ?? 0)")
        #expect(csv.first?["nicht_auf_kurs"] == "\(states["nicht_auf_kurs"] ?? 0)")
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"role\" : \"goals\"") || manifest.contains("\"role\":\"goals\""))
    }

    @Test func aTargetOnAnUnknownRollUpNamesTheCatalogueLine() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let catalogue = try write(
            Self.catalogue(target: Self.defaultTarget.replacingOccurrences(of: "\"areas\"", with: "\"bezirke\"")),
            "catalogue.toml", in: folder)
        let path = try write(Self.analysis(catalogue: catalogue), "analysis.toml", in: folder)
        let result = try CLI.run("check", path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("catalogue.toml:12"), "\(result.stderr)")
        #expect(result.stderr.contains("level = \"bezirke\" is neither"), "\(result.stderr)")
    }

    /// `baseline = "city"` on a series column that is no rate: the city's value cannot be computed, refused with the
    /// catalogue's line.
    @Test func aCityBaselineNeedsARateColumn() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = Self.defaultTarget.replacingOccurrences(of: "baseline = 50", with: "baseline = \"city\"")
            .replacingOccurrences(of: "value = 60", with: "value = \"baseline\"")
        let catalogue = try write(Self.catalogue(target: target), "catalogue.toml", in: folder)
        let path = try write(Self.analysis(catalogue: catalogue), "analysis.toml", in: folder)
        let result = try CLI.run("check", path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("catalogue.toml:12"), "\(result.stderr)")
        #expect(result.stderr.contains("carry it as a rate"), "\(result.stderr)")
    }

    /// Goal fields come from the series as delivered: a public output that names one stops the run, naming the
    /// output and the series (the rule of `publishing.md` for every series-derived field).
    @Test func goalFieldsStayOutOfPublicOutputs() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let catalogue = try write(Self.catalogue(), "catalogue.toml", in: folder)
        let extra = """
            [inputs.reihe]
            source = "\(SeriesFixture.newSeries)"
            [[series]]
            name = "kinder"
            columns = ["inhabitants_age_below_6"]
            time = "stichtag"
            table = "reihe"
            [indicators]
            inhabitants_age_below_6 = "kinder_u6"
            [outputs.plr_goals]
            formats = ["geojson"]
            fields = ["PLR_ID", "inhabitants_age_below_6_goal_state"]
            tier = "public"
            """
        let text = LineageSuppressionTests.analysis(
            suppression: "not_sensitive = [\"inhabitants_age_15_18\"]", extra: extra
        ).replacingOccurrences(of: "version = 1\n", with: "version = 1\ncatalogue = \"\(catalogue)\"\n")
        let refused = try LineageSuppressionTests.run(text)
        #expect(refused.status == 1, "\(refused.output)")
        #expect(
            refused.output.contains("[outputs.plr_goals]") && refused.output.contains("[[series]] 'kinder'"),
            "\(refused.output)")
    }

    /// A target on a roll-up level is judged on each parent's series of a rate column (Σ rate × denominator /
    /// Σ denominator over its areas), checked by hand for Bezirk 01; an area target's states per parent add up to
    /// the area counts. (The "rate" here is the children count weighted by residents: a mechanical check only.)
    @Test func rollUpTargetsAndStatesPerParent() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let catalogue = try write(
            Self.catalogue(extra: Self.target(600, "at_least", "bezirke", "2028")), "catalogue.toml", in: folder)
        let analysis = Self.analysis(catalogue: catalogue)
            .replacingOccurrences(
                of: "columns = [\"inhabitants_age_below_6\"]",
                with:
                    "columns = [\"inhabitants_age_below_6\", \"inhabitants\"]\nrates = { inhabitants_age_below_6 = \"inhabitants\" }"
            )
            .replacingOccurrences(
                of: "[indicators]", with: "[[rollup]]\nname = \"bezirke\"\nkey = \"BEZ_ID\"\nprefix = 2\n[indicators]")
        let path = try write(analysis, "analysis.toml", in: folder)
        let out = folder.appendingPathComponent("out")
        let result = try CLI.run("run", path, "--out", out.path)
        #expect(result.status == 0, "\(result.stderr)")
        let goals = try #require(try SeriesFixture.seriesReports(out).first?["goals"] as? [[String: Any]])
        #expect(goals.count == 2)
        // The area target's states per Bezirk add up to its counts.
        let areaCounts = try #require(goals.first?["counts"] as? [String: Int])
        let byParent = try #require((goals.first?["by_parent"] as? [String: [String: [String: Int]]])?["bezirke"])
        #expect(byParent.count == 12)
        for state in ["erreicht", "auf_kurs", "nicht_auf_kurs", "unbestimmt"] {
            #expect(byParent.values.reduce(0) { $0 + ($1[state] ?? 0) } == areaCounts[state] ?? 0, "\(state)")
        }
        let perBezirk = try SeriesFixture.rows(out.appendingPathComponent("kinder_goals_bezirke.csv").path)
        #expect(perBezirk.count == 12)
        // The Bezirk target: 12 units; Bezirk 01 by hand.
        let bezirke = try #require(goals.last)
        let counts = try #require(bezirke["counts"] as? [String: Int])
        #expect(counts.values.reduce(0, +) == 12)
        let rows = try SeriesFixture.rows(SeriesFixture.newSeries).filter { ($0["PLR_ID"] ?? "").hasPrefix("01") }
        let steps = Set(rows.compactMap { $0["stichtag"] }).sorted()
        let series = steps.map { step -> (time: Double, value: Double) in
            var numerator = 0.0
            var total = 0.0
            for row in rows where row["stichtag"] == step {
                guard let c = Double(row["inhabitants_age_below_6"] ?? ""), let w = Double(row["inhabitants"] ?? "")
                else { continue }
                numerator += c * w
                total += w
            }
            let parts = step.split(separator: "-").compactMap { Double($0) }
            return (parts[0] + (parts[1] - 1) / 12 + (parts[2] - 1) / 372, numerator / total)
        }
        #expect(series.count == 8)
        let latest = try #require(series.last)
        let gap = 600 - latest.value
        var slopes: [Double] = []
        for k in 0..<8 {
            for j in (k + 1)..<8 {
                slopes.append((series[j].value - series[k].value) / (series[j].time - series[k].time))
            }
        }
        slopes.sort()
        let slope = (slopes[13] + slopes[14]) / 2
        let deadline = 2028 + 11.0 / 12 + 30.0 / 372
        let expected =
            gap <= 0
            ? "erreicht"
            : slope <= 0 ? "nicht_auf_kurs" : latest.time + gap / slope <= deadline ? "auf_kurs" : "nicht_auf_kurs"
        // Bezirk 01's weighted mean falls (Sen's slope about −19 per year) below a target of 600: moving away.
        #expect(expected == "nicht_auf_kurs" && slope < 0)
        let moving = bezirke["moving_away"] as? [[String: Any]] ?? []
        let unit = try #require(moving.first { $0["id"] as? String == "01" })
        #expect(TestSupport.isClose(unit["gap"] as? Double ?? .nan, gap))
        #expect(TestSupport.isClose(unit["pace"] as? Double ?? .nan, slope))
        #expect((counts[expected] ?? 0) >= 1)
    }

    /// `ratios` refusals: a bad shape at `check` with its line, an unknown area field at `run`.
    @Test func badRatiosAreRefused() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let catalogue = try write(Self.catalogue(), "catalogue.toml", in: folder)
        let series = "columns = [\"inhabitants_age_below_6\"]"
        let shape = try write(
            Self.analysis(catalogue: catalogue).replacingOccurrences(
                of: series, with: series + "\nratios = { r = [\"sum_e_platz\"] }"), "shape.toml", in: folder)
        let refused = try CLI.run("check", shape)
        #expect(refused.status == 1 && refused.stderr.contains("ratios: 'r' must be"), "\(refused.stderr)")
        #expect(refused.stderr.contains("shape.toml:"), "\(refused.stderr)")
        let unknown = try write(
            Self.analysis(catalogue: catalogue).replacingOccurrences(
                of: series, with: series + "\nratios = { r = [\"nope\", \"inhabitants_age_below_6\"] }"),
            "unknown.toml", in: folder)
        let run = try CLI.run("run", unknown, "--out", folder.appendingPathComponent("out").path)
        #expect(run.status == 1 && run.stderr.contains("the areas have no field 'nope'"), "\(run.stderr)")
    }
}
