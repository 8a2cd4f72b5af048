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
        let result = try Subprocess.run(CLI.executable, ["tiles"] + plr + ["--out", archive, "--maxzoom", "14"])
        #expect(result.status == 0, "\(result.stderr)")
        let check = try Subprocess.run(
            "/usr/bin/env", ["python3", TestSupport.fixture("tiles/check_pmtiles.py"), archive, "PLR_ID"])
        #expect(check.status == 0, "\(check.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        #expect(summary["errors"] as? Int == 0)
        #expect(summary["outside"] as? Int == 0)
        #expect(summary["maxZoom"] as? Int == 14)
        let ids = try #require(summary["ids"] as? [String: [String]])
        for zoom in 0...14 {
            #expect(ids[String(zoom)]?.count == 542, "zoom \(zoom)")
        }
        #expect(ids["0"]?.contains("01100101") == true)  // the key keeps its leading zero
    }

    /// Generalised along shared arcs, neighbours decode to the same integer vertices: in every tile
    /// inside Berlin each edge is walked backwards by exactly one neighbour, and no gap is wider than
    /// one tile unit (Tests/Fixtures/tiles/check_borders.py).
    @Test(arguments: [12, 14]) func sharedBordersAreIdenticalWithoutGaps(zoom: Int) throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("plr").path
        let result = try Subprocess.run(
            CLI.executable, ["tiles"] + plr + ["--out", out, "--minzoom", String(zoom), "--maxzoom", String(zoom)])
        #expect(result.status == 0, "\(result.stderr)")
        let check = try Subprocess.run(
            "/usr/bin/env", ["python3", TestSupport.fixture("tiles/check_borders.py"), out, String(zoom), "plr"])
        #expect(check.status == 0, "\(check.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        #expect((summary["interiorTiles"] as? Int ?? 0) >= 10, "\(summary)")
        #expect((summary["edges"] as? Int ?? 0) > 10_000, "\(summary)")
        #expect(summary["unmatchedEdges"] as? Int == 0, "\(summary)")
        #expect(summary["maxGapWidthOver1"] as? Int == 0, "\(summary)")
    }

    @Test func fieldsCanStartAtAZoomAndUnknownFieldsAreRefused() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("plr").path
        let result = try Subprocess.run(
            CLI.executable,
            ["tiles"] + plr + ["--out", out, "--maxzoom", "6", "--fields", "PLR_NAME,BEZ", "--field-minzoom", "PLR_NAME=5"])
        #expect(result.status == 0, "\(result.stderr)")
        let script = """
            import gzip, json, sys, mapbox_vector_tile
            out = {}
            for z, x, y in [(4, 8, 5), (6, 34, 20)]:
                data = gzip.decompress(open(f"{sys.argv[1]}/{z}/{x}/{y}.mvt", "rb").read())
                features = mapbox_vector_tile.decode(data)["plr"]["features"]
                out[str(z)] = sorted({k for f in features for k in f["properties"]})
            print(json.dumps(out))
            """
        let scriptPath = folder.appendingPathComponent("keys.py").path
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let check = try Subprocess.run("/usr/bin/env", ["python3", scriptPath, out])
        #expect(check.status == 0, "\(check.stderr)")
        let keys = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: [String]])
        #expect(keys["4"] == ["BEZ", "PLR_ID"])
        #expect(keys["6"] == ["BEZ", "PLR_ID", "PLR_NAME"])
        let unknown = try Subprocess.run(
            CLI.executable, ["tiles"] + plr + ["--out", out + "2", "--maxzoom", "6", "--field-minzoom", "EWZ=5"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no field 'EWZ'"), "\(unknown.stderr)")
        let badPair = try Subprocess.run(
            CLI.executable, ["tiles"] + plr + ["--out", out + "3", "--field-minzoom", "PLR_NAME"])
        #expect(badPair.status == 1 && badPair.stderr.contains("FIELD=ZOOM"), "\(badPair.stderr)")
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
