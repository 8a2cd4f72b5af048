import Foundation
import QuartierTestSupport
import Testing

/// Issue 18, tiers: every output's manifest entry says who may read it; `[outputs]`, `[[tiles]]` and `[[profile]]`
/// are internal unless declared public, and a public declaration needs `[publish]` (suppression).
@Suite("Output tiers")
struct OutputTierTests {
    let files = AnalysisFileTests()

    /// The analysis of `AnalysisFileTests` with extra lines in `[outputs.plr]` and after it.
    func analysis(output: String = "", tail: String = "") -> String {
        files.valid + "\n" + output + "\n" + tail
    }

    /// The `tier` of each output in a run's manifest, by path.
    func tiers(_ text: String) throws -> [String: String] {
        let (folder, path) = try files.write(text)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let result = try Subprocess.run(CLI.executable, ["run", path, "--out", out.path])
        try #require(result.status == 0, "\(result.stderr)")
        let data = try Data(contentsOf: out.appendingPathComponent("manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var tiers: [String: String] = [:]
        for entry in manifest["outputs"] as? [[String: Any]] ?? [] {
            guard let path = entry["path"] as? String else { continue }
            tiers[path] = entry["tier"] as? String ?? "absent"
        }
        return tiers
    }

    @Test func outputsAreInternalUnlessDeclaredPublic() throws {
        let tiers = try tiers(analysis(tail: "[[tiles]]\nname = \"plr_tiles\"\nmaxzoom = 9\n"))
        #expect(tiers == ["plr.gpkg": "internal", "plr_tiles.pmtiles": "internal"])
    }

    @Test func publishedFilesAndDeclaredOutputsArePublic() throws {
        let publish = """
            [[tiles]]
            name = "plr_tiles"
            maxzoom = 9
            tier = "public"
            [publish]
            name = "plr_public"
            fields = ["PLR_NAME"]
            maxzoom = 9
            """
        let tiers = try tiers(analysis(output: "tier = \"public\"", tail: publish))
        #expect(tiers["plr.gpkg"] == "public" && tiers["plr_tiles.pmtiles"] == "public")
        #expect(tiers["plr_public.geojson"] == "public" && tiers["style.json"] == "public")
        #expect(!tiers.values.contains("absent") && !tiers.values.contains("internal"))
    }

    @Test func publicTierWithoutPublishIsRefused() throws {
        try files.expectFailure(
            analysis(output: "tier = \"public\""), ["[outputs.plr]", "tier = \"public\"", "[publish]"], command: "check")
    }

    @Test func unknownTierIsRefused() throws {
        try files.expectFailure(analysis(output: "tier = \"staff\""), ["[outputs.plr]", "tier = 'staff'", "internal"])
    }
}
