package import QuartierModel
import QuartierTOML

/// Primary suppression (statistical confidentiality): a count below `minCount`, and every count of an
/// area whose population is below `minPopulation` (the population itself too with `suppressPopulation`), becomes
/// null with status `suppressed`; every value derived from a suppressed value is suppressed with it, along the
/// plan's lineage (`AnalysisState.lineage`: rates from numerator and denominator, indexes, access, the
/// underserved ranking and hotspot statistics from their inputs) plus the fields declared in `derived`. Applied to
/// every layer before anything is written, so the raw value reaches no file, tile or statistic; secondary
/// suppression across the levels follows (`CrossLevelSuppression`).
package struct SuppressionRule: Sendable {
    /// Counts below this become `suppressed` (default 3).
    package var minCount: Double = 3
    /// The count fields the rule applies to.
    package var counts: [String] = []
    /// The field holding each area's population, for `minPopulation`.
    package var population: String?
    /// Areas with fewer residents (or an unknown number) get all counts and derived values suppressed.
    package var minPopulation: Double?
    /// Field → the fields it is computed from, beyond what the plan's lineage knows (fields of the inputs that
    /// were computed from counts elsewhere, e.g. a joined share).
    package var derived: [String: [String]] = [:]
    /// Whether the population field itself is suppressed in areas below `minPopulation` (and protected across the
    /// levels like a count).
    package var suppressPopulation = false
    /// Fields of the public outputs that look like counts of persons but are not (integer values, a name such as
    /// `…_unter6`): declared here, they are published as they are.
    package var notSensitive: [String] = []
    package var line: Int = 0

    package init() {}

    static func parse(_ s: inout TOMLSection) throws -> SuppressionRule {
        var rule = SuppressionRule()
        rule.line = s.line
        rule.minCount = try s.double("min_count") ?? 3
        guard rule.minCount >= 1 else { throw s.error("min_count must be at least 1", line: s.line(of: "min_count")) }
        rule.counts = try s.stringArray("counts") ?? []
        rule.population = try s.string("population")
        rule.minPopulation = try s.double("min_population")
        if (rule.population == nil) != (rule.minPopulation == nil) {
            throw s.error("population and min_population go together", line: s.line)
        }
        rule.derived = try s.stringListMap("derived", allowingSingle: true) ?? [:]
        rule.suppressPopulation = try s.bool("suppress_population") ?? false
        if rule.suppressPopulation && rule.population == nil {
            throw s.error("suppress_population needs population and min_population", line: s.line(of: "suppress_population"))
        }
        rule.notSensitive = try s.stringArray("not_sensitive") ?? []
        return rule
    }

    /// Fields named in the rule (each must exist in the published layer).
    var namedFields: [String] {
        counts + [population].compactMap { $0 } + derived.keys.sorted() + derived.values.flatMap { $0 } + notSensitive
    }

    /// The fields protected like counts: the counts, and the population when it is suppressed too.
    package var protectedCounts: [String] { counts + (suppressPopulation ? [population].compactMap { $0 } : []) }

    /// Whether the rule can suppress anything.
    package var isActive: Bool { !counts.isEmpty || population != nil }

    /// Which fields derive from which: the plan's lineage and the declared `derived`.
    package func derivations(lineage: [String: [String]]) -> [String: [String]] {
        lineage.merging(derived) { $0 + $1 }
    }

    /// What the rule did to one layer.
    package struct Report: Sendable, Codable, Equatable {
        package var layer: String
        package var minCount: Double
        package var minPopulation: Double?
        /// Field → number of areas whose value was suppressed.
        package var suppressedValues: [String: Int]
        /// Areas below the minimum population.
        package var smallAreas: Int
        /// Field → number of areas whose value was suppressed as a complement (secondary suppression across the
        /// levels, so that no suppressed count can be computed from published ones).
        package var secondaryValues: [String: Int]? = nil
    }

    /// The layer with every suppressed value replaced by null/`suppressed` (a `state` text field by
    /// "suppressed"). Values already missing keep their reason; fields the layer lacks are skipped.
    package func apply(to layer: FeatureLayer, derivations: [String: [String]]) -> (FeatureLayer, Report) {
        var report = Report(
            layer: layer.name, minCount: minCount, minPopulation: minPopulation, suppressedValues: [:], smallAreas: 0)
        guard isActive else { return (layer, report) }
        let index = Dictionary(layer.fields.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        // Everything that derives, directly or not, from a count or from the population.
        let protected = closure(of: Set(counts + [population].compactMap { $0 }), derivations: derivations)
        var result = layer
        for i in result.features.indices {
            let attributes = result.features[i].attributes
            func value(_ field: String) -> AttributeValue? {
                guard let j = index[field], j < attributes.count else { return nil }
                return attributes[j]
            }
            var suppressed: Set<String> = []
            if let population, let minPopulation {
                let residents = value(population)?.doubleValue
                if residents.map({ $0 < minPopulation }) ?? true {
                    suppressed = suppressPopulation ? protected : protected.subtracting([population])
                    report.smallAreas += 1
                }
            }
            for count in counts {
                if let n = value(count)?.doubleValue, n < minCount { suppressed.insert(count) }
            }
            for field in Self.suppress(closure(of: suppressed, derivations: derivations), row: i, in: &result) {
                report.suppressedValues[field, default: 0] += 1
            }
        }
        return (result, report)
    }

    /// Sets the fields of one feature to null with status `suppressed` (a `state` text field to "suppressed");
    /// values already missing keep their reason, fields the layer lacks are skipped.
    /// - Returns: the fields that were suppressed here.
    @discardableResult
    static func suppress(_ fields: Set<String>, row: Int, in layer: inout FeatureLayer) -> [String] {
        var attributes = layer.features[row].attributes
        var done: [String] = []
        for field in fields.sorted() {
            guard let j = layer.fieldIndex(field), j < attributes.count else { continue }
            if case .missing = attributes[j] { continue }
            let isStateText = layer.fields[j].type == .string && field.hasSuffix("state")
            attributes[j] = isStateText ? .string("suppressed") : .missing(.suppressed)
            done.append(field)
        }
        layer.features[row].attributes = attributes
        return done
    }

    /// The fields plus every field derived from them, transitively.
    package func closure(of start: Set<String>, derivations: [String: [String]]) -> Set<String> {
        var set = start
        var changed = !set.isEmpty
        while changed {
            changed = false
            for (field, sources) in derivations where !set.contains(field) && sources.contains(where: set.contains) {
                set.insert(field)
                changed = true
            }
        }
        return set
    }
}
