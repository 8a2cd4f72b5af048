import Logging
import QuartierModel

/// The public `[[series]]` of `[publish]`'s suppression: each step suppressed like the areas (`SeriesSuppression`),
/// then the trend and goal fields of the series computed again from the public values, so that they are functions
/// of published values and may be published beside them.
extension SuppressionStep {
    /// Suppresses every public series of the run and recomputes its trend and goal fields on the areas.
    func suppressSeries(_ state: inout AnalysisState, rule: SuppressionRule, raw: FeatureLayer) throws {
        let context = state.context
        let specs = (context.analysis?.steps.series ?? []).filter { $0.tier == .public }
        var records: [DisclosureRecord.Series] = []
        for declared in specs {
            guard let data = state.series[declared.name] else { continue }
            let spec = declared.withRatios
            if rule.isActive { try checkSeriesCounts(spec, data: data, state: state, rule: rule) }
            let result = try context.timer.measure("suppression:series:\(spec.name)") {
                try SeriesSuppression(rule: rule, idField: context.idField).apply(
                    data, spec: spec, raw: raw, published: state.areas, rollups: state.rollups)
            }
            state.publicSeries[spec.name] = result
            state.audits += result.audits
            let publicData = result.data
            if let r = state.reports.series.firstIndex(where: { $0.name == spec.name }) {
                state.reports.series[r].suppression = result.report
                try recomputeFields(
                    state.reports.series[r].fields, of: &state, data: publicData, hidden: result, spec: spec)
            }
            records.append(
                DisclosureRecord.Series(
                    name: spec.name, timeField: spec.time ?? "time",
                    counts: rule.protectedCounts.filter(spec.columns.contains)))
            let line =
                "[[series]] '\(spec.name)' public: \(result.report.suppressedCells.values.reduce(0, +)) cells "
                + "suppressed, \(result.report.secondaryCells.values.reduce(0, +)) complements over "
                + "\(data.steps.count) steps"
            context.logger.info("\(line)")
        }
        if !records.isEmpty { state.disclosure?.series = records }
    }

    /// The trend and goal fields of a public series, computed again (by the same functions) from its public values
    /// on a layer of the areas' ids, and copied over the fields computed from the delivered series. An area whose
    /// public values are too few for a field because some were suppressed gets that field suppressed (its goal state
    /// stays `unbestimmt`, as for any unit whose latest value is not known).
    private func recomputeFields(
        _ fields: [String], of state: inout AnalysisState, data: SeriesData, hidden: SeriesSuppression.Result,
        spec: SeriesSpec
    ) throws {
        guard !fields.isEmpty else { return }
        let context = state.context
        let ids = CrossLevelSuppression.keys(state.areas, context.idField).map { $0 ?? "" }
        var scratch = FeatureLayer(
            name: spec.name, fields: [FieldDefinition(name: context.idField, type: .string)],
            features: ids.map { Feature(fid: nil, geometry: nil, attributes: [.string($0)]) }, crs: nil,
            geometryType: "None")
        let place = context.place("[[series]] '\(spec.name)'", line: spec.line)
        if spec.trend { _ = try SeriesTrends.add(to: &scratch, data: data, spec: spec, place: place) }
        if spec.trend, let indicators = context.analysis?.indicators {
            _ = try SeriesGoals.add(
                to: &scratch, data: data, spec: spec, indicators: indicators, ids: ids, place: place)
        }
        // Per area, whether a column had a suppressed cell in some step.
        let touched: [String: [Bool]] = Dictionary(
            uniqueKeysWithValues: spec.columns.map { column in
                let flags = ids.indices.map { area in
                    hidden.areas.steps.contains { step in
                        guard let c = step.fieldIndex(column), area < step.features.count else { return false }
                        return step.features[area].attributes[c] == .missing(.suppressed)
                    }
                }
                return (column, flags)
            })
        for field in fields {
            guard let target = state.areas.fieldIndex(field), let source = scratch.fieldIndex(field) else {
                throw QuartierError.internal("the public trend field '\(field)' was not computed again")
            }
            let column = spec.columns.filter { field.hasPrefix($0 + "_") }.max { $0.count < $1.count }
            for row in state.areas.features.indices where row < scratch.features.count {
                var value = scratch.features[row].attributes[source]
                if case .missing = value, let column, touched[column]?[row] == true { value = .missing(.suppressed) }
                state.areas.features[row].attributes[target] = value
            }
        }
    }

    /// A public series' columns that look like counts of persons must be declared, as the public layers' fields:
    /// checked on the series' last step.
    private func checkSeriesCounts(
        _ spec: SeriesSpec, data: SeriesData, state: AnalysisState, rule: SuppressionRule
    ) throws {
        let context = state.context
        let last = max(0, data.steps.count - 1)
        let layer = FeatureLayer(
            name: spec.name,
            fields: [FieldDefinition(name: context.idField, type: .string)]
                + spec.columns.map { FieldDefinition(name: $0, type: .real) },
            features: state.areas.features.indices.map { area in
                Feature(
                    fid: nil, geometry: nil,
                    attributes: [.string("")]
                        + spec.columns.map { column in
                            let value = data.columns[column].flatMap {
                                last < $0.count && area < $0[last].count ? $0[last][area] : nil
                            }
                            return value.map { AttributeValue.real($0) } ?? .missing(.empty)
                        })
            }, crs: nil, geometryType: "None")
        let found = CountLikeFields.undeclared(
            in: layer, fields: spec.columns, key: context.idField, rule: rule,
            derivations: rule.derivations(lineage: SeriesSuppression.lineage(spec)),
            units: context.analysis?.indicators.mapValues(\.unit) ?? [:])
        guard let first = found.first else { return }
        throw QuartierError.user(
            context.place("[[series]] '\(spec.name)'", line: spec.line)
                + " is public, and its column '\(first.field)' looks like a count of persons (\(first.reason)). "
                + "Declare it in [publish.suppression] counts = [...] (then each step is suppressed like the areas), "
                + "or, if it is not a count of persons, in not_sensitive = [\"\(first.field)\"]")
    }
}
