import Foundation
import QuartierGDAL
import QuartierModel
import QuartierTestSupport
import Testing

/// `quartier hotspots` end to end: output fields, states, reproducibility across threads, bad input.
@Suite("quartier hotspots")
struct HotspotCommandTests {
    /// The Berlin Planungsräume with MSS S4 joined (6 missing), made once with `quartier join`.
    static let berlinS4: Result<String, any Error> = {
        do {
            let folder = try TestSupport.temporaryFolder("quartier-hotspots")
            let out = folder.appendingPathComponent("plr_s4.gpkg").path
            let result = try Subprocess.run(
                CLI.executable,
                ["join", "--areas", TestSupport.berlinLOR, "--layer", "planungsraeume_2021", "--id", "PLR_ID", "--table",
                 TestSupport.geodata("berlin_mss_2021/mss_2021.csv"), "--out", out])
            guard result.status == 0 else { throw HotspotTestError(message: result.stderr) }
            return .success(out)
        } catch {
            return .failure(error)
        }
    }()

    struct HotspotTestError: Error { var message: String }

    func run(_ arguments: [String]) throws -> (Subprocess.Result, URL) {
        let folder = try TestSupport.temporaryFolder()
        let result = try Subprocess.run(
            CLI.executable,
            ["hotspots", "--areas", try Self.berlinS4.get(), "--id", "PLR_ID", "--out",
             folder.appendingPathComponent("out.geojson").path, "--summary", folder.appendingPathComponent("summary.json").path]
                + arguments)
        return (result, folder)
    }

    func features(_ folder: URL) throws -> [[String: Any]] {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("out.geojson")))
        return ((json as? [String: Any])?["features"] as? [[String: Any]] ?? []).compactMap { $0["properties"] as? [String: Any] }
    }

    @Test func berlinChildPovertyHasTheDocumentedFields() throws {
        let (result, folder) = try run(["--field", "S4", "--permutations", "199", "--timings",
            FileManager.default.temporaryDirectory.appendingPathComponent("t-\(UUID().uuidString).json").path])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(result.status == 0, "\(result.stderr)")
        let areas = try features(folder)
        #expect(areas.count == 542)
        for field in ["GiZScore", "GiPValue", "Gi_Bin", "LMiIndex", "LMiZScore", "LMiPValue", "COType", "NNeighbors", "state"] {
            #expect(areas[0].keys.contains(field), "\(field)")
        }
        #expect(areas.filter { $0["state"] as? String == "undefined" }.count == 6)
        for area in areas where area["state"] as? String == "undefined" {
            #expect(area["GiZScore"] is NSNull)
            #expect(area["GiZScore_status"] as? String == "undefined")
        }
        #expect(areas.allSatisfy { ["HH", "LL", "HL", "LH", ""].contains($0["COType"] as? String ?? "null") || $0["COType"] is NSNull })
        #expect(areas.compactMap { $0["Gi_Bin"] as? Int }.allSatisfy { (-3...3).contains($0) })
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("summary.json")))
        let moran = ((summary as? [String: Any])?["moran"] as? [String: Any]) ?? [:]
        #expect((moran["I"] as? Double ?? 0) > 0.4)  // child poverty clusters strongly in Berlin
        #expect((summary as? [String: Any])?["n"] as? Int == 536)
    }

    @Test func sameSeedSameBytesOnOneOrFourThreads() throws {
        let (one, a) = try run(["--field", "S4", "--permutations", "99", "--threads", "1", "--seed", "7"])
        let (four, b) = try run(["--field", "S4", "--permutations", "99", "--threads", "4", "--seed", "7"])
        defer {
            try? FileManager.default.removeItem(at: a)
            try? FileManager.default.removeItem(at: b)
        }
        #expect(one.status == 0 && four.status == 0)
        let first = try Data(contentsOf: a.appendingPathComponent("out.geojson"))
        let second = try Data(contentsOf: b.appendingPathComponent("out.geojson"))
        #expect(first == second)
    }

    @Test func weightsAreSavedAndReadBack() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let gal = folder.appendingPathComponent("queen.gal").path
        let (saved, a) = try run(["--field", "S4", "--permutations", "0", "--save-weights", gal])
        let (read, b) = try run(["--field", "S4", "--permutations", "0", "--weights-file", gal])
        defer {
            try? FileManager.default.removeItem(at: a)
            try? FileManager.default.removeItem(at: b)
        }
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(read.status == 0, "\(read.stderr)")
        #expect(try String(contentsOfFile: gal, encoding: .utf8).hasPrefix("0 542"))
        #expect(try features(a).map { $0["GiZScore"] as? Double } == features(b).map { $0["GiZScore"] as? Double })
    }

    /// Issue 17, item 2: only the fields the analysis uses are read; `--keep` carries further ones, `--keep all`
    /// every one; a kept field the areas lack is an error before anything is computed.
    @Test func onlyTheUsedFieldsAreReadUnlessKept() throws {
        let results = ["GiZScore", "GiPValue", "Gi_Bin", "LMiIndex", "LMiZScore", "LMiPValue", "COType", "NNeighbors"]
        let (plain, a) = try run(["--field", "S4", "--permutations", "0"])
        let (kept, b) = try run(["--field", "S4", "--permutations", "0", "--keep", "PLR_NAME"])
        let (all, c) = try run(["--field", "S4", "--permutations", "0", "--keep", "all"])
        let (typo, d) = try run(["--field", "S4", "--permutations", "0", "--keep", "PLR_Name"])
        defer { for folder in [a, b, c, d] { try? FileManager.default.removeItem(at: folder) } }
        #expect(plain.status == 0 && kept.status == 0 && all.status == 0, "\(plain.stderr)\(kept.stderr)\(all.stderr)")
        let source = Set(try Dataset(opening: try Self.berlinS4.get()).layers()[0].fields.map(\.name))
        func sourceFields(_ folder: URL) throws -> Set<String> {
            Set(try features(folder).flatMap(\.keys)).intersection(source)
        }
        #expect(try sourceFields(a) == ["PLR_ID", "S4"])
        #expect(try sourceFields(b) == ["PLR_ID", "S4", "PLR_NAME"])
        #expect(try sourceFields(c) == source)
        #expect(Set(try features(a)[0].keys).isSuperset(of: results))
        #expect(try features(a).map { $0["GiZScore"] as? Double } == features(c).map { $0["GiZScore"] as? Double })
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("no field 'PLR_Name'") && typo.stderr.contains("Did you mean 'PLR_NAME'"), "\(typo.stderr)")
        #expect(!FileManager.default.fileExists(atPath: d.appendingPathComponent("out.geojson").path))
    }

    @Test func badInputGetsAClearMessage() throws {
        let cases: [([String], String)] = [
            (["--field", "PLR_NAME"], "is not numeric"),
            (["--field", "nothing"], "no field 'nothing'"),
            (["--field", "S4", "--weights", "distance:1"], "every area"),
            (["--field", "S4", "--weights", "hexagons"], "not understood"),
            (["--field", "S4", "--transform", "X"], "R or B"),
        ]
        for (arguments, message) in cases {
            let (result, folder) = try run(arguments)
            defer { try? FileManager.default.removeItem(at: folder) }
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out.geojson").path))
        }
    }

    @Test func constantFieldAndTooFewAreas() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let areas = folder.appendingPathComponent("areas.geojson").path
        func square(_ x: Int, _ value: String) -> String {
            let x0 = 13.30 + Double(x) * 0.01
            return """
                {"type":"Feature","properties":{"id":"\(x)","v":\(value)},"geometry":{"type":"Polygon","coordinates":\
                [[[\(x0),52.5],[\(x0 + 0.01),52.5],[\(x0 + 0.01),52.51],[\(x0),52.51],[\(x0),52.5]]]}}
                """
        }
        let constant = (0..<5).map { square($0, "3") }.joined(separator: ",")
        try "{\"type\":\"FeatureCollection\",\"features\":[\(constant)]}".write(toFile: areas, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out.geojson").path
        let flat = try Subprocess.run(CLI.executable, ["hotspots", "--areas", areas, "--id", "id", "--field", "v", "--out", out])
        #expect(flat.status == 1)
        #expect(flat.stderr.contains("constant") || flat.stderr.contains("variance"), "\(flat.stderr)")
        let two = [square(0, "1"), square(1, "2"), square(2, "null")].joined(separator: ",")
        try "{\"type\":\"FeatureCollection\",\"features\":[\(two)]}".write(toFile: areas, atomically: true, encoding: .utf8)
        let few = try Subprocess.run(CLI.executable, ["hotspots", "--areas", areas, "--id", "id", "--field", "v", "--out", out])
        #expect(few.status == 1)
        #expect(few.stderr.contains("at least 3"))
        let geographic = try Subprocess.run(
            CLI.executable, ["hotspots", "--areas", areas, "--id", "id", "--field", "v", "--weights", "knn:2", "--out", out])
        #expect(geographic.status == 1)
        #expect(geographic.stderr.contains("degrees") || geographic.stderr.contains("at least 3"))
        let allMissing = (0..<4).map { square($0, "null") }.joined(separator: ",")
        try "{\"type\":\"FeatureCollection\",\"features\":[\(allMissing)]}".write(toFile: areas, atomically: true, encoding: .utf8)
        let none = try Subprocess.run(CLI.executable, ["hotspots", "--areas", areas, "--id", "id", "--field", "v", "--out", out])
        #expect(none.status == 1)
        #expect(none.stderr.contains("no values"), "\(none.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func geographicCRSIsRefusedForDistanceWeights() throws {
        let (result, folder) = try run(["--field", "S4", "--weights", "knn:6", "--crs", "EPSG:4326"])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(result.status == 1)
        #expect(result.stderr.contains("EPSG:4326") || result.stderr.contains("degrees"), "\(result.stderr)")
    }

    /// A Shapefile without CRS and with integer ids: contiguity weights need no CRS (a warning says so),
    /// and the results equal those on the GeoPackage.
    @Test func shapefileWithoutCRSAndIntegerIDs() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shp = folder.appendingPathComponent("plr.shp").path
        let convert = try Subprocess.run(
            "/usr/bin/ogr2ogr",
            ["-f", "ESRI Shapefile", shp, try Self.berlinS4.get(), "-dialect", "SQLite", "-sql",
             "SELECT CAST(PLR_ID AS INTEGER) AS num_id, S4, geom FROM planungsraeume_2021 WHERE S4 IS NOT NULL"])
        #expect(convert.status == 0, "\(convert.stderr)")
        try FileManager.default.removeItem(atPath: folder.appendingPathComponent("plr.prj").path)
        let out = folder.appendingPathComponent("out.gpkg").path
        let result = try Subprocess.run(
            CLI.executable,
            ["hotspots", "--areas", shp, "--id", "num_id", "--field", "S4", "--permutations", "0", "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("no CRS"))
        let (reference, refFolder) = try run(["--field", "S4", "--permutations", "0"])
        defer { try? FileManager.default.removeItem(at: refFolder) }
        #expect(reference.status == 0)
        let expected = Dictionary(
            uniqueKeysWithValues: try features(refFolder).compactMap { f -> (Int, Double)? in
                guard let id = (f["PLR_ID"] as? String).flatMap({ Int($0) }), let z = f["GiZScore"] as? Double else { return nil }
                return (id, z)
            })
        let layer = try Dataset(opening: out).layer(named: nil)
        #expect(layer.fields.first?.type == .integer || layer.fields.first?.type == .integer64)
        let (rows, _) = try layer.readAll()
        let id = try #require(rows.fieldIndex("num_id"))
        let z = try #require(rows.fieldIndex("GiZScore"))
        #expect(rows.features.count == 536)
        for feature in rows.features {
            guard case .integer(let key) = feature.attributes[id], let value = feature.attributes[z].doubleValue else {
                Issue.record("missing id or z")
                continue
            }
            #expect(TestSupport.isClose(value, expected[Int(key)] ?? .nan))
        }
    }

    @Test func empiricalBayesAndBivariateAndDistanceWeights() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let withCounts = folder.appendingPathComponent("plr.gpkg").path
        let join = try Subprocess.run(
            CLI.executable,
            ["join", "--areas", try Self.berlinS4.get(), "--id", "PLR_ID", "--table",
             TestSupport.geodata("berlin_population_lor_2024/einwohner_alter_plr_2024-12-31.csv"), "--out", withCounts])
        #expect(join.status == 0, "\(join.stderr)")
        let out = folder.appendingPathComponent("eb.geojson").path
        let eb = try Subprocess.run(
            CLI.executable,
            ["hotspots", "--areas", withCounts, "--id", "PLR_ID", "--events", "inhabitants_age_below_6", "--population",
             "inhabitants", "--field2", "S4", "--weights", "knn:6", "--permutations", "99", "--out", out])
        #expect(eb.status == 0, "\(eb.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any]
        let areas = (json?["features"] as? [[String: Any]] ?? []).compactMap { $0["properties"] as? [String: Any] }
        let ok = areas.filter { $0["state"] as? String == "ok" }
        #expect(ok.count >= 530)
        for area in ok {
            let events = try #require(area["inhabitants_age_below_6"] as? Int)
            let population = try #require(area["inhabitants"] as? Int)
            #expect(TestSupport.isClose(try #require(area["RawRate"] as? Double), Double(events) / Double(population)))
            #expect(area["EBGlobal"] is Double && area["EBSpatial"] is Double && area["BLMiIndex"] is Double)
        }
        let idw = try Subprocess.run(
            CLI.executable,
            ["hotspots", "--areas", withCounts, "--id", "PLR_ID", "--field", "S4", "--weights", "idw:3000:2",
             "--islands", "nearest", "--permutations", "0", "--out", out])
        #expect(idw.status == 0, "\(idw.stderr)")
    }
}
