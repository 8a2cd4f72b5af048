import Foundation
import QuartierTestSupport
import Testing

/// The static atlas every publish writes (`atlas/`, issue 20), read back without a browser: its files are public in
/// the manifest, `atlas.json` holds exactly the published values and reasons, and only public roll-ups appear as
/// the profile's parent levels. The page itself is tested in a browser by `AtlasBrowserTests` (QuartierServerTests).
@Suite("atlas document")
struct AtlasDocumentTests {
    static func json(_ path: String) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    @Test func atlasFilesArePublicAndHoldThePublishedValuesAndReasons() throws {
        let folder = try PublishTests.run.get().0
        let manifest = try Self.json(folder.appendingPathComponent("manifest.json").path)
        let atlas = (manifest["outputs"] as? [[String: Any]] ?? []).filter { $0["role"] as? String == "atlas" }
        let paths = Set(atlas.compactMap { $0["path"] as? String })
        #expect(
            paths.isSuperset(of: [
                "atlas/index.html", "atlas/atlas.js", "atlas/atlas.css", "atlas/atlas.json", "atlas/sources.json",
            ]))
        #expect(atlas.allSatisfy { $0["tier"] as? String == "public" })

        let document = try Self.json(folder.appendingPathComponent("atlas/atlas.json").path)
        let areas = try #require(document["areas"] as? [String: Any])
        let ids = try #require(areas["ids"] as? [String])
        let values = try #require(areas["values"] as? [String: [Any]])
        let status = areas["status"] as? [String: [String: String]] ?? [:]
        let geojson = try Self.json(folder.appendingPathComponent("versorgung.geojson").path)
        let features = (geojson["features"] as? [[String: Any]] ?? []).compactMap { $0["properties"] as? [String: Any] }
        #expect(ids.count == 542 && features.count == 542)
        let published = Set(features.first?.keys.map { $0 } ?? [])
        #expect(Set(values.keys).isSubset(of: published), "atlas.json has only published fields")
        var suppressed = 0
        for (row, properties) in features.enumerated() {
            #expect(ids[row] == properties["PLR_ID"] as? String)
            for (field, column) in values {
                let reason = properties[field + "_status"] as? String
                #expect(status[field]?[String(row)] == reason, "\(ids[row]) \(field)")
                if reason == "suppressed" { suppressed += 1 }
                if let number = properties[field] as? Double {
                    #expect(
                        TestSupport.isClose(column[row] as? Double ?? .nan, number, atol: 1e-5), "\(ids[row]) \(field)")
                } else if properties[field] is NSNull {
                    #expect(column[row] is NSNull, "\(ids[row]) \(field) is null")
                }
            }
        }
        #expect(suppressed > 0, "the fixture suppresses values")
        #expect((document["parents"] as? [Any])?.isEmpty == true, "no public roll-up")
        #expect(
            document["outline"] is NSNull && !paths.contains("atlas/grenzen.geojson"), "no borders without a roll-up")
        let themes = (document["themes"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(themes == ["kitas_je_1000_u6", "S4", "n_kitas", "Gi_Bin", "COType"])
        // A count has no city value without a public roll-up (a median would misstate the total).
        let city = try #require(document["city"] as? [String: Any])
        #expect((city["values"] as? [String: Any])?["n_kitas"] == nil)
        #expect(city["name"] as? String == "Gesamtstadt")
    }

    @Test(arguments: [
        "center = [13.4]", "center = [200, 52]", "zoom = 30", #"basemap = "tiles.example.org/{z}/{x}/{y}.png""#,
        #"basemap = "https://tiles.example.org/{z}/{x}/{y}.png""#,
        #"basemap = "https://tiles.example.org/{z}/{x}.png"\#nbasemap_attribution = "© B""#,
        #"basemap = "https://maps.example.org/style""#, #"basemap = "ftp://maps.example.org/style.json""#,
        #"basemap_attribution = "© B""#,
    ])
    func publishRefusesABadFirstViewOrBaseMap(_ line: String) throws {
        let fixture = TestSupport.fixture("publish/publish-threshold5.toml")
        let geodata = TestSupport.root.appendingPathComponent("Geodata").path
        let text = try String(contentsOfFile: fixture, encoding: .utf8)
            .replacingOccurrences(of: "\"../../../Geodata", with: "\"\(geodata)")
            .replacingOccurrences(of: "[publish]\n", with: "[publish]\n\(line)\n")
        let folder = try TestSupport.temporaryFolder("quartier-atlas-view")
        let analysis = folder.appendingPathComponent("view.toml")
        try text.write(to: analysis, atomically: true, encoding: .utf8)
        let result = try CLI.run("check", analysis.path)
        #expect(result.status == 1 && result.stderr.contains("[publish]"), "\(result.stderr)")
        // The message names the file and the line of the key (the line after [publish]).
        let header = text.components(separatedBy: "\n").firstIndex(of: "[publish]") ?? -2
        #expect(result.stderr.contains("view.toml:\(header + 2)"), "\(result.stderr)")
    }

    /// A MapLibre style URL (with a query) is a valid base map without basemap_attribution (its sources carry theirs).
    @Test func aStyleURLBaseMapPassesTheCheck() throws {
        let fixture = TestSupport.fixture("publish/publish-threshold5.toml")
        let geodata = TestSupport.root.appendingPathComponent("Geodata").path
        let text = try String(contentsOfFile: fixture, encoding: .utf8)
            .replacingOccurrences(of: "\"../../../Geodata", with: "\"\(geodata)")
            .replacingOccurrences(
                of: "[publish]\n",
                with: "[publish]\nbasemap = \"https://maps.example.org/styles/hell/style.json?v=2\"\n")
        let folder = try TestSupport.temporaryFolder("quartier-atlas-style")
        let analysis = folder.appendingPathComponent("style.toml")
        try text.write(to: analysis, atomically: true, encoding: .utf8)
        let check = try CLI.run("check", analysis.path)
        #expect(check.status == 0, "\(check.stderr)")
    }

    /// A roll-up reaches the atlas only through a public output of it; an internal one is never shown.
    @Test func onlyPublicRollUpsBecomeParentLevels() throws {
        let fixture = TestSupport.fixture("publish/publish-threshold5.toml")
        let geodata = TestSupport.root.appendingPathComponent("Geodata").path
        var text = try String(contentsOfFile: fixture, encoding: .utf8)
            .replacingOccurrences(of: "\"../../../Geodata", with: "\"\(geodata)")
        text = text.replacingOccurrences(
            of: "[publish]\n",
            with: """
                [[rollup]]
                name = "bezirksregionen"
                key = "BZR_ID"
                prefix = 6
                sums = ["inhabitants", "inhabitants_age_below_6", "n_kitas"]

                [[rollup]]
                name = "bezirke"
                key = "BEZ_ID"
                prefix = 2
                sums = ["inhabitants", "inhabitants_age_below_6", "n_kitas"]

                [outputs.bezirke]
                layer = "bezirke"
                formats = ["geojson"]
                tier = "public"

                [outputs.bezirksregionen]
                layer = "bezirksregionen"
                formats = ["geojson"]

                [publish]
                city = "Berlin"
                center = [13.4, 52.52]
                zoom = 10.5
                basemap = "https://tiles.example.org/{z}/{x}/{y}.png"
                basemap_attribution = "© Beispiel"

                """)
        let folder = try TestSupport.temporaryFolder("quartier-atlas-tiers")
        let analysis = folder.appendingPathComponent("tiers.toml")
        try text.write(to: analysis, atomically: true, encoding: .utf8)
        let result = try CLI.run("run", analysis.path, "--out", folder.appendingPathComponent("out").path)
        try #require(result.status == 0, "\(result.stderr)")
        let document = try Self.json(folder.appendingPathComponent("out/atlas/atlas.json").path)
        let parents = (document["parents"] as? [[String: Any]] ?? []).compactMap { $0["level"] as? String }
        #expect(parents == ["bezirke"], "only the public roll-up")
        // The parent level's values are those of its public output, suppressed cells included.
        let level = try #require((document["parents"] as? [[String: Any]])?.first)
        let levelIDs = level["ids"] as? [String] ?? []
        let levelValues = (level["values"] as? [String: [Any]])?["inhabitants_age_below_6"] ?? []
        let output = try Self.json(folder.appendingPathComponent("out/bezirke.geojson").path)
        for feature in output["features"] as? [[String: Any]] ?? [] {
            let properties = feature["properties"] as? [String: Any] ?? [:]
            let row = try #require(levelIDs.firstIndex(of: properties["BEZ_ID"] as? String ?? ""))
            #expect("\(levelValues[row])" == "\(properties["inhabitants_age_below_6"] ?? NSNull())")
        }
        let borders = try Self.json(folder.appendingPathComponent("out/atlas/grenzen.geojson").path)
        let keys = (borders["features"] as? [[String: Any]] ?? []).compactMap {
            ($0["properties"] as? [String: Any])?["BEZ_ID"] as? String
        }
        #expect(keys.count == 12 && document["outline"] as? String == "grenzen.geojson", "the Bezirke's borders")
        let text2 = try String(contentsOf: folder.appendingPathComponent("out/atlas/atlas.json"), encoding: .utf8)
        #expect(!text2.contains("BZR_ID") && !text2.contains("bezirksregionen"))
        let city = try #require(document["city"] as? [String: Any])
        #expect(city["name"] as? String == "Berlin")
        #expect(document["center"] as? [Double] == [13.4, 52.52] && document["zoom"] as? Double == 10.5)
        let basemap = document["basemap"] as? [String: String]
        #expect(
            basemap == [
                "kind": "tiles", "url": "https://tiles.example.org/{z}/{x}/{y}.png", "attribution": "© Beispiel",
            ])
        let notes = city["notes"] as? [String: String] ?? [:]
        #expect(notes["n_kitas"] == nil || notes["n_kitas"] == "Summe der Bezirke", "\(notes)")
    }

    /// The first view fits the bulk of the areas: a small island 100 km out at sea (as Hamburg's Neuwerk) is left
    /// outside it, while the areas at the city's own edge are inside.
    @Test func firstViewLeavesAFarExclaveOut() throws {
        let folder = try TestSupport.temporaryFolder("quartier-atlas-bulk")
        var features: [String] = []
        func square(_ id: String, _ x: Double, _ y: Double, _ size: Double, _ value: Int) -> String {
            let ring = [(x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y)]
                .map { "[\($0.0), \($0.1)]" }.joined(separator: ", ")
            return #"{"type": "Feature", "properties": {"ID": "\#(id)", "v": \#(value)}, "#
                + #""geometry": {"type": "Polygon", "coordinates": [[\#(ring)]]}}"#
        }
        for row in 0..<7 {
            for column in 0..<7 {
                features.append(
                    square(
                        "c\(row)\(column)", 9.9 + Double(column) * 0.04, 53.45 + Double(row) * 0.025, 0.04,
                        row * 7 + column))
            }
        }
        features.append(square("island", 8.42, 53.91, 0.02, 50))
        let source = folder.appendingPathComponent("areas.geojson")
        try (#"{"type": "FeatureCollection", "features": ["# + features.joined(separator: ",\n") + "]}")
            .write(to: source, atomically: true, encoding: .utf8)
        let analysis = try CLI.analysis(
            in: folder, source: source.path, id: "ID",
            extra: """
                [publish]
                name = "p"
                [publish.indicators.v]
                classes = 3
                """)
        let result = try CLI.run(
            "run", analysis, "--out", folder.appendingPathComponent("out").path, "--crs", "EPSG:4326")
        try #require(result.status == 0, "\(result.stderr)")
        let document = try Self.json(folder.appendingPathComponent("out/atlas/atlas.json").path)
        let bounds = try #require(document["bounds"] as? [Double])
        #expect(bounds[0] <= 9.9 && bounds[2] >= 10.18 && bounds[1] <= 53.45 && bounds[3] >= 53.625, "\(bounds)")
        #expect(bounds[0] > 8.5 && bounds[3] < 53.9, "the island is outside the first view: \(bounds)")
    }
}
