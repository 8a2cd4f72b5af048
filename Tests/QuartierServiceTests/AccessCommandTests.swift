import Foundation
import QuartierTestSupport
import Testing

/// `quartier access` on Berlin, and the bad inputs of issue 5.
@Suite("quartier access")
struct AccessCommandTests {
    let plr = ["--origins", TestSupport.berlinLOR, "--layer", "planungsraeume_2021", "--id", "PLR_ID"]
    let kitas = TestSupport.geodata("berlin_education_facilities/kitas_berlin_2022-12.geojson")

    func properties(_ path: String) throws -> [[String: Any]] {
        let json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        return (json?["features"] as? [[String: Any]] ?? []).compactMap { $0["properties"] as? [String: Any] }
    }

    @Test func twoStepFloatingCatchmentKeepsSupplyAndStates() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("a.geojson").path
        let timings = folder.appendingPathComponent("t.json").path
        let result = try Subprocess.run(
            CLI.executable,
            ["access"] + plr + [
                "--weight", "GROESSE_M2", "--facilities", kitas, "--capacity", "e_platz", "--measure",
                "2sfca:1500", "--out", out, "--timings", timings,
            ])
        #expect(result.status == 0, "\(result.stderr)")
        let areas = try properties(out)
        #expect(areas.count == 542)
        let none = areas.filter { $0["state"] as? String == "no_provision_in_reach" }
        for area in none {
            #expect(area["fca"] is NSNull)
            #expect(area["fca_status"] as? String == "no_provision_in_reach")
            #expect((area["nearest_distance"] as? Double ?? 0) > 1500)  // the distance is given anyway
        }
        let steps = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: timings)))
        let names = ((steps as? [String: Any])?["steps"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["read", "index", "compute", "write"])
    }

    /// Issue 17, item 2: the origins' output carries the key, the weight and the access fields; `--keep` adds more.
    @Test func onlyTheUsedOriginFieldsAreReadUnlessKept() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("a.geojson").path
        let kept = folder.appendingPathComponent("k.geojson").path
        let base = ["access"] + plr + ["--weight", "GROESSE_M2", "--facilities", kitas, "--measure", "nearest"]
        let plain = try Subprocess.run(CLI.executable, base + ["--out", out])
        let more = try Subprocess.run(CLI.executable, base + ["--keep", "PLR_NAME, BEZ", "--out", kept])
        #expect(plain.status == 0 && more.status == 0, "\(plain.stderr)\(more.stderr)")
        let first = try properties(out)[0]
        #expect(first.keys.contains("PLR_ID") && first.keys.contains("GROESSE_M2"))
        #expect(first.keys.contains("nearest_distance"))
        #expect(!first.keys.contains("PLR_NAME") && !first.keys.contains("BEZ"))
        let second = try properties(kept)[0]
        #expect(second.keys.contains("PLR_NAME") && second.keys.contains("BEZ"))
        #expect(second["nearest_distance"] as? Double == first["nearest_distance"] as? Double)
        // Without --id nothing else tells the rows apart: every field of the origins is kept.
        let anonymous = try Subprocess.run(
            CLI.executable,
            [
                "access", "--origins", TestSupport.berlinLOR, "--layer", "planungsraeume_2021", "--facilities", kitas,
                "--measure", "nearest", "--out", out,
            ])
        #expect(anonymous.status == 0, "\(anonymous.stderr)")
        #expect(try properties(out)[0].keys.contains("PLR_NAME"))
    }

    /// Issue 25, item 13: origins in longitude/latitude were refused without naming the file (4 runs of the corpus).
    @Test func geographicOriginsAreRefusedNamingTheFile() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("a.geojson").path
        let origins = folder.appendingPathComponent("lonlat-origins.geojson")
        try """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"id":"A"},"geometry":{"type":"Point","coordinates":[13.40,52.52]}},
        {"type":"Feature","properties":{"id":"B"},"geometry":{"type":"Point","coordinates":[13.45,52.50]}}]}
        """.write(to: origins, atomically: true, encoding: .utf8)
        let result = try Subprocess.run(
            CLI.executable,
            [
                "access", "--origins", origins.path, "--id", "id", "--facilities", kitas, "--measure", "nearest",
                "--out", out,
            ])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("distances need a projected CRS"), "\(result.stderr)")
        #expect(result.stderr.contains("lonlat-origins.geojson"), "the message names the origins: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func nearestPrimarySchoolWithFilterAndOtherCRSFacilities() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("a.geojson").path
        let schools = TestSupport.geodata("berlin_education_facilities/schulen_berlin_2023-10.geojson")
        let result = try Subprocess.run(
            CLI.executable,
            ["access"] + plr + [
                "--facilities", schools, "--filter", "schulart=Grundschule", "--measure", "knn:3", "--out", out,
            ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("430 facilities"))  // SOURCE.md: 430 Grundschulen
        let areas = try properties(out)
        #expect(areas.allSatisfy { ($0["knn_distance"] as? Double ?? -1) >= ($0["nearest_distance"] as? Double ?? 0) })
        // Libraries are in EPSG:4326; they are reprojected to the origins' EPSG:25833.
        let libraries = TestSupport.geodata("berlin_education_facilities/bibliotheken_berlin_osm_2025-09.geojson")
        let other = try Subprocess.run(
            CLI.executable,
            ["access"] + plr + ["--facilities", libraries, "--measure", "cumulative:2000", "--out", out])
        #expect(other.status == 0, "\(other.stderr)")
        #expect(try properties(out).compactMap { $0["reach_count"] as? Int }.max() ?? 0 > 0)
    }

    @Test func badInputGetsAClearMessage() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let facilities = folder.appendingPathComponent("f.geojson").path
        func write(_ features: [String]) throws {
            try "{\"type\":\"FeatureCollection\",\"features\":[\(features.joined(separator: ","))]}"
                .write(toFile: facilities, atomically: true, encoding: .utf8)
        }
        func point(_ capacity: String) -> String {
            "{\"type\":\"Feature\",\"properties\":{\"cap\":\(capacity)},\"geometry\":{\"type\":\"Point\",\"coordinates\":[13.4,52.52]}}"
        }
        let noGeometry = "{\"type\":\"Feature\",\"properties\":{\"cap\":5},\"geometry\":null}"
        let out = folder.appendingPathComponent("a.geojson").path
        func run(_ measure: String, capacity: Bool = true) throws -> Subprocess.Result {
            try Subprocess.run(
                CLI.executable,
                ["access"] + plr + ["--facilities", facilities] + (capacity ? ["--capacity", "cap"] : [])
                    + ["--measure", measure, "--out", out])
        }
        try write([point("-3")])
        var r = try run("2sfca:1000")
        #expect(r.status == 1 && r.stderr.contains("capacity '-3'"), "\(r.stderr)")
        try write([point("\"viele\"")])
        r = try run("2sfca:1000")
        #expect(r.status == 1 && r.stderr.contains("capacity 'viele'"), "\(r.stderr)")
        try write([])
        r = try run("nearest", capacity: false)
        #expect(
            r.status == 1 && (r.stderr.contains("no facilities") || r.stderr.contains("no features")), "\(r.stderr)")
        try write([point("5"), noGeometry])
        r = try run("2sfca:1000")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("1 facilities without geometry"))
        r = try run("2sfca:0")
        #expect(r.status == 1 && r.stderr.contains("greater than 0"), "\(r.stderr)")
    }
}
