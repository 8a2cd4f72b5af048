import QuartierModel

/// What suppression does beyond hiding cells: values that would let the public compute a hidden count from
/// others are computed from the public values only, or hidden too.
///
/// - An index standardised over the areas, hotspot statistics (Gi*, local Moran, their global means and variances)
///   and the underserved ranking (min–max scaling, ranks) of one area depend on every other area's value: a
///   published Gi* z of a neighbour, or the gap a hidden area leaves in the ranks, would tell its raw value. They
///   are computed again on the layer as suppression left it, where the hidden areas have no value (left out, as
///   missing values always are, with state `suppressed`).
/// - A roll-up's weighted mean (`[[rollup]] weighted`) together with its members' values and weights would give a
///   hidden weight: it is computed over the members whose weights are public.
enum PublicValues {
    /// Replays `steps` (the plan's across-area steps, in order) on the suppressed areas, from which their fields
    /// were removed, and marks every replayed value that derives from a suppressed one as `suppressed`. The
    /// hotspot summaries of the run are replaced by the public ones.
    static func recompute(
        _ steps: [any PlanStep], on state: inout AnalysisState, derivations: [String: [String]]
    ) throws {
        let replayed = Set(state.acrossAreaFields)
        guard !steps.isEmpty, !replayed.isEmpty else { return }
        var scratch = state
        scratch.areas = removing(replayed, from: state.areas)
        scratch.reports = StepReports()
        for step in steps { scratch.reports.record(try step.apply(to: &scratch)) }
        guard Set(scratch.areas.fields.map(\.name)) == Set(state.areas.fields.map(\.name)) else {
            throw QuartierError.internal(
                "recomputing the across-area statistics on the public values changed the fields")
        }
        state.areas = markSuppressed(replayed, in: scratch.areas, derivations: derivations)
        state.reports.hotspots = scratch.reports.hotspots
    }

    /// The layer without the named fields.
    static func removing(_ names: Set<String>, from layer: FeatureLayer) -> FeatureLayer {
        layer.keepingFields(at: layer.fields.indices.filter { !names.contains(layer.fields[$0].name) })
    }

    /// Per area, every field of `fields` that derives from a value of the area published as suppressed becomes
    /// suppressed, whatever other reason the step gave it for being missing (so the legend says why).
    static func markSuppressed(
        _ fields: Set<String>, in layer: FeatureLayer, derivations: [String: [String]]
    ) -> FeatureLayer {
        var result = layer
        let rule = SuppressionRule()
        for row in result.features.indices {
            let attributes = result.features[row].attributes
            let hidden = Set(
                layer.fields.indices.filter { $0 < attributes.count && attributes[$0] == .missing(.suppressed) }
                    .map { layer.fields[$0].name })
            guard !hidden.isEmpty else { continue }
            let derived = rule.closure(of: hidden, derivations: derivations).intersection(fields)
            for field in derived {
                guard let column = layer.fieldIndex(field), column < attributes.count else { continue }
                let isText = layer.fields[column].type == .string
                // A state text says so; a statistic becomes null with status `suppressed`.
                if isText && field.hasSuffix("state") {
                    result.features[row].attributes[column] = .string("suppressed")
                } else if !isText || attributes[column].isMissing == false {
                    result.features[row].attributes[column] = .missing(.suppressed)
                }
            }
        }
        return result
    }

    /// Roll-ups whose weighted means are computed again from the suppressed areas: over the members whose value and
    /// weights are public (a member with a hidden weight is left out, as a member with a missing one always is), so
    /// that each published mean is a function of published values only.
    /// - Parameter units: the merged units with their public values (`MergedUnitCells.publicUnits`): one whose
    ///   members share a parent counts there once, with its public value and weights.
    static func publicWeightedMeans(
        _ rollups: [String: RolledUpLayer], areas: FeatureLayer, idField: String, rule: SuppressionRule,
        units: [MergedUnit] = []
    ) throws -> [String: RolledUpLayer] {
        guard rule.isActive else { return rollups }
        var result = rollups
        for (name, level) in rollups where !level.weighted.isEmpty {
            let spec = RollUpSpec(name: name, keyField: level.key, sums: [], weighted: level.weighted)
            let (means, _) = try RollUp.aggregate(
                areas: areas, idField: idField, parentKeys: level.memberships, spec: spec, geometries: [:],
                units: units)
            guard let meanKey = means.fieldIndex(level.key), let key = level.layer.fieldIndex(level.key) else {
                continue
            }
            var byParent: [String: [AttributeValue]] = [:]
            for feature in means.features {
                guard meanKey < feature.attributes.count, let id = feature.attributes[meanKey].stringValue else {
                    continue
                }
                byParent[id] = feature.attributes
            }
            var layer = level.layer
            for field in level.weighted.keys.sorted() {
                guard let target = layer.fieldIndex(field), let source = means.fieldIndex(field) else { continue }
                for row in layer.features.indices {
                    let attributes = layer.features[row].attributes
                    guard key < attributes.count, target < attributes.count, let id = attributes[key].stringValue,
                        let mean = byParent[id], source < mean.count
                    else { continue }
                    // A mean hidden as derived from a hidden parent weight stays hidden.
                    if attributes[target] == .missing(.suppressed) { continue }
                    layer.features[row].attributes[target] = mean[source]
                }
            }
            result[name]?.layer = layer
        }
        return result
    }
}
