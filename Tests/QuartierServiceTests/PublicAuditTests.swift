import Foundation
import QuartierTestSupport
import Testing

/// `quartier audit OUT`: the disclosure audit from a run's public files alone (issue 18, item 5).
@Suite("quartier audit")
struct PublicAuditTests {
    /// A run folder by hand: three areas a, b, c under one Bezirk P, with the given published values of field `n`
    /// (nil: null with status `suppressed`), both layers public, and the manifest's disclosure record.
    func folder(areas: [Double?], parent: Double?, internalParent: Bool = false) throws -> URL {
        let out = try TestSupport.temporaryFolder("quartier-audit")
        func geoJSON(_ rows: [(String, String, Double?)]) -> String {
            let features = rows.enumerated().map { index, row in
                let value = row.2.map { String(format: "%g", $0) } ?? "null"
                let status = row.2 == nil ? "\"suppressed\"" : "null"
                let x = Double(index)
                return """
                    {"type": "Feature", "properties": {"\(row.0)": "\(row.1)", "n": \(value), "n_status": \(status)},
                     "geometry": {"type": "Polygon", "coordinates": [[[\(x), 0], [\(x + 1), 0], [\(x + 1), 1], [\(x), 0]]]}}
                    """
            }
            return #"{"type": "FeatureCollection", "features": ["# + features.joined(separator: ",") + "]}"
        }
        let ids = ["a", "b", "c"]
        try geoJSON(zip(ids, areas).map { ("ID", $0, $1) }).write(
            to: out.appendingPathComponent("areas_public.geojson"), atomically: true, encoding: .utf8)
        try geoJSON([("BEZ", "P", parent)]).write(
            to: out.appendingPathComponent("bezirke.geojson"), atomically: true, encoding: .utf8)
        let manifest = """
            {"outputs": [
              {"path": "areas_public.geojson", "sha256": "", "role": "layer", "level": "areas", "id_field": "ID",
               "tier": "public"},
              {"path": "bezirke.geojson", "sha256": "", "role": "layer", "level": "bezirke", "id_field": "BEZ",
               "tier": "\(internalParent ? "internal" : "public")"}],
             "disclosure": {"min_count": 3, "counts": ["n"], "unit_id_field": "ID", "units": ["a", "b", "c"],
               "levels": [{"name": "bezirke", "id_field": "BEZ", "parents": ["P", "P", "P"]}]}}
            """
        try manifest.write(to: out.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        return out
    }

    @Test func aHiddenMemberOfAPublishedParentIsAFinding() throws {
        let out = try folder(areas: [5, nil, 7], parent: 14)
        let json = out.appendingPathComponent("audit.json").path
        let result = try CLI.run("audit", out.path, "--json", json)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("areas b: [2, 2]  FINDING"))
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        #expect(report["passed"] as? Bool == false && report["cells"] as? Int == 1)
    }

    @Test func aParentSuppressedToo() throws {
        let result = try CLI.run("audit", try folder(areas: [5, nil, 7], parent: nil).path)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("areas b: [0, ∞]") && result.stdout.contains("bezirke P: [12, ∞]"))
    }

    @Test func internalOutputsAreNotRead() throws {
        // The parent is published only in an internal file: the public cannot subtract, so nothing is found.
        let result = try CLI.run("audit", try folder(areas: [5, nil, 7], parent: 14, internalParent: true).path)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("areas b: [0, ∞]"))
    }

    @Test func twoHiddenMembersShownBelowTheMinimumCount() throws {
        // 5 + b + c = 8 and b, c ≥ 0: each is at most 3 — not pinned, but b + c = 3 says little; with parent 7
        // both are at most 2, below the minimum count 3.
        let result = try CLI.run("audit", try folder(areas: [5, nil, nil], parent: 7).path)
        #expect(result.status == 1)
        #expect(result.stdout.contains("below the minimum count"))
    }

    @Test func aFolderWithoutDisclosureRecordIsAUserError() throws {
        let out = try TestSupport.temporaryFolder("quartier-audit")
        try #"{"outputs": []}"#.write(to: out.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        let result = try CLI.run("audit", out.path)
        #expect(result.status == 1 && result.stderr.contains("disclosure"))
    }

    @Test func berlinDemoPassesFromItsPublicFiles() throws {
        let out = try BerlinDemoTests.run.get()
        let start = ContinuousClock.now
        let result = try CLI.run("audit", out.path)
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("passed"))
        print("quartier audit on the Berlin demo: \(String(format: "%.2f", seconds)) s; \(result.stdout.split(separator: "\n").last ?? "")")
    }
}
