import Foundation
import QuartierDisclosure
import QuartierGDAL
import QuartierModel
import QuartierTestSupport
import Testing

@testable import QuartierService

/// `[[series]] tier = "public"` on the half-yearly children's series 2021–2024 (8 steps on today's 542
/// Planungsräume): what it takes to publish a series, what is refused, and what the public table holds.
@Suite("Public series: suppression per step and what is refused")
struct PublicSeriesTests {
    static let kitas = TestSupport.geodata("berlin_education_facilities/kitas_berlin_2022-12.geojson")

    /// The series, with `tier` and extra tables; a Kita count on the areas gives `[publish.suppression]` a count.
    static func steps(tier: String, publish: String) -> String {
        """
        [inputs.kitas]
        source = "\(kitas)"
        id = "e_nr"
        [[count]]
        points = "kitas"
        name = "n_kitas"
        [[series]]
        name = "kinder"
        columns = ["inhabitants_age_below_6"]
        time = "stichtag"
        tier = "\(tier)"
        table = "ew_neu"
        \(publish)
        """
    }

    static func publish(fields: [String], counts: [String], extra: String = "") -> String {
        """
        [publish]
        name = "plr_public"
        fields = [\(fields.map { "\"\($0)\"" }.joined(separator: ", "))]
        [publish.suppression]
        min_count = 3
        counts = [\(counts.map { "\"\($0)\"" }.joined(separator: ", "))]
        \(extra)
        """
    }

    func run(_ steps: String) throws -> (Subprocess.Result, URL, URL) {
        let folder = try TestSupport.temporaryFolder()
        let (result, out) = try SeriesFixture.run(steps, in: folder)
        return (result, out, folder)
    }

    @Test func whatAPublicSeriesNeedsIsRefusedWithWhatAndWhere() throws {
        let cases: [(String, [String])] = [
            // A public series without [publish]: nothing would suppress it.
            (Self.steps(tier: "public", publish: ""), ["[[series]] 'kinder' has tier = \"public\"", "[publish]"]),
            // A trend of an internal series in a public output.
            (
                Self.steps(
                    tier: "internal",
                    publish: Self.publish(
                        fields: ["n_kitas", "inhabitants_age_below_6_sen_slope"], counts: ["n_kitas"])),
                ["inhabitants_age_below_6_sen_slope", "[[series]] 'kinder'", "tier = \"public\""]
            ),
            // A public series whose column counts persons, not declared.
            (
                Self.steps(tier: "public", publish: Self.publish(fields: ["n_kitas"], counts: ["n_kitas"])),
                ["[[series]] 'kinder'", "inhabitants_age_below_6", "counts = [...]"]
            ),
        ]
        for (steps, fragments) in cases {
            let (result, out, folder) = try run(steps)
            defer { try? FileManager.default.removeItem(at: folder) }
            #expect(result.status == 1, "exit \(result.status): \(result.stderr)")
            for fragment in fragments {
                #expect(result.stderr.contains(fragment), "'\(fragment)' not in \(result.stderr)")
            }
            #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("kinder_public.gpkg").path))
        }
    }

    @Test func aPublicSeriesIsSuppressedPerStepWithItsTrendFromPublicValues() throws {
        let (result, out, folder) = try run(
            Self.steps(
                tier: "public",
                publish: Self.publish(
                    fields: ["n_kitas", "inhabitants_age_below_6_last", "inhabitants_age_below_6_sen_slope"],
                    counts: ["n_kitas", "inhabitants_age_below_6"])))
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(result.status == 0, "\(result.stderr)")
        let table = try Dataset(opening: out.appendingPathComponent("kinder_public.gpkg").path).layer(
            named: "kinder_public"
        )
        .readAll().layer
        #expect(table.features.count == 542 * 8)
        let value = try #require(table.fieldIndex("inhabitants_age_below_6"))
        let status = try #require(table.fieldIndex("inhabitants_age_below_6_status"))
        let time = try #require(table.fieldIndex("stichtag"))
        let values = table.features.compactMap { $0.attributes[value].doubleValue }
        let hidden = table.features.filter { $0.attributes[status].stringValue == "suppressed" }
        // Areas without children under 6, or one or two, in some half-year: hidden, and nothing below 3 is shown.
        #expect(!hidden.isEmpty && values.allSatisfy { $0 >= 3 }, "\(hidden.count) hidden")
        // The last public value of each area is its published `_last` field.
        let published = try Dataset(opening: out.appendingPathComponent("plr_public.gpkg").path).layer(
            named: "plr_public"
        )
        .readAll().layer
        let last = try #require(published.fieldIndex("inhabitants_age_below_6_last"))
        let id = try #require(published.fieldIndex("PLR_ID"))
        var lastPublic: [String: Double] = [:]
        for feature in table.features {
            guard let v = feature.attributes[value].doubleValue, let key = feature.attributes[0].stringValue,
                feature.attributes[time].stringValue != nil
            else { continue }
            lastPublic[key] = v
        }
        for feature in published.features {
            let key = feature.attributes[id].stringValue ?? ""
            #expect(feature.attributes[last].doubleValue == lastPublic[key], "\(key)")
        }
        // The audit covered every step.
        let manifest =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as? [String: Any]
        let audit = manifest?["publicAudit"] as? [String: Any]
        let audited = (audit?["fields"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
        #expect(audit?["passed"] as? Bool == true)
        #expect(audited.filter { $0.hasPrefix("kinder:inhabitants_age_below_6@") }.count >= 1, "\(audited)")
        // `n_kitas` is a protected count, so the public manifest gives neither the number of Kitas (its total) nor
        // the count step's report; the series' table keeps its row count (not a sum of anything protected).
        let inputs = manifest?["inputs"] as? [[String: Any]] ?? []
        #expect(inputs.first { $0["name"] as? String == "kitas" }?["featureCount"] is NSNull)
        #expect((inputs.first { $0["name"] as? String == "ew_neu" }?["featureCount"] as? Int ?? 0) > 0)
        let reports = manifest?["reports"] as? [String: Any]
        #expect((reports?["counts"] as? [Any])?.isEmpty == true)
        let withheld = manifest?["withheld"] as? [String] ?? []
        #expect(withheld.contains { $0.contains("'kitas'") && $0.contains("'n_kitas'") }, "\(withheld)")
        // The run's own summary (the operator's) still says how many points were counted.
        #expect(result.stdout.contains("points inside an area"), "\(result.stdout)")
    }

    /// The audit of goal gaps: a gap published where the latest value is hidden is a finding; one that follows from
    /// the published latest value and target is not.
    @Test func aGapBesideAHiddenLatestValueIsAFinding() {
        let record = DisclosureRecord(minCount: 3, counts: ["EW"], unitIdField: "id", units: ["a", "b"], levels: [])
        let series = DisclosureRecord.Series(name: "s", timeField: "time", counts: ["EW"])
        let table = FeatureLayer(
            name: "s_public",
            fields: [
                FieldDefinition(name: "id", type: .string), FieldDefinition(name: "time", type: .string),
                FieldDefinition(name: "S4", type: .real),
            ],
            features: [
                Feature(fid: nil, geometry: nil, attributes: [.string("a"), .string("2021"), .real(20)]),
                Feature(fid: nil, geometry: nil, attributes: [.string("b"), .string("2021"), .missing(.suppressed)]),
            ], crs: nil, geometryType: "None")
        func layer(gapOfB: AttributeValue) -> FeatureLayer {
            FeatureLayer(
                name: "public",
                fields: [
                    FieldDefinition(name: "id", type: .string), FieldDefinition(name: "S4_target", type: .real),
                    FieldDefinition(name: "S4_gap", type: .real),
                ],
                features: [
                    Feature(fid: nil, geometry: nil, attributes: [.string("a"), .real(25), .real(-5)]),
                    Feature(fid: nil, geometry: nil, attributes: [.string("b"), .real(25), gapOfB]),
                ], crs: nil, geometryType: "None")
        }
        let safe = PublicAudit.goalGaps(
            series, table: table, latest: "2021", layers: [layer(gapOfB: .missing(.empty))], record: record)
        #expect(safe.count == 1 && safe[0].passed && safe[0].cells.map(\.id) == ["b"])
        let leaking = PublicAudit.goalGaps(
            series, table: table, latest: "2021", layers: [layer(gapOfB: .real(3))], record: record)
        #expect(leaking.first?.passed == false && leaking.first?.findings.map(\.id) == ["b"])
    }
}
