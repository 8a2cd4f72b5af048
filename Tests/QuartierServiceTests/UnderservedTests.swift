import Foundation
import QuartierTestSupport
import Testing

/// `[underserved]` refuses what would make its score meaningless, naming file and line or field.
@Suite("[underserved] bad input")
struct UnderservedTests {
    private func demo(_ edit: (String) -> String, in folder: URL) throws -> String {
        var text = try String(
            contentsOfFile: TestSupport.root.appendingPathComponent("Config/analyses/berlin-demo.toml").path,
            encoding: .utf8)
        text = text.replacingOccurrences(of: "../../Geodata/", with: TestSupport.root.appendingPathComponent("Geodata").path + "/")
        let path = folder.appendingPathComponent("demo.toml").path
        try edit(text).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func weightsThatDoNotSumToOneAndBadDirectionsAreRefusedAtCheck() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases = [
            ("weights = { demand = 0.4, access = 0.4, need = 0.2 }", "weights = { demand = 0.5, access = 0.4, need = 0.2 }",
             "must sum to 1"),
            ("kita_distance_mean = \"high_is_bad\"", "kita_distance_mean = \"far\"", "\"high_is_bad\" or \"high_is_good\""),
            ("weights = { demand = 0.4, access = 0.4, need = 0.2 }", "weights = { demand = 0.6, access = 0.4 }",
             "weights = { demand = …, access = …, need = … }"),
        ]
        for (from, to, message) in cases {
            let path = try demo({ $0.replacingOccurrences(of: from, with: to) }, in: folder)
            let result = try CLI.run("check", path)
            #expect(result.status == 1, "\(to)")
            #expect(result.stderr.contains(message) && result.stderr.contains("demo.toml:"), "\(result.stderr)")
        }
    }

    @Test func anUnknownFieldIsNamedWhenTheAnalysisRuns() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try demo({ $0.replacingOccurrences(of: "need = \"GiZScore\"", with: "need = \"GiScore\"") }, in: folder)
        let out = folder.appendingPathComponent("out").path
        let result = try CLI.run("run", path, "--out", out)
        #expect(result.status == 1)
        #expect(result.stderr.contains("no field 'GiScore'"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out + "/kita_bedarf.csv"))
    }
}
