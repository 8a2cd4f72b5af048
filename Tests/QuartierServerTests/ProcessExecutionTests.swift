import Foundation
import Hummingbird
import HummingbirdTesting
import QuartierServer
import QuartierService
import QuartierTestSupport
import Testing

/// Submit, poll and fetch for every process on the bundled Berlin data, plus synchronous execution,
/// dismissal and the public results of a published analysis.
@Suite("processes end to end")
struct ProcessExecutionTests {
    static let lor: JSONValue = "Geodata/berlin_lor_2021/berlin_lor_2021.gpkg"
    static let kitas: JSONValue = "Geodata/berlin_education_facilities/kitas_berlin_2022-12.geojson"
    static let plr: [String: JSONValue] = ["areas": lor, "layer": "planungsraeume_2021", "id": "PLR_ID"]

    /// Each process with inputs, the files it must produce, and a check of its main output.
    static let cases: [(process: String, inputs: [String: JSONValue], files: [String])] = [
        (
            "join", plr.merging(["table": "Geodata/berlin_mss_2021/mss_2021.csv", "out": "plr.gpkg"]) { $1 },
            ["plr.gpkg", "report.json"]
        ),
        ("count", plr.merging(["points": kitas, "sum": ["e_platz"]]) { $1 }, ["count.geojson", "report.json"]),
        (
            "hotspots", plr.merging(["field": "GROESSE_M2", "permutations": 99, "seed": 7]) { $1 },
            ["hotspots.geojson", "summary.json", "timings.json"]
        ),
        (
            "access",
            [
                "origins": lor, "layer": "planungsraeume_2021", "id": "PLR_ID", "facilities": kitas,
                "measure": "nearest",
            ],
            ["access.geojson", "timings.json"]
        ),
        (
            "tiles", ["source": lor, "layer": "bezirke", "id": "BEZ_ID", "maxzoom": 6],
            ["tiles.pmtiles", "timings.json"]
        ),
        ("run", ["file": "Config/analyses/berlin-demo.toml"], demoFiles),
        ("publish", ["file": "Config/analyses/berlin-demo.toml"], demoFiles),
    ]

    /// What the Berlin demo writes (it declares [publish]).
    static let demoFiles = [
        "beob_records.csv", "beob_records.csvt", "bezirke.geojson", "bezirke.gpkg", "bezirksregionen.geojson",
        "bezirksregionen.gpkg", "kinder_u6.csv", "kinder_u6.csvt", "kinder_u6.gpkg", "kinder_u6_bezirke_public.csv",
        "kinder_u6_bezirke_public.csvt", "kinder_u6_bezirke_public.gpkg", "kinder_u6_bezirksregionen_public.csv",
        "kinder_u6_bezirksregionen_public.csvt", "kinder_u6_bezirksregionen_public.gpkg",
        "kinder_u6_crosswalk_planungsraeume_alt.csv", "kinder_u6_crosswalk_planungsraeume_alt.csvt",
        "kinder_u6_public.csv", "kinder_u6_public.csvt", "kinder_u6_public.gpkg", "kita_bedarf.csv", "kita_bedarf.csvt",
        "kita_bedarf.geojson", "kitas.geojson", "manifest.json", "mss_s4.csv", "mss_s4.csvt", "mss_s4.gpkg",
        "mss_s4_bezirke_public.csv", "mss_s4_bezirke_public.csvt", "mss_s4_bezirke_public.gpkg",
        "mss_s4_bezirksregionen_public.csv", "mss_s4_bezirksregionen_public.csvt", "mss_s4_bezirksregionen_public.gpkg",
        "mss_s4_crosswalk_planungsraeume_alt.csv", "mss_s4_crosswalk_planungsraeume_alt.csvt", "mss_s4_goals.csv",
        "mss_s4_goals.csvt", "mss_s4_goals_bezirke.csv", "mss_s4_goals_bezirke.csvt",
        "mss_s4_goals_bezirksregionen.csv", "mss_s4_goals_bezirksregionen.csvt", "mss_s4_public.csv",
        "mss_s4_public.csvt", "mss_s4_public.gpkg", "planungsraeume.geojson", "planungsraeume.gpkg",
        "planungsraeume.pmtiles", "planungsraeume_public.csv", "planungsraeume_public.csvt",
        "planungsraeume_public.geojson", "planungsraeume_public.gpkg", "style-qgis-Gi_Bin.json", "style-qgis-S4.json",
        "style-qgis-kita_distance_mean.json", "style-qgis-kitaplaetze_je_kind_u6.json", "style.json", "tilejson.json",
        "tiles.pmtiles", "timings.json",
    ]

    @Test(arguments: 0..<7)
    func submitPollAndFetch(index: Int) async throws {
        let (process, inputs, files) = Self.cases[index]
        let server = try TestServer()
        try await server.test { client in
            let submitted = try await client.submit(process, inputs)
            #expect(submitted.status == .created, "\(submitted.json)")
            let id = try #require(submitted.json["jobID"] as? String)
            #expect(submitted.headers[.location] == "/jobs/\(id)")
            let job = try await client.poll(id)
            #expect(job["status"] as? String == "successful", "\(job["message"] ?? "")")
            #expect(job["progress"] as? Int == 100 && job["started"] != nil && job["finished"] != nil)

            let anonymous = try await client.json(.get, "/jobs/\(id)/results")
            // Only the publish process's results (small counts suppressed) are public.
            #expect(anonymous.status == (process == "publish" ? .ok : .unauthorized))
            let results = try await client.json(.get, "/jobs/\(id)/results", headers: TestServer.auth)
            #expect(results.status == .ok)
            #expect(results.json.keys.sorted() == files)
            for name in files {
                let href = try #require((results.json[name] as? [String: Any])?["href"] as? String)
                let (status, data) = try await client.file(pathOf(href))
                #expect(status == .ok && !data.isEmpty, "\(name)")
            }
            let folder = server.environment.store.folder(of: id)
            // The files beside the folders a run may write (the demo's profiles/<level>/ pages).
            let onDisk = try FileManager.default.contentsOfDirectory(atPath: folder).filter { name in
                var isDirectory: ObjCBool = false
                FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isDirectory)
                return !isDirectory.boolValue
            }.sorted()
            #expect(onDisk == files, "no temporary files are left")
            #expect(!FileManager.default.fileExists(atPath: folder + ".partial"))
            if let report = files.first(where: { $0.hasSuffix(".json") }) {
                let text = try String(contentsOfFile: folder + "/" + report, encoding: .utf8)
                #expect(!text.contains(TestSupport.root.path + "/"), "outputs name inputs relative to the data folder")
            }
        }
    }

    @Test func publishRefusesAnAnalysisWithoutPublishSection() async throws {
        let data = try TestSupport.temporaryFolder("quartier-data")
        defer { try? FileManager.default.removeItem(at: data) }
        try FileManager.default.copyItem(
            atPath: TestSupport.berlinLOR, toPath: data.appendingPathComponent("lor.gpkg").path)
        let analysis = """
            version = 1
            [analysis]
            name = "plain"
            working_crs = "EPSG:25833"
            [inputs.bezirke]
            source = "lor.gpkg"
            layer = "bezirke"
            id = "BEZ_ID"
            [areas]
            input = "bezirke"
            [outputs.bezirke]
            formats = ["geojson"]
            """
        try analysis.write(to: data.appendingPathComponent("plain.toml"), atomically: true, encoding: .utf8)
        let server = try TestServer(dataFolder: data.path)
        try await server.test { client in
            let response = try await client.submit("publish", ["file": "plain.toml"], async: false)
            let text = String(describing: response.json)
            #expect(response.status.code >= 400 || text.contains("failed"), "\(response.json)")
            #expect(text.contains("no [publish] section"), "\(text)")
        }
    }

    @Test func smallJobsRunSynchronouslyWithoutPrefer() async throws {
        let server = try TestServer()
        try await server.test { client in
            let inputs: [String: JSONValue] = [
                "areas": Self.lor, "layer": "bezirke", "id": "BEZ_ID", "points": Self.kitas,
            ]
            var seconds: [Double] = []
            for _ in 0..<5 {
                let clock = ContinuousClock.now
                let response = try await client.submit("count", inputs, async: false)
                seconds.append((ContinuousClock.now - clock) / .seconds(1))
                #expect(response.status == .ok)
                #expect(response.json.keys.sorted() == ["count.geojson", "report.json"])
                #expect(response.headers[.location]?.hasPrefix("/jobs/") == true)
            }
            print(
                "figure: synchronous count job round trip (12 Bezirke × 2,000 Kitas), median \(seconds.sorted()[2]) s")
            let failing = try await client.submit("count", inputs.merging(["id": "NO_SUCH_FIELD"]) { $1 }, async: false)
            #expect(failing.status == .badRequest)
            #expect((failing.json["detail"] as? String)?.contains("NO_SUCH_FIELD") == true)
            #expect(!(failing.json["detail"] as? String ?? "").contains(TestSupport.root.path))
        }
    }

    @Test func dismissingAJobRemovesItsResults() async throws {
        let server = try TestServer()
        try await server.test { client in
            let inputs: [String: JSONValue] = [
                "areas": Self.lor, "layer": "bezirke", "id": "BEZ_ID", "points": Self.kitas,
            ]
            let done = try await client.submit("count", inputs, async: false)
            let location = try #require(done.headers[.location])
            let dismissed = try await client.json(.delete, location, headers: TestServer.auth)
            #expect(dismissed.status == .ok && dismissed.json["status"] as? String == "dismissed")
            let results = try await client.json(.get, location + "/results", headers: TestServer.auth)
            #expect(results.status == .notFound)
            let listed = try await client.json(.get, "/jobs?status=dismissed&processID=count,join&limit=5")
            #expect((listed.json["jobs"] as? [[String: Any]])?.map { $0["status"] as? String } == ["dismissed"])
            #expect(try await client.json(.get, "/jobs?status=lost").status == .badRequest)
            #expect(try await client.json(.get, "/jobs?limit=0").status == .badRequest)
            let id = String(location.dropFirst("/jobs/".count))
            #expect(!FileManager.default.fileExists(atPath: server.environment.store.folder(of: id)))
        }
    }

    /// A process that declares its results public (as `publish` will) needs no token for them; the process
    /// here is `count` registered under another id, as the mechanism's test, not a process the server offers.
    @Test func resultsOfAPublishingProcessArePublic() async throws {
        var counting = try #require(ProcessCatalog.standard.process("count"))
        counting.id = "count-public"
        counting.publishesResults = true
        var catalog = ProcessCatalog.standard
        catalog.register(counting)
        let server = try TestServer(catalog: catalog)
        try await server.test { client in
            let inputs: [String: JSONValue] = [
                "areas": Self.lor, "layer": "bezirke", "id": "BEZ_ID", "points": Self.kitas,
            ]
            let plain = try #require(try await client.submit("count", inputs, async: false).headers[.location])
            let open = try #require(try await client.submit("count-public", inputs, async: false).headers[.location])
            #expect(try await client.json(.get, plain + "/results").status == .unauthorized)
            // Published results follow their tier: a single command's output is internal (its manifest entry
            // declares no tier), so the anonymous list holds the manifest and timings, the read token sees all.
            let results = try await client.json(.get, open + "/results")
            #expect(results.status == .ok && results.json["count.geojson"] == nil, "\(results.json)")
            #expect(try await client.json(.get, open + "/results/count.geojson").status == .unauthorized)
            let staff = try await client.json(.get, open + "/results", headers: TestServer.readAuth)
            #expect(staff.status == .ok && staff.json["count.geojson"] != nil)
        }
    }

    @Test func publishedAnalysesRunOnceAndTheirResultsArePublic() async throws {
        let data = try TestSupport.temporaryFolder("quartier-data")
        try FileManager.default.copyItem(
            atPath: TestSupport.berlinLOR, toPath: data.appendingPathComponent("lor.gpkg").path)
        let analysis = """
            version = 1
            [analysis]
            name = "bezirke"
            working_crs = "EPSG:25833"
            [inputs.bezirke]
            source = "lor.gpkg"
            layer = "bezirke"
            id = "BEZ_ID"
            [areas]
            input = "bezirke"
            [outputs.bezirke]
            formats = ["geojson"]
            """
        try analysis.write(to: data.appendingPathComponent("bezirke.toml"), atomically: true, encoding: .utf8)
        let server = try TestServer(dataFolder: data.path) { $0.publish = ["bezirke.toml"] }
        try await server.test { client in
            let ready = try await client.waitUntilReady()
            #expect(ready.status == .ok)
            let id = try #require((ready.json["analyses"] as? [String: String])?["bezirke.toml"])
            let results = try await client.json(.get, "/jobs/\(id)/results")
            #expect(results.status == .ok, "published results need no token")
            // [outputs.bezirke] declares no tier: internal, listed for the read token only.
            #expect(results.json.keys.sorted() == ["manifest.json", "timings.json"])
            let staff = try await client.json(.get, "/jobs/\(id)/results", headers: TestServer.readAuth)
            #expect(staff.json.keys.sorted() == ["bezirke.geojson", "manifest.json", "timings.json"])
            let manifest = try String(
                contentsOfFile: server.environment.store.folder(of: id) + "/manifest.json", encoding: .utf8)
            #expect(manifest.contains("\"lor.gpkg\"") || manifest.contains("\"path\" : \"lor.gpkg\""))
            #expect(!manifest.contains(data.path + "/"))
        }
        // A second start on the same state folder finds the results, runs nothing and is ready at once.
        let again = try TestServer(dataFolder: data.path, state: server.state) { $0.publish = ["bezirke.toml"] }
        try await again.test { client in
            let ready = try await client.waitUntilReady(seconds: 2)
            #expect(ready.status == .ok)
        }
        #expect(try again.environment.store.jobs(limit: 10).count == 1)
    }
}
