import Foundation
import QuartierTestSupport
import Testing

/// The ways of assigning areas to parents — key prefix, a field, a mapping table, spatial containment —
/// give the same Bezirke; without a parent layer the members are dissolved.
@Suite("Roll-up modes")
struct RollUpModeTests {
    func runRollup(_ rollup: String, extraInputs: String = "") throws -> (status: Int32, stderr: String, bezirke: [[String: Any]]) {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = """
            [analysis]
            name = "rollup"
            working_crs = "EPSG:25833"

            [inputs.plr]
            source = "\(TestSupport.berlinLOR)"
            layer = "planungsraeume_2021"
            id = "PLR_ID"

            [inputs.kitas]
            source = "\(TestSupport.geodata("berlin_education_facilities/kitas_berlin_2022-12.geojson"))"

            [inputs.bezirke]
            source = "\(TestSupport.berlinLOR)"
            layer = "bezirke"
            id = "BEZ_ID"
            \(extraInputs)

            [areas]
            input = "plr"

            [[count]]
            points = "kitas"
            sum = ["e_platz"]

            [[rollup]]
            name = "bezirke"
            key = "BEZ_ID"
            \(rollup)

            [outputs.bezirke]
            layer = "bezirke"
            formats = ["geojson"]
            """
        let path = folder.appendingPathComponent("rollup.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let result = try Subprocess.run(CLI.executable, ["run", path, "--out", out.path])
        var features: [[String: Any]] = []
        if result.status == 0 {
            let data = try Data(contentsOf: out.appendingPathComponent("bezirke.geojson"))
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            features = (json?["features"] as? [[String: Any]]) ?? []
        }
        return (result.status, result.stderr, features)
    }

    func places(_ features: [[String: Any]]) -> [String: Int] {
        var result: [String: Int] = [:]
        for f in features {
            let p = f["properties"] as? [String: Any]
            if let id = p?["BEZ_ID"] as? String { result[id] = p?["sum_e_platz"] as? Int }
        }
        return result
    }

    @Test func prefixFieldMappingAndContainmentAgree() throws {
        let prefix = try runRollup("prefix = 2\ngeometry = \"bezirke\"")
        #expect(prefix.status == 0, "\(prefix.stderr)")
        #expect(prefix.bezirke.count == 12)
        let expected = places(prefix.bezirke)
        #expect(expected.values.reduce(0, +) == 194_979)

        let field = try runRollup("field = \"BEZ_ID\"\ngeometry = \"bezirke\"")
        #expect(field.status == 0, "\(field.stderr)")
        #expect(places(field.bezirke) == expected)

        let contains = try runRollup("contains = \"bezirke\"")
        #expect(contains.status == 0, "\(contains.stderr)")
        #expect(places(contains.bezirke) == expected)

        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let mappingPath = folder.appendingPathComponent("mapping.csv").path
        let plrIDs = try String(contentsOfFile: TestSupport.geodata("berlin_mss_2021/mss_2021.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().compactMap { line -> String? in
                let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                return fields.count > 1 ? String(fields[1]) : nil
            }
        try (["PLR;BEZ"] + plrIDs.map { "\($0);\($0.prefix(2))" }).joined(separator: "\n")
            .write(toFile: mappingPath, atomically: true, encoding: .utf8)
        let mapping = try runRollup(
            "mapping = \"map\"\nmapping_child = \"PLR\"\nmapping_parent = \"BEZ\"\ngeometry = \"bezirke\"",
            extraInputs: "\n[inputs.map]\nsource = \"\(mappingPath)\"")
        #expect(mapping.status == 0, "\(mapping.stderr)")
        #expect(places(mapping.bezirke) == expected)
    }

    @Test func withoutParentLayerTheMembersAreDissolved() throws {
        let dissolved = try runRollup("prefix = 2")
        #expect(dissolved.status == 0, "\(dissolved.stderr)")
        #expect(dissolved.bezirke.count == 12)
        for feature in dissolved.bezirke {
            let geometry = feature["geometry"] as? [String: Any]
            #expect(["Polygon", "MultiPolygon"].contains(geometry?["type"] as? String ?? ""))
        }
    }

    @Test func exactlyOneAssignmentIsRequired() throws {
        let both = try runRollup("prefix = 2\nfield = \"BEZ_ID\"")
        #expect(both.status == 1)
        #expect(both.stderr.contains("exactly one of prefix, field, mapping or contains"))
    }

    /// Issue 24, item 6: a roll-up with a parent input carries the parents' names (detected, or `name_field`).
    @Test func parentsCarryTheirNames() throws {
        let detected = try runRollup("prefix = 2\ngeometry = \"bezirke\"")
        #expect(detected.status == 0, "\(detected.stderr)")
        let names = detected.bezirke.compactMap { ($0["properties"] as? [String: Any])?["BEZ_NAME"] as? String }
        #expect(names.count == 12 && names.contains("Friedrichshain-Kreuzberg"), "\(names)")
        let declared = try runRollup("prefix = 2\ngeometry = \"bezirke\"\nname_field = \"GEMEINDE_SCHLUESSEL\"")
        #expect(declared.status == 0, "\(declared.stderr)")
        let keys = declared.bezirke.compactMap {
            ($0["properties"] as? [String: Any])?["GEMEINDE_SCHLUESSEL"] as? String
        }
        #expect(keys.count == 12)
        let wrong = try runRollup("prefix = 2\ngeometry = \"bezirke\"\nname_field = \"NAMEN\"")
        #expect(wrong.status == 1 && wrong.stderr.contains("name_field 'NAMEN'"), "\(wrong.stderr)")
    }
}
