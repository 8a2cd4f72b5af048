import Foundation
import QuartierTestSupport
import Testing

/// Values and sizes out of range in input files and arguments: no conversion traps, every size is
/// bounded with a message naming the key or flag (issue 25, items 2 and 9).
@Suite("Values and sizes out of range")
struct ValueRangeTests {
    let plr = ["--areas", TestSupport.berlinLOR, "--layer", "planungsraeume_2021", "--id", "PLR_ID"]

    /// Two points in Mitte whose `e_platz` values sum beyond Int64.
    func hugePoints(in folder: URL) throws -> String {
        let points = folder.appendingPathComponent("huge.geojson")
        try """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"e_platz":9.3e18},"geometry":{"type":"Point","coordinates":[13.4094,52.5208]}},
        {"type":"Feature","properties":{"e_platz":1e19},"geometry":{"type":"Point","coordinates":[13.4095,52.5209]}}]}
        """.write(to: points, atomically: true, encoding: .utf8)
        return points.path
    }

    @Test func countSumBeyondInt64StaysAReal() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out.geojson").path
        let result = try CLI.run(
            ["count"] + plr + ["--points", try hugePoints(in: folder), "--sum", "e_platz", "--out", out])
        #expect(result.status == 0, "exit \(result.status): \(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any]
        let sums = (json?["features"] as? [[String: Any]] ?? []).compactMap {
            ($0["properties"] as? [String: Any])?["sum_e_platz"] as? Double
        }
        #expect(sums.contains { TestSupport.isClose($0, 1.93e19) })
    }

    @Test(arguments: ["10000000", "9223372036854775807", "0", "-3"])
    func zeroPadOutOfRangeIsRefused(width: String) throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out.geojson").path
        let start = Date()
        let result = try CLI.run(
            ["join"] + plr + [
                "--table", TestSupport.fixture("tables/key-lost-zeros.csv"), "--zero-pad=\(width)", "--out", out,
            ])
        #expect(Date().timeIntervalSince(start) < 30)
        #expect(result.status == 1, "exit \(result.status): \(result.stderr)")
        #expect(result.stderr.contains("zero_pad (--zero-pad) is \(width)"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// An analysis with one join and one count step; `joinExtra` and `countExtra` go into their sections.
    func analysis(in folder: URL, joinExtra: String = "", countExtra: String = "") throws -> String {
        let text = """
            [analysis]
            name = "ranges"
            working_crs = "EPSG:25833"

            [inputs.plr]
            source = "\(TestSupport.berlinLOR)"
            layer = "planungsraeume_2021"
            id = "PLR_ID"

            [inputs.kitas]
            source = "\(TestSupport.geodata("berlin_education_facilities/kitas_berlin_2022-12.geojson"))"

            [inputs.table]
            source = "\(TestSupport.fixture("tables/key-lost-zeros.csv"))"

            [areas]
            input = "plr"

            [[join]]
            table = "table"
            \(joinExtra)

            [[count]]
            points = "kitas"
            \(countExtra)

            [outputs.result]
            formats = ["geojson"]
            """
        let path = folder.appendingPathComponent("ranges.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func zeroPadInAnAnalysisFileNamesTheLine() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try analysis(in: folder, joinExtra: "zero_pad = 9223372036854775807")
        for command in [["check", file], ["run", file, "--out", folder.appendingPathComponent("out").path]] {
            let result = try CLI.run(command)
            #expect(result.status == 1, "exit \(result.status): \(result.stderr)")
            #expect(result.stderr.contains("ranges.toml:21"), "\(result.stderr)")
            #expect(result.stderr.contains("zero_pad"))
        }
    }

    @Test func repeatedSumFieldsAreRefusedQuickly() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let repeated = Array(repeating: "\"e_platz\"", count: 3000).joined(separator: ", ")
        let file = try analysis(in: folder, countExtra: "sum = [\(repeated)]")
        let start = Date()
        let checked = try CLI.run("check", file)
        #expect(checked.status == 1, "exit \(checked.status): \(checked.stderr)")
        #expect(checked.stderr.contains("ranges.toml:25"), "\(checked.stderr)")

        let out = folder.appendingPathComponent("out.geojson").path
        let kitas = TestSupport.geodata("berlin_education_facilities/kitas_berlin_2022-12.geojson")
        let twice = try CLI.run(
            ["count"] + plr + ["--points", kitas, "--out", out, "--sum", "e_platz", "--sum", "e_platz"])
        #expect(twice.status == 1, "exit \(twice.status): \(twice.stderr)")
        #expect(twice.stderr.contains("'e_platz' is named twice"))
        let many = try CLI.run(
            ["count"] + plr + ["--points", kitas, "--out", out] + (0...100).flatMap { ["--sum", "f\($0)"] })
        #expect(many.status == 1, "exit \(many.status): \(many.stderr)")
        #expect(many.stderr.contains("101 fields to sum; at most 100"))
        #expect(Date().timeIntervalSince(start) < 60)
    }

    @Test func inspectJSONWritesNullForAnInfiniteExtent() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("inf.geojson")
        try """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"A1"},"geometry":
            {"type":"Polygon","coordinates":[[[13.4,52.5],[1e999,52.5],[13.5,52.6],[13.4,52.5]]]}}]}
            """.write(to: path, atomically: true, encoding: .utf8)
        let result = try CLI.run("inspect", "--json", path.path)
        #expect(result.status == 0, "exit \(result.status): \(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let layer = (json?["layers"] as? [[String: Any]])?.first
        #expect(layer?["extent"] is NSNull)
        #expect((layer?["note"] as? String)?.contains("not finite") == true)
    }

    /// Issue 25, item 13 (the corpus through `inspect`): coordinates that every other command refuses — x and y
    /// swapped in EPSG:25833, degrees declared as EPSG:25833, a 20,000 km polygon — were shown without a word. inspect
    /// still describes the file and exits 0, and names the problem with the same check, in text and JSON.
    @Test(arguments: [
        ("[[5820000,390000],[5820500,390000],[5820500,390500],[5820000,390500],[5820000,390000]]", "outside the area of use"),
        ("[[13.3,52.4],[13.31,52.4],[13.31,52.41],[13.3,52.41],[13.3,52.4]]", "they look like degrees"),
        ("[[0,0],[20000000,0],[20000000,20000000],[0,20000000],[0,0]]", "cannot be located on Earth"),
    ])
    func inspectNamesWhatTheCommandsRefuse(ring: String, problem: String) throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("areas.geojson")
        try """
            {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:25833"}},"features":[
            {"type":"Feature","properties":{"id":"A1"},"geometry":{"type":"Polygon","coordinates":[\(ring)]}}]}
            """.write(to: path, atomically: true, encoding: .utf8)
        let text = try CLI.run("inspect", path.path)
        #expect(text.status == 0, "exit \(text.status): \(text.stderr)")
        #expect(text.stdout.contains("problem: ") && text.stdout.contains(problem), "\(text.stdout)")
        let refused = try CLI.run("tiles", path.path, "--id", "id", "--out", folder.appendingPathComponent("t.pmtiles").path)
        #expect(refused.status == 1 && refused.stderr.contains(problem), "\(refused.stderr)")
        let json = try CLI.run("inspect", "--json", path.path)
        let layer = ((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["layers"]
            as? [[String: Any]])?.first
        #expect((layer?["problems"] as? [String])?.first?.contains(problem) == true, "\(json.stdout)")
    }

    @Test func inspectNamesAMissingDBF() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shp = folder.appendingPathComponent("bezirke.shp").path
        let made = try Subprocess.run(
            "/usr/bin/ogr2ogr", ["-f", "ESRI Shapefile", shp, TestSupport.berlinLOR, "bezirke"])
        #expect(made.status == 0, "\(made.stderr)")
        let complete = try CLI.run("inspect", shp)
        #expect(complete.status == 0 && !complete.stdout.contains("problem:"), "\(complete.stdout)")
        try FileManager.default.removeItem(atPath: folder.appendingPathComponent("bezirke.dbf").path)
        let result = try CLI.run("inspect", shp)
        #expect(result.status == 0 && result.stdout.contains("problem: no .dbf beside the .shp"), "\(result.stdout)")
    }

    @Test func inspectNamesNoProblemInPlausibleData() throws {
        let result = try CLI.run("inspect", "--json", TestSupport.berlinLOR, "--layer", "bezirke")
        let layer = ((try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])?["layers"]
            as? [[String: Any]])?.first
        #expect(result.status == 0 && layer != nil && layer?["problems"] == nil, "\(result.stdout)")
    }
}
