import Foundation
import QuartierTestSupport
import Testing

/// `quartier emerging` on the Berlin series (children under 6, 8 half-years on the 542 Planungsräume), and its
/// refusals: one time step, duplicate rows, mixed time formats, a missing half-year, keys of another geography.
@Suite("quartier emerging")
struct EmergingCommandTests {
    static let series = TestSupport.geodata("berlin_population_lor_series/einwohner_plr_lor2021_2021-06-30_2024-12-31.csv")
    static let areas = ["--areas", TestSupport.berlinLOR, "--layer", "planungsraeume_2021", "--id", "PLR_ID"]

    func emerging(_ series: String, in folder: URL, extra: [String] = []) throws -> Subprocess.Result {
        try CLI.run(
            ["emerging"] + Self.areas + [
                "--series", series, "--time", "stichtag", "--field", "inhabitants_age_below_6",
                "--out", folder.appendingPathComponent("ehsa.geojson").path,
                "--steps", folder.appendingPathComponent("steps.csv").path,
                "--summary", folder.appendingPathComponent("summary.json").path,
            ] + extra)
    }

    @Test func berlinChildrenUnderSix() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try emerging(Self.series, in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let data = try Data(contentsOf: folder.appendingPathComponent("ehsa.geojson"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let features = try #require(json["features"] as? [[String: Any]]).compactMap { $0["properties"] as? [String: Any] }
        #expect(features.count == 542)
        let patterns = features.compactMap { $0["PATTERN"] as? String }
        #expect(patterns.count == 542)
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("summary.json")))
                as? [String: Any])
        let counts = try #require(summary["patterns"] as? [String: Int])
        #expect(counts.values.reduce(0, +) == 542)
        #expect(counts == Dictionary(grouping: patterns, by: { $0 }).mapValues(\.count))
        #expect((summary["steps"] as? [String])?.count == 8)
        // Children are concentrated and persistently so: some persistent hot spots, and categories are consistent.
        #expect((counts["Persistent Hot Spot"] ?? 0) + (counts["Intensifying Hot Spot"] ?? 0) + (counts["Diminishing Hot Spot"] ?? 0) > 0)
        for feature in features {
            let category = feature["CATEGORY"] as? Int ?? 99
            #expect((-8...8).contains(category))
            #expect((category == 0) == (feature["PATTERN"] as? String == "No Pattern Detected"))
        }
        let steps = try String(contentsOf: folder.appendingPathComponent("steps.csv"), encoding: .utf8)
        let lines = steps.split(separator: "\r\n")
        #expect(lines.count == 1 + 8 * 542)
        #expect(lines.first == "PLR_ID,stichtag,GiZScore,GiPValue,Gi_Bin")
        print("figures: emerging hot spots of children under 6, 2021-06-30 … 2024-12-31: \(counts.sorted { $0.key < $1.key })")
    }

    /// A copy of the series with its lines transformed (header kept).
    func variant(_ folder: URL, _ name: String, _ transform: ([String]) -> [String]) throws -> String {
        let text = try String(contentsOfFile: Self.series, encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        let path = folder.appendingPathComponent(name).path
        try ([header] + transform(lines)).joined(separator: "\n").appending("\n").write(
            toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func badSeriesAreRefusedWithWhatAndWhere() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases: [(String, ([String]) -> [String], [String])] = [
            ("one-step.csv", { $0.filter { $0.contains(",2024-12-31,") } }, ["at least 2 time steps"]),
            ("duplicate.csv", { $0 + [$0[0]] }, ["appears twice", "01100101"]),
            ("mixed.csv", { $0.map { $0.replacingOccurrences(of: ",2021-06-30,", with: ",2021,") } }, ["mixes formats", "stichtag"]),
            ("gap.csv", { $0.filter { !$0.contains(",2022-06-30,") } }, ["not evenly spaced", "2021-12-31", "2022-12-31"]),
            ("other-geography.csv", { $0.map { "9" + $0.dropFirst() } }, ["no area", "geography"]),
        ]
        for (name, transform, fragments) in cases {
            let path = try variant(folder, name, transform)
            let out = folder.appendingPathComponent(name + ".out")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            let result = try emerging(path, in: out)
            #expect(result.status == 1, "\(name): exit \(result.status) \(result.stderr)")
            for fragment in fragments { #expect(result.stderr.contains(fragment), "\(name): \(result.stderr)") }
            #expect(result.stderr.contains(name), "\(name): the message names the file")
            #expect(CLI.files(in: out).isEmpty, "\(name): left \(CLI.files(in: out))")
        }
    }
}
