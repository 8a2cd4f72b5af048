import Foundation
import QuartierTestSupport
import Testing

/// Issue 22 on the Berlin demo: the synthetic notes of `Geodata/beobachtungen/` counted per Planungsraum,
/// Bezirksregion and Bezirk, their free text in no public file, tile, atlas file or profile page, and the synthetic
/// attribution in every public output.
@Suite("Berlin demo: observations")
struct BerlinObservationTests {
    static let notes = TestSupport.geodata("beobachtungen/beobachtungen_berlin_synthetisch.csv")

    /// The notes file's rows as columns by name (a plain CSV reader: quoted fields, commas inside quotes).
    static func rows(_ path: String, delimiter: Character = ",") throws -> [[String: String]] {
        var text = try String(contentsOfFile: path, encoding: .utf8)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.makeIterator()
        while let c = iterator.next() {
            if quoted {
                if c == "\"" { quoted = false } else { field.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == delimiter {
                row.append(field)
                field = ""
            } else if c == "\n" || c == "\r\n" {
                row.append(field)
                rows.append(row)
                (row, field) = ([], "")
            } else {
                field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { rows.append(row + [field]) }
        guard let header = rows.first else { return [] }
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    func out() throws -> URL { try BerlinDemoTests.run.get() }

    @Test func theInternalRecordsHoldEveryNoteAndTheLevelsCountThem() throws {
        let out = try out()
        let notes = try Self.rows(Self.notes)
        #expect(notes.count == 571)
        let records = try Self.rows(out.appendingPathComponent("beob_records.csv").path, delimiter: ";")
        #expect(records.count == 571)
        // Every workshop note by key lands in its own Planungsraum.
        let byKey = notes.filter { !($0["PLR_ID"] ?? "").isEmpty }
        #expect(byKey.count == 361)
        // The Bezirke as published: each theme's count equals the hand count of the records table, or is suppressed.
        let data = try Data(contentsOf: out.appendingPathComponent("bezirke.geojson"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let bezirke = (json["features"] as? [[String: Any]] ?? []).compactMap { $0["properties"] as? [String: Any] }
        #expect(bezirke.count == 12)
        var compared = 0
        let idField = try #require(records.first?.keys.first { $0.hasSuffix("PLR_ID") })
        for bezirk in bezirke {
            let id = try #require(bezirk["BEZ_ID"] as? String)
            let members = records.filter { ($0[idField] ?? "").hasPrefix(id) }
            for theme in ["kita_platzmangel", "schulweg", "sprachfoerderung", "jugendangebote"] {
                let expected = members.filter { $0["theme"] == theme }.count
                if let published = bezirk["beob_\(theme)"] as? Int {
                    #expect(published == expected, "Bezirk \(id) \(theme)")
                    compared += 1
                } else {
                    #expect(bezirk["beob_\(theme)_status"] as? String == "suppressed" && expected < 3 || expected >= 3)
                }
            }
            if let total = bezirk["beob_total"] as? Int { #expect(total == members.count, "Bezirk \(id)") }
        }
        #expect(compared >= 40, "\(compared) of 48 Bezirk theme counts published and equal to the hand count")
    }

    @Test func freeTextIsInNoPublicFileTileAtlasOrProfile() throws {
        let out = try out()
        let notes = Set(try Self.rows(Self.notes).compactMap { $0["notiz"] }.filter { !$0.isEmpty })
        #expect(notes.count > 100)
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json")))
                as? [String: Any])
        let outputs = try #require(manifest["outputs"] as? [[String: Any]])
        let publicFiles = outputs.filter { $0["tier"] as? String == "public" }.compactMap { $0["path"] as? String }
        #expect(publicFiles.contains("tiles.pmtiles") && publicFiles.contains("atlas/atlas.json"))
        // The profile pages: every file under profiles/ (the manifest lists the index pages).
        var paths =
            publicFiles.map { out.appendingPathComponent($0).path } + [out.appendingPathComponent("manifest.json").path]
        let profiles = out.appendingPathComponent("profiles")
        let enumerator = FileManager.default.enumerator(atPath: profiles.path)
        while let name = enumerator?.nextObject() as? String {
            if name.hasSuffix(".html") { paths.append(profiles.appendingPathComponent(name).path) }
        }
        #expect(paths.count > 500, "\(paths.count) public files and pages searched")
        let hits = try TextSearch.files(paths, containingAny: Array(notes))
        #expect(hits.isEmpty, "free text in public files: \(hits.prefix(5))")
        // The search finds them where they are: the internal records table.
        let internalHits = try TextSearch.files(
            [out.appendingPathComponent("beob_records.csv").path], containingAny: Array(notes))
        #expect(internalHits.count == 1)
    }

    /// The public manifest gives no total of the notes: the number of records is the sum of every theme count over
    /// Berlin, which would give away a hidden Bezirk's count once the other eleven are published.
    @Test func thePublicManifestWithholdsTheNumberOfNotes() throws {
        let out = try out()
        let data = try Data(contentsOf: out.appendingPathComponent("manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let inputs = try #require(manifest["inputs"] as? [[String: Any]])
        let notes = try #require(inputs.first { $0["name"] as? String == "beobachtungen" })
        #expect(notes["featureCount"] is NSNull)
        let areas = try #require(inputs.first { $0["name"] as? String == "planungsraeume" })
        #expect(areas["featureCount"] as? Int == 542)
        let withheld = try #require(manifest["withheld"] as? [String])
        #expect(withheld.contains { $0.contains("'beobachtungen'") && $0.contains("'beob_total'") })
        // No number in the manifest is the notes' total.
        let records = try Self.rows(out.appendingPathComponent("beob_records.csv").path, delimiter: ";")
        let text = try #require(String(data: data, encoding: .utf8))
        #expect(!text.contains(": \(records.count),") && !text.contains(": \(records.count)\n"))
    }

    @Test func everyPublicMapOutputSaysTheNotesAreSynthetic() throws {
        let out = try out()
        let marker = "SYNTHETISCHE Demodaten"
        for file in ["tilejson.json", "style.json", "atlas/atlas.json"] {
            let text = try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)
            #expect(text.contains(marker), "\(file)")
        }
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json")))
                as? [String: Any])
        let record = try #require((manifest["observations"] as? [[String: Any]])?.first)
        #expect(record["synthetic"] as? Bool == true && (record["attribution"] as? String)?.contains(marker) == true)
        // A Bezirk's profile has the observations section with the attribution.
        let profile = try String(contentsOf: out.appendingPathComponent("profiles/bezirke/01.html"), encoding: .utf8)
        #expect(profile.contains("Beobachtungen vor Ort") && profile.contains(marker), "profile of Bezirk 01")
        #expect(profile.contains("Synthetische Daten"))
        // The atlas: a theme per gap flag and per published theme count, words for the flags.
        let atlas = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("atlas/atlas.json")))
                as? [String: Any])
        let themes = (atlas["themes"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(themes.contains("beob_kita_platzmangel_perception") && themes.contains("beob_kita_platzmangel"))
        let labels = atlas["labels"] as? [String: Any]
        #expect(labels?["beob_kita_platzmangel_perception"] != nil)
    }
}
