import Foundation
import QuartierTestSupport
import Testing

/// `Config/analyses/hessen-thueringen-gemeinden.toml`: Zensus 2011 aggregated to the Gemeinden of Hessen
/// and Thüringen, hotspots of the under-18 share, and Kreis profiles — checked against the figures in
/// Geodata/zensus2011_1km_hessen_thueringen/SOURCE.md.
@Suite("Gemeinde view: Hessen and Thüringen")
struct GemeindeViewTests {
    static let run: Result<URL, any Error> = {
        do {
            let out = try TestSupport.temporaryFolder("quartier-gemeinden")
            let file = TestSupport.root.appendingPathComponent("Config/analyses/hessen-thueringen-gemeinden.toml").path
            let result = try CLI.run("run", file, "--out", out.path)
            guard result.status == 0 else { throw BerlinDemoTests.QuartierTestError(message: result.stderr) }
            return .success(out)
        } catch {
            return .failure(error)
        }
    }()

    /// Rows of a profile CSV (German Excel: BOM, `;`, decimal comma), by column name.
    private func profile(_ name: String) throws -> [[String: String]] {
        let text = try String(contentsOf: try Self.run.get().appendingPathComponent("\(name).csv"), encoding: .utf8)
        let lines = text.replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: "\r\n").map {
            $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
    }

    private func number(_ text: String?) -> Double? { text.flatMap { Double($0.replacingOccurrences(of: ",", with: ".")) } }

    @Test func gemeindenGetTheCensusFiguresOfTheSourceNotes() throws {
        let data = try Data(contentsOf: try Self.run.get().appendingPathComponent("gemeinden.geojson"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let features = try #require(json["features"] as? [[String: Any]]).compactMap { $0["properties"] as? [String: Any] }
        #expect(features.count == 1057)
        // The census year is stated in the file itself (catalogue entries as a GeoJSON foreign member).
        let catalogue = try #require(json["quartier:indicators"] as? [String: [String: Any]])
        #expect(catalogue.count == 5)
        #expect(catalogue.values.allSatisfy { ($0["source"] as? String)?.hasPrefix("Zensus 2011") == true })
        let byAGS = Dictionary(uniqueKeysWithValues: features.map { ($0["AGS"] as? String ?? "", $0) })
        let frankfurt = try #require(byAGS["06412000"])
        #expect(frankfurt["z2011_Einwohner"] as? Double == 668_722)
        #expect(abs((frankfurt["z2011_unter18_A"] as? Double ?? 0) - 15.7) < 0.05)
        #expect(abs((frankfurt["z2011_Auslaender_A"] as? Double ?? 0) - 24.8) < 0.05)
        #expect(byAGS["06438001"]?["z2011_Einwohner"] as? Double == 32_465)  // Dietzenbach
        // Hotspots across both Länder: every Gemeinde with a share has a Gi_Bin, the others are marked.
        let binned = features.filter { $0["Gi_Bin"] is Int }.count
        let undefined = features.filter { $0["state"] as? String == "undefined" }.count
        #expect(binned + undefined == 1057 && binned > 1000)
    }

    @Test func kreisOffenbachAgainstHessen() throws {
        let rows = try profile("profil_kreis_offenbach")
        let gemeinden = rows.filter { $0["ebene"] == "Gemeinde" }
        #expect(gemeinden.count == 13)
        #expect(gemeinden.allSatisfy { $0["schluessel"]?.hasPrefix("06438") == true })
        let land = try #require(rows.last)
        #expect(land["ebene"] == "Land" && land["schluessel"] == "06" && number(land["z2011_Einwohner"]) == 5_976_150)
        let kreis = try #require(rows.first { $0["ebene"] == "Kreis" })
        let sum = gemeinden.compactMap { number($0["z2011_Einwohner"]) }.reduce(0, +)
        #expect(number(kreis["z2011_Einwohner"]) == sum)
        // Differences to the Land, ranks 1…13 within the Kreis, and the census year on every row.
        let share = { (row: [String: String]) in self.number(row["z2011_unter18_A"]) ?? .nan }
        for row in gemeinden {
            let diff = number(row["z2011_unter18_A_diff_land"]) ?? .nan
            #expect(abs(diff - (share(row) - share(land))) < 1e-9)
        }
        let ranks = gemeinden.compactMap { Int($0["z2011_unter18_A_rang_kreis"] ?? "") }
        #expect(ranks.sorted() == Array(1...13))
        let first = try #require(gemeinden.first { $0["z2011_unter18_A_rang_kreis"] == "1" })
        #expect(gemeinden.allSatisfy { share($0) <= share(first) })
        #expect(rows.allSatisfy { $0["quelle"]?.hasPrefix("Zensus 2011") == true })
    }

    @Test func altenburgerLandAgainstThueringen() throws {
        let rows = try profile("profil_altenburger_land")
        #expect(rows.filter { $0["ebene"] == "Gemeinde" }.allSatisfy { $0["schluessel"]?.hasPrefix("16077") == true })
        #expect(rows.last?["schluessel"] == "16" && number(rows.last?["z2011_Einwohner"]) == 2_187_974)
        let altenburg = try #require(rows.first { $0["schluessel"] == "16077001" })
        #expect(number(altenburg["z2011_Einwohner"]) == 34_125)
    }
}
