import Foundation
import QuartierGDAL
import QuartierModel
import QuartierTestSupport
import Testing

/// The Berlin demo's joins, counts, grid and roll-ups, checked against the figures in Geodata's SOURCE.md files.
@Suite("Berlin demo: joins, counts, grid, roll-ups")
struct BerlinDemoTests {
    /// The demo is run once for the whole suite.
    static let run: Result<URL, any Error> = {
        do {
            let out = try TestSupport.temporaryFolder("quartier-demo")
            let demo = TestSupport.root.appendingPathComponent("Config/analyses/berlin-demo.toml").path
            let result = try CLI.run("run", demo, "--out", out.path)
            guard result.status == 0 else { throw QuartierTestError(message: result.stderr) }
            return .success(out)
        } catch {
            return .failure(error)
        }
    }()

    struct QuartierTestError: Error { var message: String }

    func manifest() throws -> [String: Any] {
        let data = try Data(contentsOf: try Self.run.get().appendingPathComponent("manifest.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    func features(_ name: String) throws -> [[String: Any]] {
        let out = try Self.run.get()
        let data = try Data(contentsOf: out.appendingPathComponent("\(name).geojson"))
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return (json?["features"] as? [[String: Any]] ?? []).compactMap { $0["properties"] as? [String: Any] }
    }

    func reports() throws -> [String: Any] {
        try manifest()["reports"] as? [String: Any] ?? [:]
    }

    @Test func mssAndPopulationJoin542Of542() throws {
        let joins = try #require(try reports()["joins"] as? [[String: Any]])
        #expect(joins.count == 2)
        for join in joins {
            #expect(join["matched"] as? Int == 542)
            #expect((join["areasWithoutRow"] as? [Any])?.isEmpty == true)
            #expect((join["unmatchedTableRows"] as? [Any])?.isEmpty == true)
            #expect((join["duplicateKeys"] as? [Any])?.isEmpty == true)
        }
        #expect((joins[0]["dialect"] as? [String: Any])?["delimiter"] as? String == ",")
    }

    @Test func invalidMSSAreasAreNullWithStatusNotZero() throws {
        let plr = try features("planungsraeume")
        #expect(plr.count == 542)
        let invalid = plr.filter { ($0["KOM"] as? String) != "gültig" }
        #expect(invalid.count == 6)  // SOURCE.md: 5 with fewer than 300 residents, 1 outlier
        for area in invalid {
            #expect(area["S4"] is NSNull)
            #expect(area["S4_status"] as? String == "invalid")
        }
        let valid = plr.filter { ($0["KOM"] as? String) == "gültig" }
        #expect(valid.allSatisfy { ($0["S4"] as? Double).map { $0 >= 0 && $0 <= 100 } == true })
    }

    @Test func kitasAllInsideAndPlacesAddUpPerBezirk() throws {
        let counts = try #require(try reports()["counts"] as? [[String: Any]])
        #expect(counts.first?["points"] as? Int == 2880)
        #expect(counts.first?["inside"] as? Int == 2880)
        let plr = try features("planungsraeume")
        let total = plr.compactMap { $0["sum_e_platz"] as? Int }.reduce(0, +)
        #expect(total == 194_979)  // SOURCE.md
        let bezirke = try features("bezirke")
        #expect(bezirke.count == 12)
        for bezirk in bezirke {
            let id = try #require(bezirk["BEZ_ID"] as? String)
            let members = plr.filter { ($0["PLR_ID"] as? String)?.hasPrefix(id) == true }
            let sum = members.compactMap { $0["sum_e_platz"] as? Int }.reduce(0, +)
            #expect(bezirk["sum_e_platz"] as? Int == sum, "Bezirk \(id)")
            #expect(bezirk["n_areas"] as? Int == members.count)
        }
    }

    @Test func ratesAreRecomputedFromSummedCounts() throws {
        for bezirk in try features("bezirke") {
            let places = try #require(bezirk["sum_e_platz"] as? Int)
            let children = try #require(bezirk["inhabitants_age_below_6"] as? Int)
            let rate = try #require(bezirk["kitaplaetze_je_kind_u6"] as? Double)
            #expect(TestSupport.isClose(rate, Double(places) / Double(children)))
        }
        let bzr = try features("bezirksregionen")
        #expect(bzr.count == 143)
        #expect(bzr.compactMap { $0["inhabitants"] as? Int }.reduce(0, +) == 3_897_145)  // SOURCE.md
    }

    @Test func populationGridGivesWeightedCentroids() throws {
        let grid = try #require(try reports()["grid"] as? [String: Any])
        #expect(grid["cells"] as? Int == 26_625)
        let plr = try features("planungsraeume")
        let children = plr.compactMap { $0["grid_unter10"] as? Double }.reduce(0, +)
        #expect(children == 288_926)  // SOURCE.md: Berlin's under-10s on the 100 m grid
        let withCells = plr.filter { ($0["grid_cells"] as? Int ?? 0) > 0 }
        for area in withCells {
            let x = try #require(area["grid_centroid_x"] as? Double)
            let y = try #require(area["grid_centroid_y"] as? Double)
            #expect((370_000...415_800).contains(x) && (5_799_500...5_837_300).contains(y))
        }
    }

    @Test func manifestListsEveryInput() throws {
        let inputs = try #require(try manifest()["inputs"] as? [[String: Any]])
        let names = inputs.compactMap { $0["name"] as? String }
        for name in ["planungsraeume", "mss", "einwohner", "kitas", "kinder_raster", "bezirksregionen", "bezirke"] {
            #expect(names.contains(name))
        }
        #expect(inputs.allSatisfy { ($0["sha256"] as? String)?.count == 64 })
    }

    @Test func accessFromGridCellsToKitasAndSchools() throws {
        let access = try #require(try reports()["access"] as? [[String: Any]])
        #expect(access.count == 4)
        #expect(access.filter { $0["origins"] as? Int == 26_625 }.count == 3)
        #expect(access.contains { $0["name"] as? String == "kita_pwc" && $0["origins"] as? Int == 542 })
        let plr = try features("planungsraeume")
        let withChildren = plr.filter { ($0["kita_demand"] as? Double ?? 0) > 0 }
        #expect(withChildren.count > 400)
        for area in withChildren {
            let mean = try #require(area["kita_distance_mean"] as? Double)
            #expect(mean >= 0 && mean < 5000)
            let share = try #require(area["kita_share_beyond_500"] as? Double)
            #expect((0...1).contains(share))
            #expect(area["kita_e2sfca_fca"] is Double)
            #expect(area["kita_pwc_distance_mean"] is Double)
        }
    }

    /// "Where would a new Kita help most": components add up to the score, ranks are 1…n in order, the
    /// list is sorted by rank, areas without inputs are undefined (not zero), and the CSV matches.
    @Test func kitaRankingIsConsistentAndSorted() throws {
        let ranked = try features("kita_bedarf")
        #expect(ranked.count == 542)
        var previous = (rank: 0, score: Double.infinity)
        var undefined = 0
        for area in ranked {
            guard let rank = area["underserved_rank"] as? Int, let score = area["underserved_score"] as? Double else {
                undefined += 1
                #expect(area["underserved_rank_status"] as? String != nil)
                continue
            }
            #expect(undefined == 0, "missing ranks come last")
            let parts = ["demand_component", "access_component", "need_component"].compactMap { area[$0] as? Double }
            #expect(parts.count == 3)
            #expect(abs(parts.reduce(0, +) - score) < 1e-12)
            // Ranks of areas whose child count is suppressed ([publish.suppression]) are withheld: gaps.
            #expect(rank > previous.rank && score <= previous.score)
            #expect((area["reasons"] as? String)?.hasPrefix("vor allem ") == true)
            previous = (rank, score)
        }
        #expect(previous.rank > 500 && undefined > 0, "\(previous.rank) ranked, \(undefined) undefined")
        let csv = try String(
            contentsOf: try Self.run.get().appendingPathComponent("kita_bedarf.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\r\n")
        #expect(lines.count == 543 && lines[0].contains("PLR_ID;PLR_NAME;BEZ;underserved_rank"))
        #expect(lines[1].split(separator: ";", omittingEmptySubsequences: false)[3] == "1")
    }

    @Test func demoTilesHoldEveryAreaAtEveryZoom() throws {
        let archive = try Self.run.get().appendingPathComponent("planungsraeume.pmtiles").path
        let check = try Subprocess.run(
            "/usr/bin/env", ["python3", TestSupport.fixture("tiles/check_pmtiles.py"), archive, "PLR_ID"])
        #expect(check.status == 0, "\(check.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let ids = try #require(summary["ids"] as? [String: [String]])
        #expect((0...12).allSatisfy { ids[String($0)]?.count == 542 })
        #expect(summary["errors"] as? Int == 0)
    }

    @Test func demoPublishesWithSmallAreasSuppressedEverywhere() throws {
        let out = try Self.run.get()
        for file in [
            "planungsraeume_public.geojson", "planungsraeume_public.gpkg", "planungsraeume_public.csv",
            "kitas.geojson", "tiles.pmtiles", "tilejson.json", "style.json",
        ] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), "\(file)")
        }
        // Planungsräume with fewer than 300 residents (2024: six, two without any), from the input table: their
        // residents (suppress_population), children and rate are suppressed, in the published file and in the
        // other outputs of the run alike.
        let table = try String(
            contentsOfFile: TestSupport.geodata("berlin_population_lor_2024/einwohner_alter_plr_2024-12-31.csv"),
            encoding: .utf8)
        let smallIDs = Set(
            table.split(separator: "\n").dropFirst().compactMap { line -> String? in
                let cells = line.split(separator: ",", omittingEmptySubsequences: false)
                guard cells.count > 5, let residents = Int(cells[5]), residents < 300 else { return nil }
                return String(cells[0])
            })
        #expect(smallIDs.count == 6)
        for name in ["planungsraeume_public", "planungsraeume"] {
            let small = try features(name).filter { smallIDs.contains($0["PLR_ID"] as? String ?? "") }
            #expect(small.count == 6, "\(name)")
            for area in small {
                #expect(area["inhabitants_age_below_6"] is NSNull && area["kitaplaetze_je_kind_u6"] is NSNull)
                #expect(area["inhabitants_age_below_6_status"] as? String == "suppressed", "\(name)")
                #expect(area["inhabitants"] is NSNull && area["inhabitants_status"] as? String == "suppressed")
            }
        }
        let publish = try #require(try reports()["publish"] as? [String: Any])
        #expect((publish["missingAttribution"] as? [Any])?.isEmpty == true)
        // Roll-ups carry their parents' names from the parent input (issue 24, item 6).
        for (level, field, count) in [("bezirke", "BEZ_NAME", 12), ("bezirksregionen", "BZR_NAME", 143)] {
            let parents = try features(level)
            #expect(parents.count == count && parents.allSatisfy { !($0[field] as? String ?? "").isEmpty }, "\(level)")
        }
        #expect(try features("bezirke").contains { $0["BEZ_NAME"] as? String == "Mitte" })
        // [profiles]: a page per Planungsraum and Bezirk, each level's index recorded as a public output.
        let index = try String(contentsOf: out.appendingPathComponent("profiles/areas/index.html"), encoding: .utf8)
        #expect(index.components(separatedBy: ".html\"").count - 1 >= 542)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("profiles/bezirke/01.html").path))
        let entries = try manifest()["outputs"] as? [[String: Any]] ?? []
        let profileEntries = entries.filter { $0["role"] as? String == "area_profiles" }
        #expect(profileEntries.count == 2 && profileEntries.allSatisfy { $0["tier"] as? String == "public" })
        // The audit step: redone from the public files before the run's outputs were switched into place.
        let audit = try #require(try manifest()["publicAudit"] as? [String: Any])
        #expect(audit["passed"] as? Bool == true && (audit["cells"] as? Int ?? 0) >= 12, "\(audit)")
    }
}
