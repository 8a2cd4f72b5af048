import Foundation
import HTTPTypes
import QuartierServer
import QuartierService
import QuartierTestSupport
import Testing
import QuartierService

/// `[watch] folders`: a modified copy of the MSS table dropped into the watched folder re-runs the published
/// analysis that reads it within 60 s, and the hotspot diff collection lists exactly the areas whose `Gi_Bin`
/// changed (plus the persistent ones), read through its items page by page.
@Suite("InputWatcher")
struct InputWatcherTests {
    static let diff = "/collections/\(WatchedAnalysis.diffCollection)"

    @Test func aChangedTableReRunsTheAnalysisAndTheDiffCollectionListsTheChangedAreas() async throws {
        let analysis = try WatchedAnalysis()
        let server = try analysis.server()
        let store = server.environment.store
        try await server.test { client in
            #expect(try await client.waitUntilReady().status == .ok)
            let first = try #require(try store.latestJob(origin: WatchedAnalysis.origin))
            #expect(first.status == .successful, "\(first.message ?? "")")
            // One successful run: no diff collection yet.
            let listed = try await client.json(.get, "/collections", headers: TestServer.readAuth).json["collections"] as? [[String: Any]] ?? []
            #expect(listed.map { $0["id"] as? String } == ["hotspots"])
            #expect(try await client.json(.get, Self.diff, headers: TestServer.readAuth).status == .notFound)
            #expect(try await client.json(.get, Self.diff + "/items", headers: TestServer.readAuth).status == .notFound)

            try analysis.deliver(bezirk: "01", s4: "60.0")
            let next = try await WatchedAnalysis.nextJob(store, after: first.id)
            let second = try #require(next?.job, "no job within 300 s")
            let finished = try await client.poll(second.id)
            #expect(finished["status"] as? String == "successful", "\(finished)")

            // Served once the snapshot is checked again (on a request, at most once a second: no event to wait on, so
            // a short poll with a deadline, not a time window).
            var document = try await client.json(.get, Self.diff, headers: TestServer.readAuth)
            let deadline = ContinuousClock.now + .seconds(60)
            while document.status != .ok, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
                document = try await client.json(.get, Self.diff, headers: TestServer.readAuth)
            }
            #expect(document.status == .ok)
            #expect(document.json["storageCrs"] as? String == "http://www.opengis.net/def/crs/EPSG/0/25833")
            #expect((document.json["crs"] as? [String])?.contains("http://www.opengis.net/def/crs/OGC/1.3/CRS84") == true)
            let bbox = ((document.json["extent"] as? [String: Any])?["spatial"] as? [String: Any])?["bbox"] as? [[Double]]
            #expect(bbox?.first.map { $0[0] > 13 && $0[2] < 13.8 && $0[1] > 52.3 && $0[3] < 52.7 } == true, "in Berlin")
            let collections = try await client.json(.get, "/collections", headers: TestServer.readAuth).json["collections"] as? [[String: Any]] ?? []
            #expect(collections.map { $0["id"] as? String } == ["hotspots", WatchedAnalysis.diffCollection])
            // /analyses names the served and the previous version and links the diff collection.
            let analyses = try await client.json(.get, "/analyses", headers: TestServer.readAuth).json["analyses"] as? [[String: Any]] ?? []
            #expect(analyses.first?["served"] as? String == second.id && analyses.first?["previous"] as? String == first.id)
            let links = (analyses.first?["links"] as? [[String: Any]] ?? []).compactMap { $0["href"] as? String }
            #expect(links.count == 1 && links.first?.hasSuffix(Self.diff) == true, "\(links)")

            // Every page of the items (50 a page), against the two jobs' GeoJSON read independently.
            let (features, pages) = try await client.allFeatures(Self.diff + "/items?limit=50")
            let before = try WatchedAnalysis.bins(store, job: first.id)
            let after = try WatchedAnalysis.bins(store, job: second.id)
            let changed = Set(before.keys.filter { before[$0] != after[$0] })
            #expect(!changed.isEmpty)
            let properties = features.compactMap { $0["properties"] as? [String: Any] }
            #expect(properties.count == features.count && pages == (features.count + 49) / 50)
            func ids(_ change: String? = nil) -> [String] {
                properties.filter { change == nil || $0["change"] as? String == change }.compactMap { $0["PLR_ID"] as? String }
            }
            let persistent = ids("persistent")
            #expect(Set(ids()).subtracting(persistent) == changed, "exactly the areas whose Gi_Bin changed")
            #expect(Set(ids()).count == features.count)
            #expect(persistent.allSatisfy { before[$0] == after[$0] && before[$0] != 0 })
            #expect(features.allSatisfy { ["Polygon", "MultiPolygon"].contains(($0["geometry"] as? [String: Any])?["type"] as? String ?? "") })
            for area in properties {
                let id = area["PLR_ID"] as? String ?? ""
                let (old, new) = (area["Gi_Bin_before"] as? Int, area["Gi_Bin_after"] as? Int)
                #expect((old ?? 0) == before[id] && (new ?? 0) == after[id], "\(id)")
                // Null only with a state that says why (an area whose S4 was missing before the delivery).
                #expect((area["state_before"] as? String == "ok") == (old != nil), "\(id)")
                #expect((area["state_after"] as? String == "ok") == (new != nil), "\(id)")
                #expect(area["job_before"] as? String == first.id && area["job_after"] as? String == second.id)
                let expected = HotspotChange(before: before[id], after: after[id])?.rawValue
                #expect(area["change"] as? String == expected, "\(id)")
            }

            // The property filter, a feature by id, a bbox and another CRS, as for every collection.
            var counts: [String: Int] = [:]
            for change in HotspotChange.allCases.map(\.rawValue) {
                let page = try await client.json(.get, Self.diff + "/items?change=\(change)&limit=1000", headers: TestServer.readAuth)
                let found = (page.json["features"] as? [[String: Any]] ?? []).compactMap {
                    ($0["properties"] as? [String: Any])?["PLR_ID"] as? String
                }
                #expect(Set(found) == Set(ids(change)) && page.json["numberMatched"] as? Int == found.count, "\(change)")
                counts[change] = found.count
            }
            let one = try #require(changed.sorted().first)
            let feature = try await client.json(.get, Self.diff + "/items/\(one)", headers: TestServer.readAuth)
            #expect(feature.status == .ok && feature.json["id"] as? String == one)
            let mitte = try await client.json(.get, Self.diff + "/items?bbox=13.35,52.50,13.42,52.54&limit=1000", headers: TestServer.readAuth)
            let inMitte = (mitte.json["features"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(!inMitte.isEmpty && inMitte.count < features.count)
            let utm = try await client.json(.get, Self.diff + "/items?limit=1&crs=EPSG:25833", headers: TestServer.readAuth)
            #expect(utm.headers[HTTPField.Name("Content-Crs")!] == "<http://www.opengis.net/def/crs/EPSG/0/25833>")
            #expect(try await client.json(.get, Self.diff + "/items?nonsense=1", headers: TestServer.readAuth).status == .badRequest)
            // Dismissing the current run serves the previous one again, which has no previous run: no diff.
            // A dismissed published job leaves service with the next request (the route invalidates the snapshot).
            #expect(try await client.json(.delete, "/jobs/\(second.id)", headers: TestServer.auth).status == .ok)
            let restored = try await client.json(.get, "/collections/hotspots/items/\(one)", headers: TestServer.readAuth)
            #expect((restored.json["properties"] as? [String: Any])?["Gi_Bin"] as? Int ?? 0 == before[one])
            #expect(try await client.json(.get, Self.diff, headers: TestServer.readAuth).status == .notFound)
            // The JSON route it replaces is gone.
            #expect(try await client.json(.get, "/analyses/diff?file=analysis.toml", headers: TestServer.readAuth).status == .notFound)
            #expect(server.environment.metrics.exposition().contains("quartier_input_files_watched 1"))
            print(
                "figures: modified table to job \(next?.seconds ?? 0) s (scan every 1 s); \(changed.count) areas changed Gi_Bin, \(persistent.count) persistent; \(features.count) items in \(pages) pages; by class \(counts.sorted { $0.key < $1.key })"
            )
        }
    }

    /// The scan itself: the first is the baseline; a file modified within the last 5 s waits for a later scan
    /// (a delivery still being copied); new, changed and removed files are reported; an unchanged folder is not
    /// hashed again and leaves `watch.json` as it was.
    @Test func scansSettleAndReportChanges() throws {
        let data = try TestSupport.temporaryFolder("quartier-watch-scan")
        let folder = data.appendingPathComponent("w")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let server = try TestServer(dataFolder: data.path) { $0.watchFolders = ["w"] }
        let watcher = server.environment.watcher
        func write(_ name: String, _ text: String, age: TimeInterval) throws -> String {
            let path = folder.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -age)], ofItemAtPath: path)
            return DataFolder.canonical(path)
        }
        let a = try write("a.csv", "PLR_ID;S4\n01100101;12,5\n", age: 0)
        #expect(watcher.scanOnce() == [], "the first scan is the baseline, whatever the files' age")
        #expect(watcher.scanOnce() == [], "a.csv is in the baseline: not new")
        let b = try write("b.csv", "x\n", age: 0)
        #expect(watcher.scanOnce() == [], "b.csv was modified just now: next scan")
        _ = try write("b.csv", "x\n", age: 60)
        #expect(watcher.scanOnce() == [b])
        // A time ahead of the clock (a copied archive, clock skew): taken once unchanged since the previous scan.
        let c = try write("c.csv", "y\n", age: -3_600)
        #expect(watcher.scanOnce() == [], "c.csv is new this scan")
        #expect(watcher.scanOnce() == [c], "unchanged since the previous scan")
        _ = try write("a.csv", "PLR_ID;S4\n01100101;60,0\n", age: 30)
        _ = try write(".a.csv.partial", "PLR_ID;S4\n", age: 60)
        #expect(watcher.scanOnce() == [a], "hidden files are not watched")
        try FileManager.default.removeItem(atPath: b)
        try FileManager.default.removeItem(atPath: c)
        #expect(watcher.scanOnce() == [b, c])
        let state = server.environment.configuration.stateFolder + "/watch.json"
        let written = try FileManager.default.attributesOfItem(atPath: state)[.modificationDate] as? Date
        Thread.sleep(forTimeInterval: 0.05)
        #expect(watcher.scanOnce() == [])
        #expect(try FileManager.default.attributesOfItem(atPath: state)[.modificationDate] as? Date == written)
    }
}
