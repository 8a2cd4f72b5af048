import QuartierModel
import QuartierService
import Testing

/// Primary suppression on a hand-made layer: counts, minimum population, derived values, `state`.
@Suite("SuppressionRule")
struct SuppressionRuleTests {
    /// Areas a–d: residents, children, Kitas, a rate from Kitas and children, and a hotspot output.
    func layer() -> FeatureLayer {
        let fields = [
            FieldDefinition(name: "id", type: .string), FieldDefinition(name: "residents", type: .integer),
            FieldDefinition(name: "children", type: .integer), FieldDefinition(name: "kitas", type: .integer),
            FieldDefinition(name: "rate", type: .real), FieldDefinition(name: "GiZScore", type: .real),
            FieldDefinition(name: "state", type: .string), FieldDefinition(name: "name", type: .string),
        ]
        let rows: [[AttributeValue]] = [
            [
                .string("a"), .integer(1200), .integer(80), .integer(4), .real(0.05), .real(1.2), .string("ok"),
                .string("A"),
            ],
            [
                .string("b"), .integer(1500), .integer(2), .integer(6), .real(3), .real(-0.4), .string("ok"),
                .string("B"),
            ],
            [
                .string("c"), .integer(250), .integer(30), .integer(7), .real(0.23), .real(0.1), .string("ok"),
                .string("C"),
            ],
            [
                .string("d"), .integer(900), .missing(.noRow), .integer(9), .missing(.noRow), .missing(.undefined),
                .string("undefined"), .string("D"),
            ],
        ]
        return FeatureLayer(
            name: "areas", fields: fields, features: rows.map { Feature(fid: nil, geometry: nil, attributes: $0) },
            crs: nil,
            geometryType: "None")
    }

    func rule() -> SuppressionRule {
        var rule = SuppressionRule()
        rule.minCount = 5
        rule.counts = ["children", "kitas"]
        rule.population = "residents"
        rule.minPopulation = 300
        return rule
    }

    /// The lineage a plan records: the rate from Kitas and children, the hotspot outputs from the rate.
    func derivations() -> [String: [String]] {
        rule().derivations(lineage: ["rate": ["kitas", "children"], "GiZScore": ["rate"], "state": ["rate"]])
    }

    @Test func aSmallCountAndEverythingDerivedFromItIsSuppressed() {
        let (result, report) = rule().apply(to: layer(), derivations: derivations())
        let a = result.features[0].attributes
        #expect(a[3] == .missing(.suppressed))  // 4 Kitas < 5
        #expect(a[4] == .missing(.suppressed) && a[5] == .missing(.suppressed) && a[6] == .string("suppressed"))
        #expect(a[2] == .integer(80) && a[7] == .string("A"))  // other counts and text stay
        let b = result.features[1].attributes
        #expect(b[2] == .missing(.suppressed) && b[3] == .integer(6) && b[4] == .missing(.suppressed))
        #expect(report.suppressedValues["kitas"] == 2 && report.suppressedValues["children"] == 2)  // c: population
        #expect(report.suppressedValues["rate"] == 3)
    }

    @Test func anAreaBelowTheMinimumPopulationHasAllCountsAndDerivedValuesSuppressed() {
        let (result, report) = rule().apply(to: layer(), derivations: derivations())
        let c = result.features[2].attributes
        #expect(c[1] == .integer(250))  // the population itself is not a count of the rule
        #expect(c[2] == .missing(.suppressed) && c[3] == .missing(.suppressed) && c[4] == .missing(.suppressed))
        #expect(c[6] == .string("suppressed"))
        #expect(report.smallAreas == 1)
    }

    @Test func valuesMissingForAnotherReasonKeepTheirReason() {
        let (result, _) = rule().apply(to: layer(), derivations: derivations())
        let d = result.features[3].attributes
        #expect(d[2] == .missing(.noRow) && d[4] == .missing(.noRow) && d[5] == .missing(.undefined))
        #expect(d[3] == .integer(9) && d[6] == .string("undefined"))
    }

    @Test func declaredDerivationsAreFollowedTransitively() {
        var rule = rule()
        rule.derived = ["places": ["kitas"], "places_per_child": ["places"]]
        let closure = rule.closure(of: ["kitas"], derivations: rule.derived)
        #expect(closure == ["kitas", "places", "places_per_child"])
    }

    @Test func withoutCountsOrPopulationNothingChanges() {
        let (result, report) = SuppressionRule().apply(to: layer(), derivations: derivations())
        #expect(result.features == layer().features)
        #expect(report.suppressedValues.isEmpty)
    }
}
