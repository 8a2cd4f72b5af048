import Foundation
import QuartierTestSupport
import Testing

/// Destinations are checked before any work: no output overwrites an input or another output, a
/// destination that cannot be written fails first, and bad arguments exit with 1 (issue 25, item 10).
@Suite("Output paths and arguments")
struct OutputPathTests {
    let plr = ["--areas", TestSupport.berlinLOR, "--layer", "planungsraeume_2021", "--id", "PLR_ID"]
    let table = TestSupport.fixture("tables/key-lost-zeros.csv")

    @Test func joinOutEqualToAreasLeavesTheInputAlone() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let areas = folder.appendingPathComponent("plr.gpkg").path
        try FileManager.default.copyItem(atPath: TestSupport.berlinLOR, toPath: areas)
        let before = try TestSupport.sha256sum(areas)
        let result = try CLI.run(
            "join", "--areas", areas, "--layer", "planungsraeume_2021", "--id", "PLR_ID", "--table", table,
            "--out", folder.appendingPathComponent(".").appendingPathComponent("plr.gpkg").path)
        #expect(result.status == 1, "exit \(result.status): \(result.stderr)")
        #expect(result.stderr.contains("same file as the input --areas"))
        #expect(try TestSupport.sha256sum(areas) == before)
    }

    @Test func reportEqualToOutIsRefused() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out.geojson").path
        let result = try CLI.run(["join"] + plr + ["--table", table, "--out", out, "--report", out])
        #expect(result.status == 1, "exit \(result.status): \(result.stderr)")
        #expect(result.stderr.contains("--report"))
        #expect(result.stderr.contains("same file as the output --out"))
        #expect(CLI.files(in: folder).isEmpty)
    }

    @Test func unwritableReportOrTimingsFailBeforeAnyOutput() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let blocker = folder.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: blocker)
        let bad = blocker.appendingPathComponent("report.json").path
        let out = folder.appendingPathComponent("out.geojson").path
        let join = try CLI.run(["join"] + plr + ["--table", table, "--out", out, "--report", bad])
        #expect(join.status == 1, "exit \(join.status): \(join.stderr)")
        #expect(join.stderr.contains("--report"))
        let hotspots = try CLI.run(
            ["hotspots"] + plr + ["--field", "PLR_ID", "--out", out, "--timings", bad])
        #expect(hotspots.status == 1, "exit \(hotspots.status): \(hotspots.stderr)")
        #expect(hotspots.stderr.contains("--timings"))
        let analysis = try CLI.analysis(in: folder, source: TestSupport.berlinLOR, layer: "planungsraeume_2021")
        let runOut = folder.appendingPathComponent("run")
        let run = try CLI.run("run", analysis, "--out", runOut.path, "--timings", bad)
        #expect(run.status == 1, "exit \(run.status): \(run.stderr)")
        #expect(run.stderr.contains("--timings"))
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(CLI.files(in: runOut).isEmpty)
    }

    @Test func emptyOutputNameIsRefused() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let analysis = try CLI.analysis(in: folder, source: TestSupport.berlinLOR, layer: "planungsraeume_2021")
        let text = try String(contentsOfFile: analysis, encoding: .utf8)
            .replacingOccurrences(of: "[outputs.result]", with: "[outputs.\"\"]")
        try text.write(toFile: analysis, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let result = try CLI.run("run", analysis, "--out", out.path)
        #expect(result.status == 1, "exit \(result.status): \(result.stderr)")
        #expect(result.stderr.contains("output name is empty"))
        #expect(CLI.files(in: out).isEmpty)
    }

    @Test(arguments: [
        ["join", "--areas", "x.gpkg"],
        ["count", "--bogus"],
        ["hotspots", "--areas", "x.gpkg", "--id", "a", "--out", "o.geojson", "--permutations", "many"],
        ["tiles"],
        ["join", "--areas", "a", "--id", "b", "--table", "t", "--out", "o.geojson", "--by-name", "x"],
    ])
    func argumentErrorsExitWithOne(arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 1, "exit \(result.status): \(result.stderr)")
        #expect(result.stderr.contains("Error:") || result.stderr.contains("error"))
    }

    @Test func helpStillExitsWithZero() throws {
        #expect(try CLI.run("--help").status == 0)
        #expect(try CLI.run("join", "--help").status == 0)
    }
}
