import Foundation
import QuartierGDAL
import QuartierTestSupport
import Testing

/// `quartier join` and `quartier count` on Berlin, with the bad inputs planners meet.
@Suite("quartier join and count")
struct JoinCountCommandTests {
    let plr = ["--areas", TestSupport.berlinLOR, "--layer", "planungsraeume_2021", "--id", "PLR_ID"]

    func report(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] ?? [:]
    }

    func properties(_ path: String) throws -> [[String: Any]] {
        let json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        return (json?["features"] as? [[String: Any]] ?? []).compactMap { $0["properties"] as? [String: Any] }
    }

    @Test func windows1252TableJoinsByNameWithUmlauts() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text =
            "Planungsraum;Kinder;Kita-Quote\nStülerstraße;165;\"91,5\"\nGroßer Tiergarten;12;.\nLützowstraße;230;x\nNirgendwo;5;1\n"
        let table = folder.appendingPathComponent("kinder.csv")
        try #require(text.data(using: .windowsCP1252)).write(to: table)
        let out = folder.appendingPathComponent("out.geojson").path
        let reportPath = folder.appendingPathComponent("report.json").path
        let result = try CLI.run(
            "join", "--areas", TestSupport.berlinLOR, "--layer", "planungsraeume_2021", "--id", "PLR_ID", "--table",
            table.path, "--by-name", "PLR_NAME:Planungsraum", "--out", out, "--report", reportPath)
        #expect(result.status == 0, "\(result.stderr)")
        let r = try report(reportPath)
        #expect(r["matched"] as? Int == 3)
        #expect(r["unmatchedTableRows"] as? [String] == ["nirgendwo"])
        #expect((r["areasWithoutRow"] as? [Any])?.count == 539)
        #expect((r["dialect"] as? [String: Any])?["encoding"] as? String == "Windows-1252")
        #expect((r["dialect"] as? [String: Any])?["delimiter"] as? String == ";")
        let areas = try properties(out)
        let stueler = try #require(areas.first { $0["PLR_NAME"] as? String == "Stülerstraße" })
        #expect(stueler["Kinder"] as? Int == 165)
        #expect(stueler["Kita-Quote"] as? Double == 91.5)
        let tiergarten = try #require(areas.first { $0["PLR_NAME"] as? String == "Großer Tiergarten" })
        #expect(tiergarten["Kita-Quote"] is NSNull)
        #expect(tiergarten["Kita-Quote_status"] as? String == "secret")
        let luetzow = try #require(areas.first { $0["PLR_NAME"] as? String == "Lützowstraße" })
        #expect(luetzow["Kita-Quote_status"] as? String == "blocked")
        let other = try #require(areas.first { $0["PLR_ID"] as? String == "12500926" })
        #expect(other["Kinder_status"] as? String == "no_row")
    }

    @Test func lostLeadingZerosAreReportedThenMatchedWithZeroPad() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out.gpkg").path
        let reportPath = folder.appendingPathComponent("report.json").path
        let table = TestSupport.fixture("tables/key-lost-zeros.csv")
        // Not one key matches: a join that would give every area `no_row` is refused, with the advice.
        let plain = try Subprocess.run(
            CLI.executable, ["join"] + plr + ["--table", table, "--out", out, "--report", reportPath])
        #expect(plain.status == 1, "\(plain.stderr)")
        #expect(plain.stderr.contains("none of its 4 keys is the key of one of the 542 areas"), "\(plain.stderr)")
        #expect(plain.stderr.contains("zero_pad = 8"))
        #expect(CLI.files(in: folder).isEmpty, "\(CLI.files(in: folder))")
        let padded = try Subprocess.run(
            CLI.executable,
            ["join"] + plr + ["--table", table, "--zero-pad", "8", "--out", out, "--report", reportPath])
        #expect(padded.status == 0, "\(padded.stderr)")
        #expect(try report(reportPath)["matched"] as? Int == 4)
        let layer = try Dataset(opening: out).layer(named: nil)
        #expect(layer.spatialReference?.epsgCode == 25833)
        #expect(layer.fields.map(\.name).contains("Kinder_unter_6"))
    }

    @Test func duplicateKeysStopUnlessFirstOrSum() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let table = folder.appendingPathComponent("dup.csv")
        try "PLR_ID;Kinder\n01100101;10\n01100101;5\n01100102;7\n".write(to: table, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out.geojson")
        let failed = try Subprocess.run(CLI.executable, ["join"] + plr + ["--table", table.path, "--out", out.path])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("duplicate keys (01100101)"))
        #expect(failed.stderr.contains("--duplicates"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let summed = try Subprocess.run(
            CLI.executable, ["join"] + plr + ["--table", table.path, "--duplicates", "sum", "--out", out.path])
        #expect(summed.status == 0, "\(summed.stderr)")
        let area = try properties(out.path).first { $0["PLR_ID"] as? String == "01100101" }
        #expect(area?["Kinder"] as? Int == 15)
    }

    @Test func mixedDelimitersAreAnErrorNamingTheLine() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out.geojson").path
        let result = try Subprocess.run(
            CLI.executable,
            [
                "join", "--areas", TestSupport.berlinLOR, "--layer", "bezirke", "--id", "BEZ_ID", "--table",
                TestSupport.fixture("tables/mixed-delimiters.csv"), "--by-name", "BEZ_NAME:Bezirk", "--out", out,
            ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("mixed-delimiters.csv"))
        #expect(result.stderr.contains("line 4"))
        #expect(CLI.files(in: folder).isEmpty)
    }

    @Test func headerOnRow4WithFootnotesJoinsBezirkeByName() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out.geojson").path
        let reportPath = folder.appendingPathComponent("report.json").path
        let result = try Subprocess.run(
            CLI.executable,
            [
                "join", "--areas", TestSupport.berlinLOR, "--layer", "bezirke", "--id", "BEZ_ID", "--table",
                TestSupport.fixture("tables/header-row-4.csv"), "--by-name", "BEZ_NAME:Bezirk", "--out", out,
                "--report", reportPath,
            ])
        #expect(result.status == 0, "\(result.stderr)")
        let r = try report(reportPath)
        #expect((r["dialect"] as? [String: Any])?["headerRow"] as? Int == 4)
        #expect(r["matched"] as? Int == 4)
        #expect(r["unmatchedTableRows"] as? [String] == ["berlin"])  // the total row is reported, not dropped
        let neukoelln = try properties(out).first { $0["BEZ_NAME"] as? String == "Neukölln" }
        #expect(neukoelln?["darunter Ausländer_status"] as? String == "blocked")
        #expect(neukoelln?["Einwohner"] as? Int == 330_017)
    }

    @Test func countsKitasWithPlacesStoredAsText() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("kitas.geojson").path
        let reportPath = folder.appendingPathComponent("report.json").path
        let kitas = TestSupport.geodata("berlin_education_facilities/kitas_berlin_2022-12.geojson")
        let result = try Subprocess.run(
            CLI.executable,
            ["count"] + plr + ["--points", kitas, "--sum", "e_platz", "--out", out, "--report", reportPath])
        #expect(result.status == 0, "\(result.stderr)")
        let areas = try properties(out)
        #expect(areas.compactMap { $0["n_points"] as? Int }.reduce(0, +) == 2880)
        #expect(areas.compactMap { $0["sum_e_platz"] as? Int }.reduce(0, +) == 194_979)
        let r = try report(reportPath)
        #expect((r["pointsOutside"] as? [Any])?.isEmpty == true)
        #expect((r["pointsWithoutGeometry"] as? [Any])?.isEmpty == true)
    }

    @Test func countsPointsInAnotherCRSByCategory() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("schulen.geojson").path
        let libraries = TestSupport.geodata("berlin_education_facilities/bibliotheken_berlin_osm_2025-09.geojson")
        let result = try Subprocess.run(CLI.executable, ["count"] + plr + ["--points", libraries, "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("105 of 105 points inside"))  // EPSG:4326 points, reprojected
        let schools = TestSupport.geodata("berlin_education_facilities/schulen_berlin_2023-10.geojson")
        let byType = try Subprocess.run(
            CLI.executable, ["count"] + plr + ["--points", schools, "--by", "schulart", "--out", out])
        #expect(byType.status == 0, "\(byType.stderr)")
        let areas = try properties(out)
        #expect(areas.compactMap { $0["n_schulart_Grundschule"] as? Int }.reduce(0, +) == 430)  // SOURCE.md
    }

    /// Points of which not one lies in an area (here the Kitas with longitude and latitude swapped, declared as
    /// such in their own file) are refused: a count of 0 everywhere would look like a result.
    @Test func pointsOfWhichNoneLiesInAnAreaAreRefused() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let points = folder.appendingPathComponent("elsewhere.geojson")
        try """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"id":"a"},"geometry":{"type":"Point","coordinates":[9.99,53.55]}},
        {"type":"Feature","properties":{"id":"b"},"geometry":{"type":"Point","coordinates":[11.58,48.14]}}]}
        """.write(to: points, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out").appendingPathComponent("c.geojson").path
        let result = try Subprocess.run(CLI.executable, ["count"] + plr + ["--points", points.path, "--out", out])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(
            result.stderr.contains(points.path) && result.stderr.contains("none of its 2 points lies inside an area"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func pointsWithoutGeometryAndOutsideAreReportedByID() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let points = folder.appendingPathComponent("points.geojson")
        try """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"name":"in"},"geometry":{"type":"Point","coordinates":[13.4094,52.5208]}},
        {"type":"Feature","properties":{"name":"nowhere"},"geometry":null},
        {"type":"Feature","properties":{"name":"Hamburg"},"geometry":{"type":"Point","coordinates":[9.99,53.55]}}]}
        """.write(to: points, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out.geojson").path
        let reportPath = folder.appendingPathComponent("report.json").path
        let result = try Subprocess.run(
            CLI.executable, ["count"] + plr + ["--points", points.path, "--out", out, "--report", reportPath])
        #expect(result.status == 0, "\(result.stderr)")
        let r = try report(reportPath)
        #expect((r["pointsWithoutGeometry"] as? [String])?.count == 1)
        #expect((r["pointsOutside"] as? [String])?.count == 1)
        #expect(r["inside"] as? Int == 1)
        #expect(result.stdout.contains("1 outside every area"))
    }

    @Test func spreadsheetTableJoins542() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out.gpkg").path
        let reportPath = folder.appendingPathComponent("report.json").path
        let result = try Subprocess.run(
            CLI.executable,
            ["join"] + plr + [
                "--table", TestSupport.geodata("berlin_mss_2021/mss_2021.xlsx"), "--out", out, "--report", reportPath,
            ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try report(reportPath)["matched"] as? Int == 542)
        #expect(try report(reportPath)["renamedColumns"] as? [String: String] == ["PLR_NAME": "PLR_NAME_table"])
    }

    @Test func aliasFileMarksMergedUnits() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let table = folder.appendingPathComponent("bezirke.csv")
        try "Bezirk;Kinder\nMitte und Pankow;900\nNeukölln;400\n".write(to: table, atomically: true, encoding: .utf8)
        let alias = folder.appendingPathComponent("alias.csv")
        try "Einheit;Bezirk\nMitte und Pankow;Mitte\nMitte und Pankow;Pankow\n".write(
            to: alias, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out.geojson").path
        let reportPath = folder.appendingPathComponent("report.json").path
        let result = try Subprocess.run(
            CLI.executable,
            [
                "join", "--areas", TestSupport.berlinLOR, "--layer", "bezirke", "--id", "BEZ_ID", "--table", table.path,
                "--by-name", "BEZ_NAME:Bezirk", "--alias", alias.path, "--out", out, "--report", reportPath,
            ])
        #expect(result.status == 0, "\(result.stderr)")
        let r = try report(reportPath)
        #expect(r["matched"] as? Int == 1)
        #expect((r["merged"] as? [String: [String]])?["Mitte und Pankow"]?.sorted() == ["Mitte", "Pankow"])
        let bezirke = try properties(out)
        let mitte = bezirke.first { $0["BEZ_NAME"] as? String == "Mitte" }
        #expect(mitte?["Kinder_status"] as? String == "merged")
        #expect(bezirke.first { $0["BEZ_NAME"] as? String == "Neukölln" }?["Kinder"] as? Int == 400)
        #expect((r["areasWithoutRow"] as? [String])?.count == 9)
    }
}
