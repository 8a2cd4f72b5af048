import QuartierDisclosure
import QuartierModel

/// A `[[series]]` as the public may see it (`tier = "public"`): every time step suppressed like the areas of the run
/// (`[publish.suppression]`), step by step. Each step is a layer of the areas (the series' columns, the population
/// of the rule) and one of every roll-up (the counts summed over the members); the primary rule hides small counts
/// and, with `min_population`, every count of a small area (its population per step when the series carries the
/// population column, else the area's population of the run); secondary suppression across the levels protects
/// each count within the step (`CrossLevelSuppression`), so no hidden count follows from a parent minus its
/// published members. A rate follows its denominator, a ratio its series column and its area field (hidden where
/// the area field is hidden in the public areas). A parent's rate is Σ rate × denominator / Σ denominator over the
/// members whose rate and denominator are public: a function of published values only.
struct SeriesSuppression {
    let rule: SuppressionRule
    let idField: String

    /// One level's steps: its key field, the keys in order, and per step the layer as published.
    struct Level {
        var key: String
        var steps: [FeatureLayer]
    }

    /// The public series: the areas' and every roll-up's steps, the per-column counts of hidden cells, and the
    /// audits of the secondary suppression.
    struct Result {
        var name: String
        var steps: [String]
        var times: [Double]
        var columns: [String]
        var areas: Level
        var rollups: [String: Level]
        var report: SeriesReport.Suppression
        var audits: [DisclosureAudit.Report]

        /// The areas' public values per column, as `SeriesData` (suppressed cells are missing).
        var data: SeriesData {
            var values: [String: [[Double?]]] = [:]
            for column in columns {
                values[column] = areas.steps.map { CrossLevelSuppression.values($0, column) }
            }
            return SeriesData(steps: steps, times: times, columns: values)
        }
    }

    /// Suppresses every step of a series.
    /// - Parameters:
    ///   - spec: the series with its ratios as columns (`SeriesSpec.withRatios`).
    ///   - raw: the areas before suppression (population, the ratios' area fields); `published`: after it.
    ///   - rollups: the run's roll-up levels (their keys and memberships).
    func apply(
        _ data: SeriesData, spec: SeriesSpec, raw: FeatureLayer, published: FeatureLayer,
        rollups: [String: RolledUpLayer]
    ) throws -> Result {
        let ids = CrossLevelSuppression.keys(raw, idField).map { $0 ?? "" }
        let lineage = Self.lineage(spec)
        let derivations = rule.derivations(lineage: lineage)
        // The population per step: the series' column of that name, else the areas' (run) population as helper.
        let helperPopulation = rule.population.flatMap { spec.columns.contains($0) ? nil : $0 }
        let areaFields = Set(spec.ratios.values.compactMap(\.first)).subtracting(spec.columns).sorted()
        let counts = rule.protectedCounts.filter(spec.columns.contains)
        var stepRule = rule
        stepRule.counts = rule.counts.filter(spec.columns.contains)
        var result = Result(
            name: spec.name, steps: data.steps, times: data.times, columns: spec.columns,
            areas: Level(key: idField, steps: []),
            rollups: rollups.mapValues { Level(key: $0.key, steps: []) },
            report: SeriesReport.Suppression(suppressedCells: [:], secondaryCells: [:], steps: data.steps.count),
            audits: [])
        for step in data.steps.indices {
            var layer = FeatureLayer(
                name: spec.name,
                fields: [FieldDefinition(name: idField, type: .string)]
                    + (spec.columns + areaFields + [helperPopulation].compactMap { $0 }).map {
                        FieldDefinition(name: $0, type: .real)
                    },
                features: [], crs: nil, geometryType: "None")
            for (area, id) in ids.enumerated() {
                var attributes: [AttributeValue] = [.string(id)]
                for column in spec.columns {
                    let value = data.columns[column].flatMap {
                        step < $0.count && area < $0[step].count ? $0[step][area] : nil
                    }
                    attributes.append(value.map { .real($0) } ?? .missing(.empty))
                }
                for field in areaFields { attributes.append(Self.value(published, field, row: area)) }
                if let helperPopulation { attributes.append(Self.value(raw, helperPopulation, row: area)) }
                layer.features.append(Feature(fid: nil, geometry: nil, attributes: attributes))
            }
            var (suppressed, primary) = stepRule.apply(to: layer, derivations: derivations)
            // A ratio's area field hidden in the public areas hides the ratio.
            suppressed = PublicValues.markSuppressed(Set(spec.columns), in: suppressed, derivations: derivations)
            for (field, n) in primary.suppressedValues where spec.columns.contains(field) {
                result.report.suppressedCells[field, default: 0] += n
            }
            var levels = [
                CrossLevelSuppression.Level(
                    name: LayerRef.areas.description, raw: layer, suppressed: suppressed, key: idField, parents: nil)
            ]
            for name in rollups.keys.sorted() {
                guard let rolled = rollups[name] else { continue }
                let parentRaw = Self.sums(layer, counts: counts, key: rolled.key, memberships: rolled.memberships)
                // A parent's population is no step value: only its summed counts are checked.
                var parentRule = stepRule
                if let population = parentRule.population, parentRaw.fieldIndex(population) == nil {
                    (parentRule.population, parentRule.minPopulation) = (nil, nil)
                }
                let (parentSuppressed, _) = parentRule.apply(to: parentRaw, derivations: derivations)
                levels.append(
                    CrossLevelSuppression.Level(
                        name: name, raw: parentRaw, suppressed: parentSuppressed, key: rolled.key,
                        parents: rolled.memberships))
            }
            var protectRule = stepRule
            protectRule.suppressPopulation = stepRule.suppressPopulation && helperPopulation == nil
            let (protected, secondary, audits) = try CrossLevelSuppression(
                rule: protectRule, derivations: { _ in derivations }, idField: idField
            ).apply(levels)
            for (_, fields) in secondary {
                for (field, n) in fields { result.report.secondaryCells[field, default: 0] += n }
            }
            result.audits += audits.map { audit in
                var labelled = audit
                labelled.field = "\(spec.name):\(audit.field)@\(data.steps[step])"
                return labelled
            }
            let published = Self.dropping(
                areaFields + [helperPopulation].compactMap { $0 }, from: protected[0].suppressed)
            result.areas.steps.append(published)
            for level in protected.dropFirst() {
                guard let rolled = rollups[level.name] else { continue }
                result.rollups[level.name]?.steps.append(
                    Self.withRates(level.suppressed, spec: spec, areas: published, memberships: rolled.memberships))
            }
        }
        return result
    }

    /// What each column derives from within a step: a rate from its denominator, a ratio from its area field and
    /// its series column.
    static func lineage(_ spec: SeriesSpec) -> [String: [String]] {
        var lineage: [String: [String]] = [:]
        for (column, denominator) in spec.rates { lineage[column, default: []].append(denominator) }
        for (ratio, parts) in spec.ratios { lineage[ratio, default: []] += parts }
        return lineage
    }

    static func value(_ layer: FeatureLayer, _ field: String, row: Int) -> AttributeValue {
        guard let column = layer.fieldIndex(field), row < layer.features.count,
            column < layer.features[row].attributes.count
        else { return .missing(.empty) }
        let value = layer.features[row].attributes[column]
        if case .missing = value { return value }
        return value.doubleValue.map { .real($0) } ?? .missing(.empty)
    }

    /// A parent level of one step: per parent, the counts summed over its members with a value (missing when none
    /// has one).
    static func sums(_ areas: FeatureLayer, counts: [String], key: String, memberships: [String?]) -> FeatureLayer {
        var order: [String] = []
        var totals: [String: [Double?]] = [:]
        let columns = counts.map { areas.fieldIndex($0) }
        for (row, parent) in memberships.enumerated() {
            guard let parent, row < areas.features.count else { continue }
            if totals[parent] == nil {
                order.append(parent)
                totals[parent] = Array(repeating: nil, count: counts.count)
            }
            var sums = totals[parent] ?? []
            for (c, column) in columns.enumerated() where c < sums.count {
                guard let column, let v = areas.features[row].attributes[column].doubleValue else { continue }
                sums[c] = (sums[c] ?? 0) + v
            }
            totals[parent] = sums
        }
        let features = order.sorted().map { parent in
            Feature(
                fid: nil, geometry: nil,
                attributes: [.string(parent)] + (totals[parent] ?? []).map { $0.map { .real($0) } ?? .missing(.empty) })
        }
        return FeatureLayer(
            name: key,
            fields: [FieldDefinition(name: key, type: .string)] + counts.map { FieldDefinition(name: $0, type: .real) },
            features: features, crs: nil, geometryType: "None")
    }

    /// A parent level with every rate column of the series (rates and ratios) as Σ rate × denominator /
    /// Σ denominator over the members whose rate and denominator are both public.
    static func withRates(
        _ parents: FeatureLayer, spec: SeriesSpec, areas: FeatureLayer, memberships: [String?]
    ) -> FeatureLayer {
        var layer = parents
        let rates = spec.columns.filter { spec.rates[$0] != nil && parents.fieldIndex($0) == nil }
        guard let key = layer.fieldIndex(layer.fields.first?.name ?? "") else { return layer }
        for column in rates {
            guard let denominator = spec.rates[column], let r = areas.fieldIndex(column),
                let w = areas.fieldIndex(denominator)
            else { continue }
            var numerator: [String: Double] = [:]
            var total: [String: Double] = [:]
            for (row, parent) in memberships.enumerated() where row < areas.features.count {
                guard let parent, let rate = areas.features[row].attributes[r].doubleValue,
                    let weight = areas.features[row].attributes[w].doubleValue
                else { continue }
                numerator[parent, default: 0] += rate * weight
                total[parent, default: 0] += weight
            }
            layer.fields.append(FieldDefinition(name: column, type: .real))
            for row in layer.features.indices {
                let id = layer.features[row].attributes[key].stringValue ?? ""
                let value: AttributeValue =
                    (total[id] ?? 0) > 0 ? .real((numerator[id] ?? 0) / (total[id] ?? 1)) : .missing(.empty)
                layer.features[row].attributes.append(value)
            }
        }
        return layer
    }

    static func dropping(_ names: [String], from layer: FeatureLayer) -> FeatureLayer {
        names.isEmpty ? layer : PublicValues.removing(Set(names), from: layer)
    }
}
