import Foundation
import QuartierTestSupport
import Testing

/// Issue 21, item 5: the profiles of the 13 Kommunen of Kreis Offenbach and the 30 Gemeinden of Altenburger Land
/// against their Kreis and Land, from `Config/analyses/hessen-thueringen-profile.toml` (Zensus 2011 indicators).
@Suite("Area profiles, Hessen and Thüringen")
struct HessenThueringenProfileTests {
    @Test func kreisOffenbachAndAltenburgerLandAgainstKreisAndLand() throws {
        let folder = try TestSupport.temporaryFolder("quartier-heth-profiles")
        let out = folder.appendingPathComponent("run")
        let analysis = TestSupport.root.appendingPathComponent("Config/analyses/hessen-thueringen-profile.toml").path
        let run = try CLI.run("run", analysis, "--out", out.path)
        try #require(run.status == 0, "\(run.stdout)\(run.stderr)")
        let json = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: out.appendingPathComponent("gemeinden_public.geojson")))
                as? [String: Any])
        let ids = (json["features"] as? [[String: Any]] ?? []).compactMap {
            ($0["properties"] as? [String: Any])?["AGS"] as? String
        }
        for (kreis, kreisName, land, count) in [
            ("06438", "Offenbach", "Hessen", 13), ("16077", "Altenburger Land", "Thüringen", 30),
        ] {
            let members = ids.filter { $0.hasPrefix(kreis) }.sorted()
            #expect(members.count == count, "\(kreisName)")
            let pages = folder.appendingPathComponent(kreis)
            let made = try CLI.run(
                "profiles", out.path, "--level", "areas", "--reference", "laender", "--ids",
                members.joined(separator: ","), "--out", pages.path)
            try #require(made.status == 0, "\(made.stdout)\(made.stderr)")
            for id in members {
                let page = try String(contentsOf: pages.appendingPathComponent("\(id).html"), encoding: .utf8)
                #expect(page.contains("Kreis \(kreisName)") && page.contains("Land \(land)"), "\(id)")
                #expect(page.contains("Zensus 2011"), "\(id): the source is named")
            }
        }
    }
}
