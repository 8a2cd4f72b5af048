import Foundation
import QuartierTestSupport
import Testing

/// The indicator catalogue: listing, checking analyses against it, and its entries carried unchanged
/// into the demo's manifest and TileJSON.
@Suite("indicator catalogue")
struct IndicatorCatalogueTests {
    let catalogue = TestSupport.root.appendingPathComponent("Config/indicators.toml").path

    private func entries() throws -> [[String: Any]] {
        let result = try CLI.run("indicators", "--catalogue", catalogue, "--json")
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    @Test func listsTheCatalogueAndChecksTheShippedAnalyses() throws {
        let listed = try entries()
        #expect(listed.count >= 5)
        for entry in listed {
            for key in ["id", "title", "definition", "unit", "source", "reference_date", "licence", "attribution", "polarity"] {
                #expect(entry[key] != nil, "\(entry["id"] ?? "?") lacks \(key)")
            }
        }
        let analyses = ["berlin-demo.toml", "berlin-mss-2021.toml"].map {
            TestSupport.root.appendingPathComponent("Config/analyses/\($0)").path
        }
        let check = try CLI.run(["indicators", "--catalogue", catalogue] + analyses)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("mss_s4_kinderarmut: Kinderarmut"))
    }

    /// Two JSON values are the same (objects compared by sorted keys, so nested targets compare whatever the order).
    static func same(_ a: Any?, _ b: Any) -> Bool {
        guard let a else { return false }
        let data = { (x: Any) in try? JSONSerialization.data(withJSONObject: [x], options: [.sortedKeys]) }
        return data(a) == data(b)
    }

    @Test func theDemoCarriesCatalogueEntriesUnchangedIntoManifestAndTileJSON() throws {
        let byID = Dictionary(uniqueKeysWithValues: try entries().map { ($0["id"] as? String ?? "", $0) })
        let out = try BerlinDemoTests.run.get()
        let tileJSON = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("tilejson.json")))
                as? [String: Any])
        let indicators = try #require(tileJSON["quartier:indicators"] as? [[String: Any]])
        let s4 = try #require(indicators.first { $0["field"] as? String == "S4" })
        let entry = try #require(s4["catalogue"] as? [String: Any])
        let expected = try #require(byID["mss_s4_kinderarmut"])
        for (key, value) in expected { #expect(Self.same(entry[key], value), "\(key)") }
        // The published GeoJSON carries the same entry as the foreign member `quartier:indicators`.
        let geojson = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: out.appendingPathComponent("planungsraeume_public.geojson"))) as? [String: Any])
        let inGeoJSON = try #require((geojson["quartier:indicators"] as? [String: [String: Any]])?["S4"])
        for (key, value) in expected { #expect(Self.same(inGeoJSON[key], value), "GeoJSON \(key)") }
        #expect((geojson["features"] as? [Any])?.count == 542)
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json")))
                as? [String: Any])
        let carried = try #require((manifest["indicators"] as? [String: [String: Any]])?["kita_distance_mean"])
        #expect(carried["id"] as? String == "kita_entfernung")
        #expect(carried["reference_date"] as? String == byID["kita_entfernung"]?["reference_date"] as? String)
    }

    @Test func unknownIdsAndBadEntriesNameTheirLine() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var demo = try String(
            contentsOfFile: TestSupport.root.appendingPathComponent("Config/analyses/berlin-demo.toml").path,
            encoding: .utf8)
        demo = demo.replacingOccurrences(of: "../../Geodata/", with: TestSupport.root.appendingPathComponent("Geodata").path + "/")
            .replacingOccurrences(of: "catalogue = \"../indicators.toml\"", with: "catalogue = \"\(catalogue)\"")
        let unknown = folder.appendingPathComponent("unknown.toml").path
        try demo.replacingOccurrences(of: "S4 = \"mss_s4_kinderarmut\"", with: "S4 = \"kinderarmut_2030\"")
            .write(toFile: unknown, atomically: true, encoding: .utf8)
        let result = try CLI.run("check", unknown)
        #expect(result.status == 1 && result.stderr.contains("\"kinderarmut_2030\": unknown indicator id"), "\(result.stderr)")
        #expect(result.stderr.contains("unknown.toml:"))

        let text = try String(contentsOfFile: catalogue, encoding: .utf8)
        let bad = folder.appendingPathComponent("bad.toml").path
        try text.replacingOccurrences(of: "polarity = \"high_is_good\"", with: "polarity = \"good\"")
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let listing = try CLI.run("indicators", "--catalogue", bad)
        #expect(listing.status == 1 && listing.stderr.contains("polarity = \"good\""), "\(listing.stderr)")
    }
}
