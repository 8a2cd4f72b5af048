import Foundation
import QuartierTestSupport
import Testing

/// Issue 22, items 1–3: `[[observations]]` counted per area and roll-up level against the hand counts of
/// `Tests/Fixtures/observations/README.md`, the perception gap, the minimum-count rule on themes and the free text
/// kept out of every public file.
@Suite("Observations beside the numbers")
struct ObservationTests {
    static let residents = TestSupport.geodata("berlin_population_lor_2024/einwohner_alter_plr_2024-12-31.csv")
    static let records = TestSupport.fixture("observations/records.csv")
    static let themes = TestSupport.fixture("observations/themes.toml")

    /// The 542 Planungsräume with residents, Bezirksregionen and Bezirke, and the fixture's 11 records.
    static func analysis(publish: Bool, observations: String = "", extra: String = "") -> String {
        var text = """
            version = 1
            [analysis]
            name = "observations"
            working_crs = "EPSG:25833"
            [inputs.plr]
            source = "\(TestSupport.berlinLOR)"
            layer = "planungsraeume_2021"
            id = "PLR_ID"
            [inputs.einwohner]
            source = "\(residents)"
            [inputs.notes]
            source = "\(records)"
            x = "x"
            y = "y"
            crs = "EPSG:3035"
            attribution = "Testnotizen (erfunden)"
            [areas]
            input = "plr"
            [[join]]
            table = "einwohner"
            columns = ["inhabitants", "inhabitants_age_below_6"]
            [[rate]]
            name = "kinderanteil"
            numerator = "inhabitants_age_below_6"
            denominator = "inhabitants"
            scale = 100
            [[rollup]]
            name = "bezirksregionen"
            key = "BZR_ID"
            prefix = 6
            sums = ["inhabitants", "inhabitants_age_below_6"]
            [[rollup]]
            name = "bezirke"
            key = "BEZ_ID"
            prefix = 2
            sums = ["inhabitants", "inhabitants_age_below_6"]
            [[observations]]
            name = "obs"
            input = "notes"
            vocabulary = "\(themes)"
            theme = "thema"
            date = "datum"
            source = "quelle"
            rating = "bewertung"
            text = "notiz"
            key = "PLR_ID"
            cell = "gitter_id"
            population = "inhabitants"
            \(observations)
            [[observations.gap]]
            theme = "kita_platzmangel"
            indicator = "kinderanteil"
            problem_above = 5
            reported_per_1000 = 0.7
            [outputs.plr]
            formats = ["geojson"]
            [outputs.bezirksregionen]
            layer = "bezirksregionen"
            formats = ["geojson"]
            \(publish ? "tier = \"public\"" : "")
            [outputs.bezirke]
            layer = "bezirke"
            formats = ["geojson"]
            \(publish ? "tier = \"public\"" : "")
            \(extra)

            """
        if publish {
            text += """
                [publish]
                name = "plr_public"
                fields = ["inhabitants", "obs_total", "obs_kita_platzmangel", "obs_schulweg", "obs_kita_platzmangel_share",
                          "obs_kita_platzmangel_rating", "obs_kita_platzmangel_perception", "obs_latest"]
                minzoom = 8
                maxzoom = 8
                [publish.suppression]
                min_count = 3
                counts = ["inhabitants_age_below_6"]
                population = "inhabitants"
                min_population = 300
                [profiles]
                levels = ["areas", "bezirke"]

                """
        }
        return text
    }

    static func run(_ text: String) throws -> (out: URL, status: Int32, output: String) {
        try LineageSuppressionTests.run(text)
    }

    static func features(_ out: URL, _ file: String, key: String) throws -> [String: [String: Any]] {
        try LineageSuppressionTests.features(out.appendingPathComponent(file), key: key)
    }

    @Test func aggregatesEqualTheHandCounts() throws {
        let run = try Self.run(Self.analysis(publish: false))
        try #require(run.status == 0, "\(run.output)")
        let plr = try Self.features(run.out, "plr.geojson", key: "PLR_ID")
        let expected: [(String, Int, Int, Int, Double?, Int, Double?, Int, String)] = [
            // id, kita, schulweg, total, kita rating, n, schulweg rating, n, latest
            ("01100101", 3, 2, 5, 3, 2, 4, 2, "2024-04-01"),
            ("01100103", 3, 0, 3, 3, 2, nil, 0, "2024-06-01"),
            ("01100205", 0, 2, 2, nil, 0, 2, 1, "2025-02-01"),
            ("01100207", 1, 0, 1, nil, 0, nil, 0, "2024-07-07"),
        ]
        for (id, kita, schulweg, total, kitaRating, kitaN, wayRating, wayN, latest) in expected {
            let p = try #require(plr[id])
            #expect(p["obs_kita_platzmangel"] as? Int == kita, "\(id)")
            #expect(p["obs_schulweg"] as? Int == schulweg, "\(id)")
            #expect(p["obs_total"] as? Int == total, "\(id)")
            #expect(p["obs_kita_platzmangel_rating"] as? Double == kitaRating, "\(id)")
            #expect(p["obs_kita_platzmangel_rating_n"] as? Int == kitaN, "\(id)")
            #expect(p["obs_schulweg_rating"] as? Double == wayRating, "\(id)")
            #expect(p["obs_schulweg_rating_n"] as? Int == wayN, "\(id)")
            #expect(p["obs_latest"] as? String == latest, "\(id)")
            let share = try #require(p["obs_kita_platzmangel_share"] as? Double)
            #expect(TestSupport.isClose(share, Double(kita) / Double(total) * 100), "\(id)")
        }
        #expect(plr["01100101"]?["obs_kita_platzmangel_latest"] as? String == "2024-03-05", "05.03.2024 read as a day")
        // Every other area: zero counts, no share, no date.
        let others = plr.filter { !expected.map(\.0).contains($0.key) }
        #expect(others.count == 538)
        #expect(others.values.allSatisfy { $0["obs_total"] as? Int == 0 && $0["obs_kita_platzmangel_share"] is NSNull })
        #expect(others.values.allSatisfy { $0["obs_latest_status"] as? String == "none" })

        let regions = try Self.features(run.out, "bezirksregionen.geojson", key: "BZR_ID")
        let r1 = try #require(regions["011001"])
        #expect(r1["obs_kita_platzmangel"] as? Int == 6 && r1["obs_schulweg"] as? Int == 2 && r1["obs_total"] as? Int == 8)
        #expect(r1["obs_kita_platzmangel_rating"] as? Double == 3 && r1["obs_kita_platzmangel_rating_n"] as? Int == 4)
        #expect(r1["obs_schulweg_rating"] as? Double == 4 && r1["obs_latest"] as? String == "2024-06-01")
        #expect(r1["obs_kita_platzmangel_share"] as? Double == 75)
        let r2 = try #require(regions["011002"])
        #expect(r2["obs_kita_platzmangel"] as? Int == 1 && r2["obs_schulweg"] as? Int == 2 && r2["obs_total"] as? Int == 3)
        #expect(r2["obs_schulweg_rating"] as? Double == 2 && r2["obs_latest"] as? String == "2025-02-01")
        let bezirke = try Self.features(run.out, "bezirke.geojson", key: "BEZ_ID")
        let b = try #require(bezirke["01"])
        #expect(b["obs_kita_platzmangel"] as? Int == 7 && b["obs_schulweg"] as? Int == 4 && b["obs_total"] as? Int == 11)
        let wayRating = try #require(b["obs_schulweg_rating"] as? Double)
        #expect(TestSupport.isClose(wayRating, 10.0 / 3) && b["obs_schulweg_rating_n"] as? Int == 3)
        #expect(bezirke.values.map { $0["obs_total"] as? Int ?? -1 }.reduce(0, +) == 11)

        // The perception gap: Kita notes per 1,000 residents against the share of children under 6 (> 5 %).
        for (id, p) in plr where expected.map(\.0).contains(id) {
            let residents = try #require(p["inhabitants"] as? Double ?? (p["inhabitants"] as? Int).map(Double.init))
            let perThousand = Double(p["obs_kita_platzmangel"] as? Int ?? 0) / residents * 1000
            #expect(TestSupport.isClose(try #require(p["obs_kita_platzmangel_per_1000"] as? Double), perThousand))
            let share = try #require(p["kinderanteil"] as? Double)
            let flag: String
            switch (perThousand >= 0.7, share > 5) {
            case (true, false): flag = "perceived_only"
            case (false, true): flag = "indicator_only"
            case (true, true): flag = "both"
            case (false, false): flag = "neither"
            }
            #expect(p["obs_kita_platzmangel_perception"] as? String == flag, "\(id): \(perThousand) per 1,000, \(share) %")
        }
        // 01100101: 3 of 3,580 residents = 0.84 ‰, 4.6 % children → perceived only.
        #expect(plr["01100101"]?["obs_kita_platzmangel_perception"] as? String == "perceived_only")

        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: run.out.appendingPathComponent("manifest.json")))
                as? [String: Any])
        let observations = try #require((manifest["observations"] as? [[String: Any]])?.first)
        #expect(observations["levels"] as? [String] == ["areas", "bezirke", "bezirksregionen"])
        let themes = try #require(observations["themes"] as? [[String: Any]])
        #expect(themes.map { $0["id"] as? String } == ["kita_platzmangel", "schulweg"])
        #expect(themes.first?["title"] as? String == "Kitaplätze fehlen")
        #expect((observations["gaps"] as? [[String: Any]])?.first?["flag"] as? String == "obs_kita_platzmangel_perception")
        // The records with their text stay internal.
        let outputs = try #require(manifest["outputs"] as? [[String: Any]])
        let recordsFile = try #require(outputs.first { $0["path"] as? String == "obs_records.csv" })
        #expect(recordsFile["tier"] as? String == "internal")
        let table = try String(contentsOf: run.out.appendingPathComponent("obs_records.csv"), encoding: .utf8)
        #expect(table.contains("FIXTURE-NOTE-06") && table.contains("01100103"))
    }

    @Test func themeCountsBelowTheMinimumArePublishedSuppressedAndAudited() throws {
        let run = try Self.run(Self.analysis(publish: true))
        try #require(run.status == 0, "\(run.output)")
        let plr = try Self.features(run.out, "plr_public.geojson", key: "PLR_ID")
        // 01100101 has 3 Kita notes and 2 on the school way. The 2 are below the minimum, and so are the zeros of its
        // siblings: with the Bezirksregion's 6 published, the hidden siblings would sum to 0 and be pinned, so the
        // secondary suppression hides the 3 as well. No count of a Planungsraum is published here.
        let a = try #require(plr["01100101"])
        #expect(a["obs_schulweg"] is NSNull && a["obs_schulweg_status"] as? String == "suppressed")
        #expect(a["obs_total"] is NSNull && a["obs_total_status"] as? String == "suppressed")
        #expect(a["obs_kita_platzmangel"] is NSNull && a["obs_kita_platzmangel_share"] is NSNull && a["obs_latest"] is NSNull)
        #expect(a["obs_kita_platzmangel_rating"] is NSNull)
        // No published theme count of any area is below the minimum.
        for (id, p) in plr {
            for field in ["obs_kita_platzmangel", "obs_schulweg", "obs_total"] {
                if let n = p[field] as? Int { #expect(n >= 3, "\(id) \(field) = \(n)") }
            }
            // An area without notes tells nothing either: every value is hidden, none says "none" or "undefined".
            if p["obs_total"] is NSNull {
                #expect(p["obs_latest_status"] as? String == "suppressed", "\(id)")
                #expect(["suppressed", nil].contains(p["obs_kita_platzmangel_share_status"] as? String), "\(id)")
            }
        }
        // Bezirk 01 keeps its hand counts (7 Kita, 4 school way, 11 in all); the other Bezirke have none (0 < 3).
        let bezirke = try Self.features(run.out, "bezirke.geojson", key: "BEZ_ID")
        let b = try #require(bezirke["01"])
        #expect(b["obs_kita_platzmangel"] as? Int == 7 && b["obs_schulweg"] as? Int == 4 && b["obs_total"] as? Int == 11)
        #expect(b["obs_kita_platzmangel_rating"] as? Double == 3 && b["obs_kita_platzmangel_rating_n"] as? Int == 4)
        #expect(b["obs_latest"] as? String == "2025-02-01")
        #expect(bezirke["02"]?["obs_total"] is NSNull, "no notes in Bezirk 02: 0 is below the minimum")
        #expect(bezirke["02"]?["obs_latest_status"] as? String == "suppressed")
        let regions = try Self.features(run.out, "bezirksregionen.geojson", key: "BZR_ID")
        for (id, p) in regions {
            if let n = p["obs_kita_platzmangel"] as? Int { #expect(n >= 3, "\(id)") }
        }
        let audit = try CLI.run("audit", run.out.path)
        #expect(audit.status == 0, "\(audit.stdout)\(audit.stderr)")
        #expect(audit.stdout.contains("obs_schulweg:") && audit.stdout.contains("obs_total:"), "\(audit.stdout)")
        let manifest = try String(contentsOf: run.out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"obs_kita_platzmangel\""))
    }

    @Test func freeTextIsInNoPublicFile() throws {
        let run = try Self.run(Self.analysis(publish: true))
        try #require(run.status == 0, "\(run.output)")
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: run.out.appendingPathComponent("manifest.json")))
                as? [String: Any])
        let outputs = try #require(manifest["outputs"] as? [[String: Any]])
        let publicFiles = outputs.filter { $0["tier"] as? String == "public" }.compactMap { $0["path"] as? String }
        #expect(publicFiles.contains("tiles.pmtiles") && publicFiles.contains { $0.hasPrefix("atlas/") })
        #expect(publicFiles.contains { $0.hasPrefix("profiles/") })
        let notes = try String(contentsOfFile: Self.records, encoding: .utf8).split(separator: "\n").dropFirst()
            .compactMap { $0.split(separator: ",", omittingEmptySubsequences: false).last.map(String.init) }
        #expect(notes.count == 11)
        let hits = try TextSearch.files(publicFiles.map { run.out.appendingPathComponent($0).path } + [
            run.out.appendingPathComponent("manifest.json").path
        ], containingAny: notes + ["FIXTURE-NOTE"])
        #expect(hits.isEmpty, "free text in public files: \(hits)")
        // The internal table has it: the search would find it.
        let internalHits = try TextSearch.files(
            [run.out.appendingPathComponent("obs_records.csv").path], containingAny: ["FIXTURE-NOTE"])
        #expect(internalHits.count == 1)
    }

    @Test func aRecordInErrorStopsTheRunNamingIt() throws {
        let folder = try TestSupport.temporaryFolder("quartier-observations")
        let bad = folder.appendingPathComponent("bad.csv")
        try """
            thema,datum,quelle,bewertung,PLR_ID,gitter_id,x,y,notiz
            kita_platzmangel,2024-01-10,workshop,4,01100101,,,,ok
            spielplatz,2024-01-10,workshop,4,01100101,,,,unknown theme
            schulweg,2024-01-10,workshop,9,01100101,,,,rating out of range
            schulweg,2024-01-10,workshop,3,99999999,,,,unknown key
            schulweg,2024-01-10,workshop,3,,,,,no place
            schulweg,2024-01-10,workshop,3,,,4000000,3000000,outside

            """.write(to: bad, atomically: true, encoding: .utf8)
        let text = Self.analysis(publish: false).replacingOccurrences(of: Self.records, with: bad.path)
        let run = try Self.run(text)
        #expect(run.status == 1)
        #expect(run.output.contains("5 of 6 records"), "\(run.output)")
        #expect(run.output.contains("record 2: thema: unknown theme 'spielplatz'"), "\(run.output)")
        #expect(run.output.contains("record 3: bewertung: rating 9 is out of range"), "\(run.output)")
        #expect(run.output.contains("record 4: PLR_ID: '99999999' is the key of no area"), "\(run.output)")
        #expect(run.output.contains("record 5: PLR_ID: the record has no place"), "\(run.output)")
        #expect(run.output.contains("record 6: coordinates:") && run.output.contains("outside every area"), "\(run.output)")
    }
}

/// Searches files for strings: the bytes as written, every gzip member in them decompressed (the tiles of a PMTiles
/// archive, gzip'd MVT), and each string also in its JSON-escaped form. By a Python script, independent of Quartier.
enum TextSearch {
    static let script = #"""
        import json, sys, zlib
        needles = json.load(open(sys.argv[1]))
        forms = set()
        for n in needles:
            forms.add(n.encode("utf-8"))
            forms.add(json.dumps(n)[1:-1].encode("ascii"))
        hits = {}
        for path in sys.argv[2:]:
            data = open(path, "rb").read()
            parts = [data]
            start = 0
            while True:
                i = data.find(b"\x1f\x8b\x08", start)
                if i < 0:
                    break
                try:
                    parts.append(zlib.decompressobj(31).decompress(data[i:i + 4_000_000]))
                except zlib.error:
                    pass
                start = i + 1
            for part in parts:
                found = next((f for f in forms if f in part), None)
                if found is not None:
                    hits[path] = found.decode("utf-8", "replace")
                    break
        print(json.dumps(hits))
        """#

    /// The files (path: the string found) holding any of the strings.
    static func files(_ paths: [String], containingAny strings: [String]) throws -> [String: String] {
        let folder = try TestSupport.temporaryFolder("quartier-textsearch")
        let scriptPath = folder.appendingPathComponent("search.py").path
        let needlesPath = folder.appendingPathComponent("needles.json").path
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        try JSONSerialization.data(withJSONObject: strings.filter { !$0.isEmpty }).write(to: URL(fileURLWithPath: needlesPath))
        let files = paths.filter { path in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
        }
        let result = try Subprocess.run("/usr/bin/env", ["python3", scriptPath, needlesPath] + files)
        guard result.status == 0, let data = result.stdout.data(using: .utf8),
            let hits = try JSONSerialization.jsonObject(with: data) as? [String: String]
        else {
            throw SearchError(message: "text search failed: \(result.stderr)")
        }
        return hits
    }

    struct SearchError: Error { var message: String }
}
