import Foundation
import QuartierTestSupport
import Testing

/// Problems in the analysis file itself: `run` and `check` name the file, line (and column) and key.
@Suite("Analysis file errors")
struct AnalysisFileTests {
    func write(_ text: String) throws -> (URL, String) {
        let folder = try TestSupport.temporaryFolder()
        let path = folder.appendingPathComponent("analysis.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (folder, path)
    }

    var valid: String {
        """
        version = 1
        [analysis]
        name = "t"
        working_crs = "EPSG:25833"

        [inputs.plr]
        source = "\(TestSupport.berlinLOR)"
        layer = "planungsraeume_2021"
        id = "PLR_ID"

        [areas]
        input = "plr"

        [outputs.plr]
        formats = ["gpkg"]
        """
    }

    func expectFailure(_ text: String, _ fragments: [String], command: String = "run") throws {
        let (folder, path) = try write(text)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let arguments = command == "run" ? ["run", path, "--out", out.path] : [command, path]
        let result = try Subprocess.run(CLI.executable, arguments)
        #expect(result.status == 1, "\(result.stderr)")
        for fragment in fragments {
            #expect(result.stderr.contains(fragment), "missing '\(fragment)' in: \(result.stderr)")
        }
        #expect(CLI.files(in: out).isEmpty)
    }

    @Test func validFileChecksAndRuns() throws {
        let (folder, path) = try write(valid)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try Subprocess.run(CLI.executable, ["check", path]).status == 0)
        let out = folder.appendingPathComponent("out").path
        #expect(try Subprocess.run(CLI.executable, ["run", path, "--out", out]).status == 0)
    }

    @Test(arguments: ["run", "check"])
    func syntaxErrorNamesLineAndColumn(_ command: String) throws {
        let broken = valid.replacingOccurrences(of: "layer = \"planungsraeume_2021\"", with: "layer = planungsraeume")
        try expectFailure(broken, ["analysis.toml:8:9", "syntax error", "strings need quotes"], command: command)
    }

    @Test(arguments: ["run", "check"])
    func unknownKeyNamesKeyAndLine(_ command: String) throws {
        let typo = valid.replacingOccurrences(of: "id = \"PLR_ID\"", with: "id = \"PLR_ID\"\nattributon = \"x\"")
        try expectFailure(typo, ["analysis.toml:10", "unknown key 'attributon'", "[inputs.plr]", "attribution"], command: command)
    }

    @Test func unknownTopLevelTable() throws {
        try expectFailure(valid + "\n[hotspot]\nfield = \"S4\"\n", ["unknown key 'hotspot' at the top level"])
    }

    @Test func missingInput() throws {
        let missing = valid.replacingOccurrences(of: "input = \"plr\"", with: "input = \"planungsraeume\"")
        try expectFailure(missing, ["analysis.toml:12", "'planungsraeume' is not declared", "declared inputs: plr"])
    }

    @Test func wrongTypeNamesTheExpectedOne() throws {
        try expectFailure(
            valid.replacingOccurrences(of: "formats = [\"gpkg\"]", with: "formats = \"gpkg\""),
            ["analysis.toml:15", "'outputs.plr.formats' must be an array of strings"])
    }

    @Test func unknownFormat() throws {
        try expectFailure(
            valid.replacingOccurrences(of: "[\"gpkg\"]", with: "[\"shp\"]"), ["unknown format 'shp'", "use gpkg, geojson"])
    }

    @Test func geographicWorkingCRS() throws {
        try expectFailure(
            valid.replacingOccurrences(of: "EPSG:25833", with: "EPSG:4326"), ["working_crs EPSG:4326 is geographic"])
    }

    @Test func checkFindsAMissingSourceAndField() throws {
        try expectFailure(
            valid.replacingOccurrences(of: TestSupport.berlinLOR, with: "nothere.gpkg"),
            ["no such file", "nothere.gpkg"], command: "check")
        try expectFailure(
            valid.replacingOccurrences(of: "formats = [\"gpkg\"]", with: "fields = [\"EINWOHNER\"]"),
            ["there is no field 'EINWOHNER'"], command: "check")
    }

    /// Issue 24, item 8: `check` reads each joined table as `run` does; a misspelled column is found there.
    @Test func checkFindsAMisspelledJoinColumn() throws {
        let join = """
            [inputs.mss]
            source = "\(TestSupport.geodata("berlin_mss_2021/mss_2021_index_indikatoren.csv"))"
            [[join]]
            table = "mss"
            key = "PLR_ID"
            zero_pad = 8
            columns = ["s4"]
            """
        try expectFailure(
            valid + "\n" + join, ["[[join]] of 'mss'", "no column 's4'", "did you mean 'S4'"], command: "check")
        let (folder, path) = try write(valid + "\n" + join.replacingOccurrences(of: "\"s4\"", with: "\"S4\""))
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try Subprocess.run(CLI.executable, ["check", path])
        #expect(result.status == 0 && result.stdout.contains("[[join]] of 'mss'"), "\(result.stderr)")
    }

    @Test func missingAnalysisFile() throws {
        let result = try CLI.run("run", "/nonexistent/analysis.toml")
        #expect(result.status == 1)
        #expect(result.stderr.contains("does not exist"))
    }
}
