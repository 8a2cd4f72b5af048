import Foundation
import HTTPTypes
import QuartierServer
import QuartierTestSupport
import Testing

/// `[watch] folders`: a modified copy of the MSS table dropped into the watched folder re-runs the published
/// analysis that reads it, and `/analyses/diff` lists exactly the areas whose `Gi_Bin` changed.
@Suite("InputWatcher")
struct InputWatcherTests {
    static let analysis = """
        version = 1
        [analysis]
        name = "watch-test"
        working_crs = "EPSG:25833"
        [inputs.planungsraeume]
        source = "lor.gpkg"
        layer = "planungsraeume_2021"
        id = "PLR_ID"
        [inputs.mss]
        source = "input/mss_2021.csv"
        [areas]
        input = "planungsraeume"
        [[join]]
        table = "mss"
        key = "PLR_ID"
        zero_pad = 8
        columns = ["S4"]
        [[hotspots]]
        field = "S4"
        weights = "queen"
        permutations = 99
        seed = 1
        [outputs.areas]
        formats = ["geojson"]

        """

    /// `Gi_Bin` per `PLR_ID` in a job's `areas.geojson`, read independently of `HotspotDiff`.
    static func bins(_ path: String) throws -> [String: Int] {
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        var result: [String: Int] = [:]
        for feature in object["features"] as? [[String: Any]] ?? [] {
            let properties = feature["properties"] as? [String: Any] ?? [:]
            if let id = properties["PLR_ID"] as? String {
                result[id] = (properties["Gi_Bin"] as? NSNumber)?.intValue ?? 0
            }
        }
        return result
    }

    /// The MSS table with S4 (child poverty) set to 60 % in every Planungsraum of Bezirk 01 (Mitte).
    static func modified(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false)
        guard let s4 = header.firstIndex(of: "S4"), let id = header.firstIndex(of: "PLR_ID") else { return text }
        // Split only up to S4: later fields may be quoted and hold commas.
        return lines.map { line in
            var fields = line.split(separator: ",", maxSplits: s4 + 1, omittingEmptySubsequences: false).map(
                String.init)
            guard fields.count == s4 + 2, fields[id].trimmingCharacters(in: ["\""]).hasPrefix("01") else { return line }
            fields[s4] = "60.0"
            return fields.joined(separator: ",")
        }.joined(separator: "\n")
    }

    @Test func aChangedTableReRunsTheAnalysisAndTheDiffListsTheChangedAreas() async throws {
        let data = try TestSupport.temporaryFolder("quartier-watch")
        let input = data.appendingPathComponent("input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: TestSupport.berlinLOR, toPath: data.appendingPathComponent("lor.gpkg").path)
        let table = input.appendingPathComponent("mss_2021.csv")
        try FileManager.default.copyItem(
            atPath: TestSupport.geodata("berlin_mss_2021/mss_2021.csv"), toPath: table.path)
        try Self.analysis.write(to: data.appendingPathComponent("analysis.toml"), atomically: true, encoding: .utf8)
        let server = try TestServer(dataFolder: data.path) {
            $0.publish = ["analysis.toml"]
            $0.watchFolders = ["input"]
            $0.watchIntervalSeconds = 1
        }
        let store = server.environment.store
        try await server.test { client in
            #expect(try await client.waitUntilReady().status == .ok)
            let first = try #require(try store.latestJob(origin: "publish:analysis.toml"))
            #expect(first.status == .successful, "\(first.message ?? "")")
            #expect(try await client.json(.get, "/analyses/diff?file=analysis.toml").status == .notFound)

            let text = try String(contentsOf: table, encoding: .utf8)
            let changedText = Self.modified(text)
            #expect(changedText != text)
            let dropped = ContinuousClock.now
            try changedText.write(to: table, atomically: true, encoding: .utf8)
            var second = first
            while ContinuousClock.now - dropped < .seconds(60) {
                if let latest = try store.latestJob(origin: "publish:analysis.toml"), latest.id != first.id {
                    second = latest
                    break
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            let triggered = (ContinuousClock.now - dropped) / .seconds(1)
            #expect(second.id != first.id, "no job within 60 s")
            let finished = try await client.poll(second.id)
            #expect(finished["status"] as? String == "successful", "\(finished)")

            let diff = try await client.json(.get, "/analyses/diff?file=analysis.toml")
            #expect(diff.status == .ok)
            #expect(diff.json["previous"] as? String == first.id && diff.json["current"] as? String == second.id)
            let before = try Self.bins(store.folder(of: first.id) + "/areas.geojson")
            let after = try Self.bins(store.folder(of: second.id) + "/areas.geojson")
            let changed = Set(before.keys.filter { before[$0] != after[$0] })
            #expect(!changed.isEmpty)
            let areas = diff.json["areas"] as? [[String: Any]] ?? []
            let listed = Set(
                areas.filter { $0["change"] as? String != "persistent" }.compactMap { $0["PLR_ID"] as? String })
            #expect(listed == changed)
            let persistent = areas.filter { $0["change"] as? String == "persistent" }.compactMap {
                $0["PLR_ID"] as? String
            }
            #expect(persistent.allSatisfy { before[$0] == after[$0] && before[$0] != 0 })
            #expect(server.environment.metrics.exposition().contains("quartier_input_files_watched 1"))
            print(
                "figures: modified table to job \(triggered) s (scan every 1 s); \(changed.count) areas changed Gi_Bin, \(persistent.count) persistent"
            )
        }
    }
}
