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

    /// The same layer written as PMTiles, MBTiles and z/x/y holds byte-identical tiles in all three
    /// (Fixtures/tiles/verify_tiles.py: python `pmtiles`, python `sqlite3` with TMS rows, the files).
    @Test func theThreeFormatsHoldTheSameTileBytes() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let paths = ["plr.pmtiles", "plr", "plr.mbtiles"].map { folder.appendingPathComponent($0).path }
        for path in paths {
            let result = try Subprocess.run(CLI.executable, ["tiles"] + plr + ["--out", path, "--maxzoom", "13"])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let check = try Subprocess.run(
            "/usr/bin/env", ["python3", TestSupport.fixture("tiles/verify_tiles.py")] + paths)
        #expect(check.status == 0, "\(check.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        #expect(summary["failures"] as? [String] == [])
        #expect((summary["tiles"] as? Int ?? 0) > 200)
        #expect(summary["zooms"] as? [Int] == Array(0...13))
        let same = ["missing": 0, "extra": 0, "different": 0]
        #expect(summary["zxy"] as? [String: Int] == same)
        let mbtiles = try #require(summary["mbtiles"] as? [String: Int])
        #expect(mbtiles.filter { $0.key != "images" } == same)
        #expect(mbtiles["images"] == summary["contents"] as? Int)
        // vector_layers names the MVT layer (the output's stem), not the source layer.
        let meta = try #require(summary["metadata"] as? [String: Any])
        let layers = try #require(meta["vector_layers"] as? [[String: Any]])
        #expect(layers.first?["id"] as? String == "plr")
        #expect((layers.first?["fields"] as? [String: String])?["PLR_ID"] == "String")
    }

    /// GDAL's MBTiles driver (vector tiles through the `json` metadata row) opens the tileset and finds
    /// the layer; its metadata names the zooms and the bounds.
    @Test func gdalOpensTheMBTiles() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("plr.mbtiles").path
        let result = try Subprocess.run(CLI.executable, ["tiles"] + plr + ["--out", out, "--maxzoom", "10"])
        #expect(result.status == 0, "\(result.stderr)")
        let info = try Subprocess.run("/usr/bin/env", ["ogrinfo", "-ro", "-so", "-al", out])
        #expect(info.status == 0, "\(info.stderr)")
        #expect(info.stdout.contains("using driver `MBTiles'"), "\(info.stdout)")
        #expect(info.stdout.contains("Layer name: plr"), "\(info.stdout)")
        #expect(info.stdout.contains("PLR_ID: String"), "\(info.stdout)")
        let count = info.stdout.split(separator: "\n").first { $0.hasPrefix("Feature Count:") }
        #expect((count.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0) >= 542, "\(info.stdout)")
        #expect(info.stdout.contains("ZOOM_LEVEL=10"), "\(info.stdout)")
    }

    /// An existing MBTiles is refused without `--force` and left untouched; with it, replaced, leaving no
    /// temporary file. A run refused for bad input leaves no file either (a failure while tiles are
    /// written is tested per format in TileOutputTests.aFailedRunLeavesNothing).
    @Test func existingMBTilesIsRefusedWithoutForceAndFailuresLeaveNothing() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("plr.mbtiles").path
        try Data("not a tileset".utf8).write(to: URL(fileURLWithPath: out))
        let refused = try Subprocess.run(CLI.executable, ["tiles"] + plr + ["--out", out, "--maxzoom", "6"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("--force"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "not a tileset")
        let forced = try Subprocess.run(CLI.executable, ["tiles"] + plr + ["--out", out, "--maxzoom", "6", "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        let magic = try FileHandle(forReadingFrom: URL(fileURLWithPath: out)).read(upToCount: 15)
        #expect(magic == Data("SQLite format 3".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["plr.mbtiles"])

        let other = folder.appendingPathComponent("other.mbtiles").path
        let failed = try Subprocess.run(
            CLI.executable,
            ["tiles", TestSupport.berlinLOR, "--layer", "planungsraeume_2021", "--id", "NOPE", "--out", other])
        #expect(failed.status == 1, "\(failed.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["plr.mbtiles"])
    }

    /// `[[tiles]]` with `format = "mbtiles"` writes `<name>.mbtiles` into the output folder, listed with its
    /// hash in the manifest; a second run replaces it (an analysis run always replaces its outputs).
    @Test func analysisStepWritesMBTiles() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let analysis = folder.appendingPathComponent("analysis.toml").path
        let text = AnalysisFileTests().valid + "\n[[tiles]]\nname = \"plr\"\nmaxzoom = 6\nformat = \"mbtiles\"\n"
        try text.write(toFile: analysis, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out").path
        for _ in 0..<2 {
            let result = try Subprocess.run(CLI.executable, ["run", analysis, "--out", out])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(files == ["manifest.json", "plr.gpkg", "plr.mbtiles"])
        let manifest = try String(contentsOfFile: out + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"path\" : \"plr.mbtiles\""), "\(manifest)")
        let info = try Subprocess.run("/usr/bin/env", ["ogrinfo", "-ro", "-so", out + "/plr.mbtiles"])
        #expect(info.status == 0 && info.stdout.contains("1: plr"), "\(info.stdout) \(info.stderr)")

        try text.replacingOccurrences(of: "\"mbtiles\"", with: "\"sqlite\"")
            .write(toFile: analysis, atomically: true, encoding: .utf8)
        let bad = try Subprocess.run(CLI.executable, ["check", analysis])
        #expect(bad.status == 1 && bad.stderr.contains("\"pmtiles\", \"mbtiles\" or \"zxy\""), "\(bad.stderr)")
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
