import Foundation
import QuartierTestSupport
import Testing

/// `check` refuses the `[[hotspots]]` steps that `run` refuses, without running them (issue 25, item 10).
@Suite("check on hotspot steps")
struct CheckHotspotTests {
    /// Writes an analysis over the 542 Planungsräume with one `[[hotspots]]` step and runs `check` on it.
    func check(_ hotspot: String, in folder: URL) throws -> Subprocess.Result {
        let analysis = try CLI.analysis(
            in: folder, source: TestSupport.berlinLOR, layer: "planungsraeume_2021",
            extra: "\n[[hotspots]]\n\(hotspot)\n")
        return try CLI.run("check", analysis)
    }

    @Test(arguments: [
        (#"field = "GROESSE_QM""#, "field 'GROESSE_QM' is no field"),
        ("field = \"GROESSE_M2\"\nweights = \"knn:600\"", "only 542 areas"),
        ("field = \"GROESSE_M2\"\nweights = \"kernel:bisquare:0\"", "weights 'kernel:bisquare:0' is not understood"),
        ("field = \"GROESSE_M2\"\nweights_file = \"missing.gal\"", "weights_file 'missing.gal' cannot be read"),
    ])
    func checkRefusesWhatRunRefuses(hotspot: String, expected: String) throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try check(hotspot, in: folder)
        #expect(result.status == 1, "exit \(result.status): \(result.stderr)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(result.stderr.contains("analysis.toml"))
    }

    @Test func validHotspotStepPasses() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try check("field = \"GROESSE_M2\"\nweights = \"knn:8\"", in: folder)
        #expect(result.status == 0, "exit \(result.status): \(result.stderr)")
    }
}
