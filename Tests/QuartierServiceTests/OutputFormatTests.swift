import Foundation
import QuartierGDAL
import QuartierModel
import QuartierTestSupport
import Testing

/// Issue 17: every vector format of the commands (GeoJSON, GeoPackage, FlatGeobuf), and a disk that fills while
/// writing: no partial file is left and the previous output stays as it was.
@Suite("Output formats")
struct OutputFormatTests {
    /// `ulimit -f` (RLIMIT_FSIZE) stands in for a full disk: it works as root in CI, where mounting a small tmpfs
    /// may not. Quartier ignores SIGXFSZ, so write(2) fails with EFBIG as it fails with ENOSPC on a full disk.
    @Test(arguments: ["geojson", "gpkg", "fgb"])
    func aFullDiskLeavesNoPartialFileAndKeepsThePreviousOutput(format: String) throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("plr.\(format)").path
        try Data("previous".utf8).write(to: URL(fileURLWithPath: out))
        // 128 blocks of 512 bytes: 64 KiB, far less than the 542 areas need in any format.
        let result = try Subprocess.run(
            "/bin/sh",
            [
                "-c", #"ulimit -f 128 && exec "$0" "$@""#, CLI.executable, "hotspots", "--areas",
                TestSupport.berlinLOR, "--layer", "planungsraeume_2021", "--id", "PLR_ID", "--field", "GROESSE_M2",
                "--permutations", "9", "--out", out,
            ], environment: ["QUARTIER_LOG_LEVEL": "notice"], timeout: 300)
        #expect(result.status == 1, "exit \(result.status): \(result.stderr)")
        #expect(result.stderr.contains("has space"), "\(result.stderr)")
        if format == "geojson" { #expect(result.stderr.contains("File too large"), "\(result.stderr)") }
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "previous")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["plr.\(format)"])
    }

    /// `quartier hotspots --out x.fgb`: FlatGeobuf in the areas' CRS with a spatial index, read back by GDAL.
    @Test func flatGeobufFromACommand() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("plr.fgb").path
        let result = try CLI.run(
            "hotspots", "--areas", TestSupport.berlinLOR, "--layer", "planungsraeume_2021", "--id", "PLR_ID",
            "--field", "GROESSE_M2", "--permutations", "9", "--out", out)
        #expect(result.status == 0, "\(result.stderr)")
        let layer = try Dataset(opening: out).layer(named: nil)
        #expect(try layer.featureCount() == 542)
        #expect(layer.spatialReference?.epsgCode == 25833)
        #expect(layer.fields.contains { $0.name == "PLR_ID" })
        #expect(layer.hasFastSpatialFilter, "the file has its packed R-tree")
    }

    /// `[outputs.<name>] formats = ["fgb", "geojson", "gpkg"]`: the same rows in each file.
    @Test func outputsInEveryFormat() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let analysis = try CLI.analysis(
            in: folder, source: TestSupport.berlinLOR, layer: "planungsraeume_2021",
            formats: #"["fgb", "geojson", "gpkg"]"#)
        let out = folder.appendingPathComponent("out")
        let result = try CLI.run("run", analysis, "--out", out.path)
        #expect(result.status == 0, "\(result.stderr)")
        var ids: [[String]] = []
        for name in ["result.fgb", "result.geojson", "result.gpkg"] {
            let (layer, _) = try Dataset(opening: out.appendingPathComponent(name).path).layer(named: nil).readAll()
            let id = try #require(layer.fieldIndex("PLR_ID"))
            // FlatGeobuf's spatial index stores the features in Hilbert order.
            ids.append(layer.column(id).compactMap(\.stringValue).sorted())
        }
        #expect(ids[0].count == 542)
        #expect(ids[0] == ids[1] && ids[1] == ids[2])
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("result.fgb"))
    }
}
