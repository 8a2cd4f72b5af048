import QuartierModel

/// `[publish]`'s suppression, before anything is written: small counts (and every value derived from them, along
/// the plan's lineage) are suppressed on the areas and on every roll-up; secondary suppression across the levels
/// makes sure no suppressed count can be recovered by subtraction, and the audit proves it; a roll-up's weighted
/// mean is computed over the members whose weights are public; and the values that depend on other areas' values
/// (indexes, hotspot statistics, the underserved ranking) are computed again from the public values only. No
/// output of the run holds a raw small count or a statistic of one; the values before suppression stay in the
/// state for nothing but the audit.
struct SuppressionStep: PlanStep {
    let publish: PublishSpec
    /// The steps whose values in one area depend on other areas' values (`[[index]]`, `[[index_types]]`,
    /// `[[hotspots]]`, `[underserved]`), in plan order: replayed on the public values.
    let acrossAreas: [any PlanStep]
    /// The other public outputs (`tier = "public"`): where the file names them, their layer and fields.
    let publicOutputs: [(place: String, layer: LayerRef, fields: [String]?)]

    var timingName: String? { nil }

    func apply(to state: inout AnalysisState) throws -> StepReport {
        let context = state.context
        let published = try state.layer(publish.layer).layer
        let seriesColumns = (context.analysis?.steps.series ?? []).filter { $0.tier == .public }.flatMap {
            $0.withRatios.columns
        }
        try Publisher.checkFields(
            publish, in: published, path: context.analysis?.path ?? "", seriesColumns: Set(seriesColumns))
        // The observations' counts (issue 22) are protected like the declared counts.
        var rule = publish.suppression
        let declared = rule.counts
        rule.counts += state.observationCounts.filter { !declared.contains($0) }
        let lineage = rule.derivations(lineage: state.lineage)
        let rollupWeights = state.rollups.mapValues(\.weighted)
        // A roll-up's weighted mean derives from its weights there, not on the areas.
        let derivations: (String) -> [String: [String]] = { level in
            guard let weighted = rollupWeights[level], !weighted.isEmpty else { return lineage }
            return lineage.merging(weighted) { $0 + $1 }
        }
        if rule.isActive { try checkUndeclaredCounts(state, rule: rule, derivations: lineage) }
        let raw = (areas: state.areas, rollups: state.rollups)
        var reports: [SuppressionRule.Report] = []
        var (areas, report) = rule.apply(to: state.areas, derivations: lineage)
        report.layer = LayerRef.areas.description
        reports.append(report)
        var rollups = state.rollups
        for name in rollups.keys.sorted() {
            guard let unsuppressed = rollups[name] else { continue }
            let (layer, rolledReport) = rule.apply(to: unsuppressed.layer, derivations: derivations(name))
            var levelReport = rolledReport
            levelReport.layer = name
            rollups[name]?.layer = layer
            reports.append(levelReport)
        }
        let publicUnits = MergedUnitCells.publicUnits(
            state.mergedUnits, areas: raw.areas, rule: rule, derivations: lineage)
        let (protected, protectedRollups, audits) = try context.timer.measure("suppression:secondary") {
            try CrossLevelSuppression(
                rule: rule, derivations: derivations, idField: context.idField, units: state.mergedUnits,
                publicUnits: publicUnits
            ).apply(areas: (raw.areas, areas), rollups: (raw.rollups, rollups), reports: &reports)
        }
        state.unsuppressed = raw
        state.rollups = try PublicValues.publicWeightedMeans(
            protectedRollups, areas: protected, idField: context.idField, rule: rule, units: publicUnits)
        state.areas = protected
        state.suppression = reports
        state.audits = audits
        if rule.isActive {
            try context.timer.measure("suppression:public_statistics") {
                try PublicValues.recompute(acrossAreas, on: &state, derivations: lineage)
            }
            state.disclosure = DisclosureRecord(
                minCount: rule.minCount, counts: rule.protectedCounts, unitIdField: context.idField,
                units: CrossLevelSuppression.keys(protected, context.idField).map { $0 ?? "" },
                levels: protectedRollups.keys.sorted().compactMap { name in
                    protectedRollups[name].map {
                        DisclosureRecord.Level(name: name, idField: $0.key, parents: $0.memberships)
                    }
                })
        }
        try suppressSeries(&state, rule: rule, raw: raw.areas)
        return .none
    }

    /// Every public output (`[publish]` and the outputs, tiles and profiles with `tier = "public"`) is checked for
    /// fields that look like counts of persons but are neither declared counts, the population, derived from them,
    /// nor declared `not_sensitive`: publishing them unprotected is an error naming them.
    private func checkUndeclaredCounts(
        _ state: AnalysisState, rule: SuppressionRule, derivations: [String: [String]]
    ) throws {
        let place = "[publish]" + (state.context.analysis.map { " (\($0.path):\(publish.line))" } ?? "")
        let targets = [(place, publish.layer, publish.fields)] + publicOutputs
        let units = state.context.analysis?.indicators.mapValues(\.unit) ?? [:]
        // The trend and goal fields of a public series are computed again from its suppressed values.
        let publicSeries = Set(
            (state.context.analysis?.steps.series ?? []).filter { $0.tier == .public }.map(\.name))
        let recomputed = Set(state.reports.series.filter { publicSeries.contains($0.name) }.flatMap(\.fields))
        for (where_, ref, fields) in targets {
            let (layer, key) = try state.layer(ref)
            for field in fields ?? layer.fields.map(\.name) where !recomputed.contains(field) {
                guard let series = Self.seriesAncestor(of: field, lineage: state.lineage) else { continue }
                throw QuartierError.user(
                    "\(where_) publishes '\(field)' of layer '\(ref)', computed from \(series), whose values are not "
                        + "suppressed: "
                        + (!publicSeries.contains(where: { series == AnalysisState.seriesSource($0) })
                            ? "declare the series tier = \"public\" (each step is then suppressed and its trend and "
                                + "goal fields computed from the public values), or leave '\(field)' out of the public "
                                + "outputs"
                            : "emerging hot spots are computed from the delivered series; leave '\(field)' out of the "
                                + "public outputs"))
            }
            // A public series' trend fields are its public values (first, last) and functions of them.
            let found = CountLikeFields.undeclared(
                in: layer, fields: (fields ?? layer.fields.map(\.name)).filter { !recomputed.contains($0) }, key: key,
                rule: rule, derivations: derivations, units: units)
            guard let first = found.first else { continue }
            throw QuartierError.user(
                "\(where_) publishes '\(first.field)' of layer '\(ref)' unprotected: it looks like a count of persons "
                    + "(\(first.reason)). Declare it in [publish.suppression] counts = [...] (or as the population), "
                    + "or, if it is not a count of persons, in not_sensitive = [\"\(first.field)\"]"
                    + (found.count > 1 ? "; also: " + found.dropFirst().map(\.field).joined(separator: ", ") : ""))
        }
    }

    /// The `[[series]]` a field is computed from, directly or not (nil: none).
    static func seriesAncestor(of field: String, lineage: [String: [String]]) -> String? {
        var seen: Set<String> = [field]
        var queue = [field]
        while let next = queue.popLast() {
            for source in lineage[next] ?? [] where seen.insert(source).inserted {
                if source.hasPrefix(AnalysisState.seriesSource("").dropLast(2)) { return source }
                queue.append(source)
            }
        }
        return nil
    }
}
