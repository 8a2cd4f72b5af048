import Foundation
import HTTPTypes
import HummingbirdTesting
import QuartierServer
import QuartierService
import QuartierTestSupport
import Testing

/// A published analysis whose input the server watches: Gi* hotspots of MSS 2021 S4 (child poverty) on the 542
/// Berlin Planungsräume, written as `hotspots.gpkg` (EPSG:25833), `hotspots.geojson` and `hotspots.pmtiles`
/// (zooms 8–10, with S4 and Gi_Bin), in a temporary data folder whose `input/` holds the MSS table. A new
/// delivery is a modified copy of that table written over it.
struct WatchedAnalysis {
    static let file = "analysis.toml"
    static let origin = "publish:analysis.toml"
    static let diffCollection = "analysis-hotspot-diff"
    static let text = """
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
        [outputs.hotspots]
        formats = ["gpkg", "geojson"]
        [[tiles]]
        name = "hotspots"
        layer = "areas"
        minzoom = 8
        maxzoom = 10
        fields = ["S4", "Gi_Bin"]

        """

    let data: URL
    let table: URL

    init() throws {
        data = try TestSupport.temporaryFolder("quartier-watch")
        let input = data.appendingPathComponent("input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: TestSupport.berlinLOR, toPath: data.appendingPathComponent("lor.gpkg").path)
        table = input.appendingPathComponent("mss_2021.csv")
        try FileManager.default.copyItem(
            atPath: TestSupport.geodata("berlin_mss_2021/mss_2021.csv"), toPath: table.path)
        try Self.text.write(to: data.appendingPathComponent(Self.file), atomically: true, encoding: .utf8)
    }

    /// A server publishing the analysis and scanning `input/` every second.
    func server() throws -> TestServer {
        try TestServer(dataFolder: data.path) {
            $0.publish = [Self.file]
            $0.watchFolders = ["input"]
            $0.watchIntervalSeconds = 1
        }
    }

    /// Delivers the original table with S4 set to `value` in every Planungsraum of Bezirk `bezirk`.
    func deliver(bezirk: String, s4 value: String) throws {
        let original = try String(contentsOfFile: TestSupport.geodata("berlin_mss_2021/mss_2021.csv"), encoding: .utf8)
        let changed = Self.modified(original, bezirk: bezirk, value: value)
        #expect(changed != original)
        try changed.write(to: table, atomically: true, encoding: .utf8)
    }

    /// The MSS table with S4 set to `value` in the rows whose PLR_ID starts with `bezirk`.
    static func modified(_ text: String, bezirk: String, value: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false)
        guard let s4 = header.firstIndex(of: "S4"), let id = header.firstIndex(of: "PLR_ID") else { return text }
        // Split only up to S4: later fields may be quoted and hold commas.
        return lines.map { line in
            var fields = line.split(separator: ",", maxSplits: s4 + 1, omittingEmptySubsequences: false).map(
                String.init)
            guard fields.count == s4 + 2, fields[id].trimmingCharacters(in: ["\""]).hasPrefix(bezirk) else {
                return line
            }
            fields[s4] = value
            return fields.joined(separator: ",")
        }.joined(separator: "\n")
    }

    /// `Gi_Bin` per `PLR_ID` (0 when null) in a job's `hotspots.geojson`, read with JSONSerialization,
    /// independently of the server's GDAL reading.
    static func bins(_ store: JobStore, job: String) throws -> [String: Int] {
        let path = store.folder(of: job) + "/hotspots.geojson"
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

    /// Waits up to 300 s for a job of the analysis other than `known` (a deadline: on a loaded machine the scan, the
    /// settle rule and the job's start take longer than the 5–6 s they take idle).
    /// - Returns: the job and the seconds it took to appear, or nil.
    /// The store is read again after every change to it (`JobStore.changes`), not at intervals.
    static func nextJob(_ store: JobStore, after known: String) async throws -> (job: JobRecord, seconds: Double)? {
        let start = ContinuousClock.now
        var found: JobRecord?
        _ = try await store.changes.wait(until: start + .seconds(300)) {
            found = try store.latestJob(origin: origin).flatMap { $0.id != known ? $0 : nil }
            return found != nil
        }
        return found.map { ($0, (ContinuousClock.now - start) / .seconds(1)) }
    }
}

extension TestClientProtocol {
    /// Every feature of an items URL, following `next` links (absolute, from the request's Host: their paths are followed), and
    /// the number of pages; stops at the first answer that is not 200 (recorded by `#expect`). The watched analysis
    /// has no `[publish]`: its outputs are internal and read with the read token.
    func allFeatures(_ path: String) async throws -> (features: [[String: Any]], pages: Int) {
        var features: [[String: Any]] = []
        var pages = 0
        var next: String? = path
        while let page = next {
            let answer = try await json(.get, page, headers: TestServer.readAuth)
            #expect(answer.status == .ok, "\(page)")
            guard answer.status == .ok else { break }
            pages += 1
            features += answer.json["features"] as? [[String: Any]] ?? []
            let links = answer.json["links"] as? [[String: Any]] ?? []
            next = (links.first { $0["rel"] as? String == "next" }?["href"] as? String).map(pathOf)
        }
        return (features, pages)
    }
}
