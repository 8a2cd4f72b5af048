import Foundation
import QuartierTestSupport
import Testing

/// `quartier tiles` on the Berlin Planungsräume, decoded with real readers (python `pmtiles` and
/// `mapbox-vector-tile`, installed by `make test`).
@Suite("quartier tiles")
struct TilesCommandTests {
    let plr = [TestSupport.berlinLOR, "--layer", "planungsraeume_2021", "--id", "PLR_ID"]

    @Test func everyPlanungsraumAtEveryZoomInAPMTilesArchive() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = folder.appendingPathComponent("plr.pmtiles").path
        let result = try Subprocess.run(CLI.executable, ["tiles"] + plr + ["--out", archive, "--maxzoom", "12"])
        #expect(result.status == 0, "\(result.stderr)")
        let check = try Subprocess.run(
            "/usr/bin/env", ["python3", TestSupport.fixture("tiles/check_pmtiles.py"), archive, "PLR_ID"])
        #expect(check.status == 0, "\(check.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        #expect(summary["errors"] as? Int == 0)
        #expect(summary["outside"] as? Int == 0)
        #expect(summary["maxZoom"] as? Int == 12)
        let ids = try #require(summary["ids"] as? [String: [String]])
        for zoom in 0...12 {
            #expect(ids[String(zoom)]?.count == 542, "zoom \(zoom)")
        }
        #expect(ids["0"]?.contains("01100101") == true)  // the key keeps its leading zero
    }

    @Test func zxyFolderIsRefusedWhenNotEmptyUnlessForced() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("tiles").path
        let first = try Subprocess.run(CLI.executable, ["tiles"] + plr + ["--out", out, "--maxzoom", "8"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(FileManager.default.fileExists(atPath: out + "/0/0/0.mvt"))
        let again = try Subprocess.run(CLI.executable, ["tiles"] + plr + ["--out", out, "--maxzoom", "8"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("--force"))
        let forced = try Subprocess.run(CLI.executable, ["tiles"] + plr + ["--out", out, "--maxzoom", "8", "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
    }

    @Test func badInputGetsAClearMessage() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("x.pmtiles").path
        let deep = try Subprocess.run(CLI.executable, ["tiles"] + plr + ["--out", out, "--maxzoom", "19"])
        #expect(deep.status == 1 && deep.stderr.contains("maxzoom 19"))
        let noCRS = try Subprocess.run(
            CLI.executable, ["tiles", TestSupport.fixture("no-prj/areas.shp"), "--id", "PLR_ID", "--out", out])
        #expect(noCRS.status == 1 && noCRS.stderr.contains("no CRS"), "\(noCRS.stderr)")
        let empty = try Subprocess.run(
            CLI.executable, ["tiles", TestSupport.fixture("empty-layer.gpkg"), "--id", "PLR_ID", "--out", out])
        #expect(empty.status == 1 && empty.stderr.contains("no features"), "\(empty.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func polarPolygonsAreClampedAndReported() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("polar.geojson").path
        try """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"id":"nord"},"geometry":{"type":"Polygon","coordinates":\
            [[[10,84],[12,84],[12,88],[10,88],[10,84]]]}},
            {"type":"Feature","properties":{"id":"berlin"},"geometry":{"type":"Polygon","coordinates":\
            [[[13.3,52.5],[13.4,52.5],[13.4,52.6],[13.3,52.6],[13.3,52.5]]]}}]}
            """.write(toFile: source, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("polar.pmtiles").path
        let result = try Subprocess.run(CLI.executable, ["tiles", source, "--id", "id", "--out", out, "--maxzoom", "4"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("clamped"))
        let check = try Subprocess.run(
            "/usr/bin/env", ["python3", TestSupport.fixture("tiles/check_pmtiles.py"), out, "id"])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let ids = try #require(summary["ids"] as? [String: [String]])
        #expect((0...4).allSatisfy { ids[String($0)] == ["berlin", "nord"] })
    }
}
