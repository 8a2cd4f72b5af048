import Foundation
import QuartierTestSupport
import Testing

/// What `[publish]` refuses: a field that does not exist, more classes than distinct published values.
@Suite("publish step: bad input")
struct PublishBadInputTests {
    /// The threshold-5 fixture with one change, written with absolute data paths into `folder`.
    func variant(in folder: URL, replacing old: String, with new: String) throws -> String {
        let fixture = try String(
            contentsOfFile: TestSupport.fixture("publish/publish-threshold5.toml"), encoding: .utf8)
        #expect(fixture.contains(old))
        let text = fixture.replacingOccurrences(of: "../../../Geodata", with: TestSupport.geodata(""))
            .replacingOccurrences(of: old, with: new)
        let path = folder.appendingPathComponent("publish.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aFieldNamedInThePublishStepThatDoesNotExist() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try variant(in: folder, replacing: #"label = "PLR_NAME""#, with: #"label = "PLR_NAMEN""#)
        let result = try CLI.run("run", path, "--out", folder.appendingPathComponent("out").path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("field 'PLR_NAMEN' named in label does not exist"), "\(result.stderr)")
        #expect(result.stderr.contains("publish.toml:"))
        #expect(CLI.files(in: folder.appendingPathComponent("out")).isEmpty)
    }

    @Test func moreClassesThanDistinctValues() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try variant(
            in: folder, replacing: "[publish.indicators.n_kitas]",
            with: "[publish.indicators.Gi_Bin]\nclasses = 9\n\n[publish.indicators.n_kitas]")
        let result = try CLI.run("run", path, "--out", folder.appendingPathComponent("out").path)
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("indicator 'Gi_Bin' asks for 9 classes but has only"),
            "\(result.stderr)")
    }

    @Test func anUnknownKeyInThePublishStepNamesItsLine() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try variant(in: folder, replacing: "min_count = 5", with: "min_cout = 5")
        let result = try CLI.run("check", path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("unknown key 'min_cout' in [publish.suppression]"), "\(result.stderr)")
    }

    @Test func publishedFilesThatWouldOverwriteOthersAreRefused() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try variant(in: folder, replacing: #"name = "versorgung""#, with: #"name = "kitas""#)
        let result = try CLI.run("check", path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("'kitas' names both"), "\(result.stderr)")
    }
}
