import Foundation
import QuartierTestSupport
import Testing

/// Every bad input: exit code 1, a message naming the file, layer or field and what to do, and no
/// output file (not even a temporary one) left behind.
@Suite("Bad input to quartier run")
struct BadInputTests {
    /// Runs an analysis over `source` and checks the failure; returns stderr.
    func failingRun(
        source: String, layer: String? = nil, id: String = "PLR_ID", extraInput: String = "", extra: String = "",
        arguments: [String] = [], expect fragments: [String]
    ) throws -> String {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let analysis = try CLI.analysis(
            in: folder, source: source, layer: layer, id: id, extraInput: extraInput, extra: extra)
        let out = folder.appendingPathComponent("out")
        let result = try Subprocess.run(CLI.executable, ["run", analysis, "--out", out.path] + arguments)
        #expect(result.status == 1, "exit \(result.status): \(result.stderr)")
        for fragment in fragments {
            #expect(result.stderr.contains(fragment), "missing '\(fragment)' in: \(result.stderr)")
        }
        #expect(!result.stderr.contains("Fatal error"))
        #expect(CLI.files(in: out).isEmpty, "left behind: \(CLI.files(in: out))")
        return result.stderr
    }

    @Test func missingFile() throws {
        _ = try failingRun(source: "/nonexistent/plr.gpkg", expect: ["no such file", "/nonexistent/plr.gpkg"])
    }

    @Test func textFileRenamedGpkg() throws {
        _ = try failingRun(
            source: TestSupport.fixture("not-a-geopackage.gpkg"),
            expect: ["cannot open", "not-a-geopackage.gpkg", "not recognized"])
    }

    @Test func geoPackageTruncatedToHalf() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = try Data(contentsOf: URL(fileURLWithPath: TestSupport.berlinLOR))
        let half = folder.appendingPathComponent("half.gpkg").path
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: half))
        _ = try failingRun(source: half, layer: "planungsraeume_2021", expect: ["half.gpkg", "damaged or truncated"])
    }

    @Test func unknownLayerListsTheAvailableOnes() throws {
        _ = try failingRun(
            source: TestSupport.berlinLOR, layer: "planungsraeume_2020",
            expect: ["there is no layer 'planungsraeume_2020'", "planungsraeume_2021", "bezirksregionen_2021", "bezirke"])
    }

    @Test func shapefileWithoutPrjSaysSoAndSuggestsCRS() throws {
        _ = try failingRun(
            source: TestSupport.fixture("no-prj/areas.shp"),
            expect: ["has no CRS", "areas.shp", "crs = \"EPSG:", "--crs"])
    }

    @Test func shapefileWithoutPrjRunsWithCRSOverride() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (extraInput, arguments) in [("crs = \"EPSG:25833\"", [String]()), ("", ["--crs", "EPSG:25833"])] {
            let analysis = try CLI.analysis(
                in: folder, source: TestSupport.fixture("no-prj/areas.shp"), extraInput: extraInput)
            let out = folder.appendingPathComponent("out")
            let result = try Subprocess.run(CLI.executable, ["run", analysis, "--out", out.path] + arguments)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("5 areas"))
        }
    }

    @Test func wrongCRSIsCaught() throws {
        _ = try failingRun(
            source: TestSupport.fixture("no-prj/areas.shp"), extraInput: "crs = \"EPSG:4326\"",
            expect: ["EPSG:4326", "look projected", "crs = \"EPSG:"])
    }

    @Test func emptyLayer() throws {
        _ = try failingRun(
            source: TestSupport.fixture("empty-layer.gpkg"), layer: "areas", expect: ["no features", "empty-layer.gpkg"])
    }

    @Test func invalidGeometriesAreListedAndRepairedOnlyWhenAsked() throws {
        let stderr = try failingRun(
            source: TestSupport.fixture("invalid-geometries.geojson"),
            expect: ["2 invalid geometries", "feature ids", "repair = true", "invalid-geometries.geojson"])
        #expect(stderr.contains("ids 1, 3") || stderr.contains("ids 2, 4"))

        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let analysis = try CLI.analysis(
            in: folder, source: TestSupport.fixture("invalid-geometries.geojson"), extraInput: "repair = true")
        let out = folder.appendingPathComponent("out")
        let result = try Subprocess.run(CLI.executable, ["run", analysis, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("repaired 2 invalid geometries"))
    }

    @Test func unknownIdFieldSuggestsTheRightCase() throws {
        _ = try failingRun(
            source: TestSupport.berlinLOR, layer: "planungsraeume_2021", id: "plr_id",
            expect: ["there is no field 'plr_id'", "Did you mean 'PLR_ID'"])
    }

    @Test func outputFolderThatCannotBeWritten() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let analysis = try CLI.analysis(in: folder, source: TestSupport.berlinLOR, layer: "planungsraeume_2021")
        let blocker = folder.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: blocker)
        let result = try Subprocess.run(
            CLI.executable, ["run", analysis, "--out", blocker.appendingPathComponent("out").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot be created"))
        #expect(result.stderr.contains("--out"))
    }

    @Test func inspectMissingFileAndUnknownLayer() throws {
        let missing = try CLI.run("inspect", "/nonexistent/x.gpkg")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent/x.gpkg"))
        let layer = try CLI.run("inspect", TestSupport.berlinLOR, "--layer", "nope")
        #expect(layer.status == 1)
        #expect(layer.stderr.contains("planungsraeume_2021"))
    }
}
