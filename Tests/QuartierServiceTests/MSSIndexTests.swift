import Foundation
import QuartierTestSupport
import Testing

/// `Config/analyses/berlin-mss-2021.toml` reproduces the official MSS 2021 classes, run on a copy of
/// the MSS table from which the published SI_*, DI_* and SDI_* columns were removed.
@Suite("MSS 2021 composite index")
struct MSSIndexTests {
    /// The analysis file pointed at a stripped copy of mss_2021.csv, in a temporary folder.
    private func stripped(_ folder: URL, edit: (String) -> String = { $0 }) throws -> String {
        let table = try String(contentsOfFile: TestSupport.geodata("berlin_mss_2021/mss_2021.csv"), encoding: .utf8)
        let lines = table.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        let published = ["SI_N", "SI_V", "DI_N", "DI_V", "SDI_V"]
        #expect(published.allSatisfy(header.contains))
        // The quoted SDI_V values hold commas, so columns are cut by parsing, not by splitting.
        let kept = lines.map { line -> String in
            let cells = Self.cells(line)
            return zip(header, cells).filter { !published.contains($0.0) }.map(\.1).joined(separator: ",")
        }
        let copy = folder.appendingPathComponent("mss_2021_without_indexes.csv")
        try kept.joined(separator: "\n").write(to: copy, atomically: true, encoding: .utf8)
        var config = try String(contentsOfFile: TestSupport.root.appendingPathComponent("Config/analyses/berlin-mss-2021.toml").path, encoding: .utf8)
        config = config.replacingOccurrences(of: "../../Geodata/berlin_mss_2021/mss_2021.csv", with: copy.path)
            .replacingOccurrences(of: "../../Geodata/", with: TestSupport.root.appendingPathComponent("Geodata").path + "/")
        let path = folder.appendingPathComponent("mss.toml").path
        try edit(config).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Cells of one CSV line (RFC 4180 quotes), quotes kept.
    private static func cells(_ line: String) -> [String] {
        var out: [String] = []
        var current = ""
        var quoted = false
        for ch in line {
            if ch == "\"" { quoted.toggle() }
            if ch == "," && !quoted {
                out.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        out.append(current)
        return out
    }

    @Test func statusAndDynamicsClassesEqualTheOfficialOnes() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try stripped(folder)
        let out = folder.appendingPathComponent("out").path
        let result = try Subprocess.run(CLI.executable, ["run", config, "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/mss_index.geojson"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let features = try #require(json["features"] as? [[String: Any]])
        var ours: [String: [String: Any]] = [:]
        for feature in features {
            let properties = try #require(feature["properties"] as? [String: Any])
            ours[try #require(properties["PLR_ID"] as? String)] = properties
        }
        #expect(ours.count == 542)
        // The official classes, from the original table and the raw index table (SDI_N).
        let original = try String(contentsOfFile: TestSupport.geodata("berlin_mss_2021/mss_2021.csv"), encoding: .utf8)
        let lines = original.split(separator: "\n").map { Self.cells(String($0)) }
        let header = lines[0]
        let col = { (name: String) in header.firstIndex(of: name) ?? -1 }
        var compared = 0
        for row in lines.dropFirst() {
            let id = row[col("PLR_ID")]
            let area = try #require(ours[id], "\(id)")
            guard let si = Int(row[col("SI_N")]), let di = Int(row[col("DI_N")]) else {
                #expect(area["status_class"] is NSNull, "\(id) is not valid in MSS")
                #expect(["invalid", "undefined"].contains(area["status_state"] as? String))
                continue
            }
            compared += 1
            #expect(area["status_class"] as? Int == si, "\(id)")
            #expect(area["dynamics_class"] as? Int == di, "\(id)")
            #expect(area["status_dynamics_type"] as? Int == si * 10 + di, "\(id)")
        }
        #expect(compared == 536)
        let indizes = try String(
            contentsOfFile: TestSupport.geodata("berlin_mss_2021/mss_2021_indizes.csv"), encoding: .utf8)
        let rows = indizes.split(separator: "\n").map { Self.cells(String($0)) }
        let sdi = rows[0].firstIndex(of: "SDI_N") ?? -1
        let key = rows[0].firstIndex(of: "PLR_ID") ?? -1
        for row in rows.dropFirst() where (Int(row[sdi]) ?? -9999) > 0 {  // -9999: not valid in MSS
            let id = row[key].replacingOccurrences(of: "\"", with: "")
            #expect(ours[id]?["status_dynamics_type"] as? Int == Int(row[sdi]), "\(id)")
        }
        let names = Set(ours.values.compactMap { $0["status_class_name"] as? String })
        #expect(names == ["hoch", "mittel", "niedrig", "sehr niedrig"])
    }

    @Test func badIndexConfigurationsNameTheProblem() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases: [(String, String, String)] = [
            ("cutoffs = [-1.0, 1.0, 1.5]", "cutoffs = [1.0, -1.0, 1.5]", "cut-offs must increase"),
            ("indicators = [\"S1\", \"S3\", \"S4\"]", "indicators = [\"S1\", \"S3\", \"S9\"]", "no field 'S9'"),
            (
                "aggregate = \"mean\"               # \"mean\" or",
                "weights = { S1 = 0.5, S3 = 0.2, S4 = 0.2 }\naggregate = \"weighted_sum\" # ", "sum to 1"
            ),
        ]
        for (index, (from, to, message)) in cases.enumerated() {
            let config = try stripped(folder) { $0.replacingOccurrences(of: from, with: to) }
            let out = folder.appendingPathComponent("out\(index)").path
            let result = try Subprocess.run(CLI.executable, ["run", config, "--out", out])
            #expect(result.status == 1, "\(to): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out + "/mss_index.geojson"))
        }
    }
}
