import QuartierModel

/// `[publish]`'s suppression, before anything is written: small counts (and every value derived from them) are
/// suppressed on the areas and on every roll-up, then secondary suppression across the levels makes sure no
/// suppressed count can be recovered by subtraction, and the audit proves it. No output of the run holds a raw
/// small count; the values before suppression stay in the state for nothing but the audit.
struct SuppressionStep: PlanStep {
    let publish: PublishSpec
    let rates: [RateSpec]
    let hotspots: [HotspotSpec]

    var timingName: String? { nil }

    func apply(to state: inout AnalysisState) throws -> StepReport {
        let context = state.context
        let published = try state.layer(publish.layer).layer
        try Publisher.checkFields(publish, in: published, path: context.analysis?.path ?? "")
        let rule = publish.suppression
        let derivations = rule.derivations(rates: rates, hotspots: hotspots)
        let raw = (areas: state.areas, rollups: state.rollups)
        var reports: [SuppressionRule.Report] = []
        var (areas, report) = rule.apply(to: state.areas, derivations: derivations)
        report.layer = LayerRef.areas.description
        reports.append(report)
        var rollups = state.rollups
        for name in rollups.keys.sorted() {
            guard let unsuppressed = rollups[name] else { continue }
            let (layer, rolledReport) = rule.apply(to: unsuppressed.layer, derivations: derivations)
            var levelReport = rolledReport
            levelReport.layer = name
            rollups[name]?.layer = layer
            reports.append(levelReport)
        }
        let (protected, protectedRollups, audits) = try context.timer.measure("suppression:secondary") {
            try CrossLevelSuppression(rule: rule, derivations: derivations, idField: context.idField).apply(
                areas: (raw.areas, areas), rollups: (raw.rollups, rollups), reports: &reports)
        }
        state.unsuppressed = raw
        state.areas = protected
        state.rollups = protectedRollups
        state.suppression = reports
        state.audits = audits
        if rule.isActive {
            state.disclosure = DisclosureRecord(
                minCount: rule.minCount, counts: rule.counts, unitIdField: context.idField,
                units: CrossLevelSuppression.keys(protected, context.idField).map { $0 ?? "" },
                levels: protectedRollups.keys.sorted().compactMap { name in
                    protectedRollups[name].map {
                        DisclosureRecord.Level(name: name, idField: $0.key, parents: $0.memberships)
                    }
                })
        }
        return .none
    }
}
