import Foundation
import QuartierGDAL
import QuartierModel
import QuartierTestSupport
import Testing

/// `[[series]]` and `[[emerging]]` in an analysis file on the Berlin data: the series table, the trend fields, the
/// manifest's vintages, the emerging hot spot fields, and the refusals of bad series with what and where.
@Suite("[[series]] and [[emerging]] steps")
struct SeriesStepTests {
    static let newOnly = """
        [[series]]
        name = "kinder"
        columns = ["inhabitants_age_below_6"]
        time = "stichtag"
        table = "ew_neu"
        [[emerging]]
        series = "kinder"
        """

    @Test func seriesTableTrendFieldsAndEmergingHotSpots() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (result, out) = try SeriesFixture.run(Self.newOnly, in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("series kinder"))
        let files = CLI.files(in: out)
        #expect(files.contains("kinder.csv") && files.contains("kinder.gpkg"))
        let table = try SeriesFixture.rows(out.appendingPathComponent("kinder.csv").path)
        #expect(table.count == 542 * 8)
        #expect(
            table.first.map { Set($0.keys) } == ["PLR_ID", "stichtag", "inhabitants_age_below_6", "input", "geography"])
        // The series table in the GeoPackage: a table without geometry with the same rows.
        let dataset = try Dataset(opening: out.appendingPathComponent("kinder.gpkg").path)
        let layer = try #require(try dataset.layers().first)
        #expect(layer.geometryTypeName == "None")
        #expect(try layer.readAll().layer.features.count == 542 * 8)

        let areas = try Dataset(opening: out.appendingPathComponent("plr.gpkg").path).layers()[0].readAll().layer
        #expect(areas.features.count == 542)
        func value(_ feature: Feature, _ name: String) -> AttributeValue? {
            areas.fieldIndex(name).map { feature.attributes[$0] }
        }
        let source = try SeriesFixture.rows(SeriesFixture.newSeries)
        for feature in areas.features.prefix(40) {
            guard case .string(let id)? = value(feature, "PLR_ID") else {
                Issue.record("no PLR_ID")
                continue
            }
            let series = source.filter { $0["PLR_ID"] == id }.sorted { ($0["stichtag"] ?? "") < ($1["stichtag"] ?? "") }
                .compactMap { Double($0["inhabitants_age_below_6"] ?? "") }
            #expect(series.count == 8)
            #expect(value(feature, "inhabitants_age_below_6_first")?.doubleValue == series.first)
            #expect(value(feature, "inhabitants_age_below_6_last")?.doubleValue == series.last)
            #expect(
                value(feature, "inhabitants_age_below_6_change")?.doubleValue == (series.last ?? 0)
                    - (series.first ?? 0))
            // S = Σ sign(xⱼ − xₖ), τ = S / 28 for 8 values.
            var s = 0.0
            for k in 0..<8 {
                for j in (k + 1)..<8 { s += series[j] > series[k] ? 1 : (series[j] < series[k] ? -1 : 0) }
            }
            #expect(value(feature, "inhabitants_age_below_6_mk_s")?.doubleValue == s)
            let tau = try #require(value(feature, "inhabitants_age_below_6_mk_tau")?.doubleValue)
            #expect(TestSupport.isClose(tau, s / 28, rtol: 1e-12))
            let p = try #require(value(feature, "inhabitants_age_below_6_mk_p")?.doubleValue)
            #expect((0...1).contains(p))
            #expect(value(feature, "ehsa_PATTERN") != nil)
        }
        let patterns = areas.features.compactMap { value($0, "ehsa_PATTERN")?.stringValue }
        #expect(patterns.count == 542)
        let reports = try SeriesFixture.seriesReports(out)
        #expect((reports.first?["vintages"] as? [[String: Any]])?.count == 8)
    }

    /// A series written as CSV variants of the new-geography population series, each refused with exit 1.
    @Test func badSeriesAreRefusedWithWhatAndWhere() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = SeriesFixture.newSeries
        let cases: [(String, ([String]) -> [String], [String])] = [
            ("duplicate.csv", { $0 + [$0[0]] }, ["appears twice", "01100101", "ew_neu"]),
            (
                "mixed.csv", { $0.map { $0.replacingOccurrences(of: ",2021-06-30,", with: ",2021,") } },
                ["mixes formats", "stichtag"]
            ),
            (
                "gap.csv", { $0.filter { !$0.contains(",2022-06-30,") } },
                ["not evenly spaced", "2021-12-31", "2022-12-31"]
            ),
            (
                "one-step.csv", { $0.filter { $0.contains(",2024-12-31,") } },
                ["at least 3 time steps", "trend = false"]
            ),
        ]
        for (name, transform, fragments) in cases {
            let path = try SeriesFixture.variant(of: source, in: folder, name, transform)
            let run = folder.appendingPathComponent(name + ".run")
            try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
            let (result, _) = try SeriesFixture.run(
                Self.newOnly, in: run, inputs: SeriesFixture.inputs(newSeries: path))
            #expect(result.status == 1, "\(name): exit \(result.status) \(result.stderr)")
            for fragment in fragments {
                #expect(result.stderr.contains(fragment), "\(name): '\(fragment)' not in: \(result.stderr)")
            }
        }
    }

    @Test func keysOfAnotherGeographyAreRefused() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let steps = """
            [[series]]
            name = "alt"
            columns = ["inhabitants"]
            time = "stichtag"
            table = "ew_alt"
            """
        let (result, _) = try SeriesFixture.run(steps, in: folder)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("no area of its geography 'areas'"), "\(result.stderr)")
    }

    @Test func timeFormatsMixedBetweenTablesAreRefused() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let steps = """
            [[series]]
            name = "mix"
            columns = ["inhabitants"]
            time = "stichtag"
            tables = [
                { table = "ew_neu", where = { stichtag = "2021-06-30" } },
                { table = "ew_neu", time = "2022", where = { stichtag = "2022-06-30" } },
            ]
            trend = false
            """
        let (result, _) = try SeriesFixture.run(steps, in: folder)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("mix time formats"), "\(result.stderr)")
    }

    /// The old geometry without Bezirk 01 (Mitte) does not cover the current areas of Mitte: refused, naming them.
    @Test func aGeographyThatDoesNotCoverTheAreasIsRefused() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var old = try Dataset(opening: SeriesFixture.oldPLR).layers()[0].readAll().layer
        let id = try #require(old.fieldIndex("PLR_ID"))
        old.features.removeAll { $0.attributes[id].stringValue?.hasPrefix("01") ?? false }
        let partial = folder.appendingPathComponent("partial.gpkg").path
        try LayerWriter.write(old, to: partial, format: .geoPackage, layerName: "planungsraeume_2019")
        let source = try SeriesFixture.variant(of: SeriesFixture.oldSeries, in: folder, "ew_alt.csv") { lines in
            lines.filter { !$0.hasPrefix("01") }
        }
        let (result, _) = try SeriesFixture.run(
            SeriesHarmonisationTests.steps(carry: "area"), in: folder,
            inputs: SeriesFixture.inputs(oldGeometry: partial, oldSeries: source))
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("does not cover"), "\(result.stderr)")
        #expect(result.stderr.contains("01100101"), "\(result.stderr)")
    }
}

/// Areas whose series lacks a step, and series too short for the significance level.
@Suite("[[series]] gaps per area and short series")
struct SeriesGapTests {
    @Test func anAreaWithoutARowInAStepIsMissingThereNotZero() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try SeriesFixture.variant(of: SeriesFixture.newSeries, in: folder, "gap-one-area.csv") { lines in
            lines.filter { !$0.hasPrefix("01100101,2022-06-30,") }
        }
        let (result, out) = try SeriesFixture.run(
            SeriesStepTests.newOnly, in: folder, inputs: SeriesFixture.inputs(newSeries: source))
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try SeriesFixture.seriesReports(out).first)
        #expect(report["incompleteAreas"] as? Int == 1)
        let rows = try SeriesFixture.rows(out.appendingPathComponent("kinder.csv").path).filter {
            $0["PLR_ID"] == "01100101"
        }
        #expect(rows.count == 8)
        let gap = try #require(rows.first { $0["stichtag"] == "2022-06-30" })
        #expect(gap["inhabitants_age_below_6"] == "")
        #expect(gap["inhabitants_age_below_6_status"] == "no_row")
        // The trend uses the 7 present values: S over 21 pairs.
        let areas = try Dataset(opening: out.appendingPathComponent("plr.gpkg").path).layers()[0].readAll().layer
        let id = try #require(areas.fieldIndex("PLR_ID"))
        let tau = try #require(areas.fieldIndex("inhabitants_age_below_6_mk_tau"))
        let s = try #require(areas.fieldIndex("inhabitants_age_below_6_mk_s"))
        let feature = try #require(areas.features.first { $0.attributes[id].stringValue == "01100101" })
        let sValue = try #require(feature.attributes[s].doubleValue)
        let tauValue = try #require(feature.attributes[tau].doubleValue)
        #expect(TestSupport.isClose(tauValue, sValue / 21, rtol: 1e-12))
    }

    @Test func aSeriesTooShortForAlphaIsWarnedAbout() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try SeriesFixture.variant(of: SeriesFixture.newSeries, in: folder, "four.csv") { lines in
            lines.filter { $0.contains(",2023-") || $0.contains(",2024-") }
        }
        let (result, out) = try SeriesFixture.run(
            SeriesStepTests.newOnly, in: folder, inputs: SeriesFixture.inputs(newSeries: source))
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try SeriesFixture.seriesReports(out).first)
        let warnings = report["warnings"] as? [String] ?? []
        #expect(warnings.contains { $0.contains("4 time steps cannot reach p < 0.05") }, "\(warnings)")
    }
}
