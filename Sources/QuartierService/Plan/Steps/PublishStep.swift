import QuartierModel

/// `[publish]`: the public files of the analysis (GeoJSON, GeoPackage with QGIS styles, CSV, tiles, TileJSON, a
/// MapLibre style), from the layer as suppression left it, with the audit in the report.
struct PublishStep: PlanStep {
    let publish: PublishSpec

    var timingName: String? { nil }

    func apply(to state: inout AnalysisState) throws -> StepReport {
        let context = state.context
        guard let analysis = context.analysis, let working = context.working else {
            throw QuartierError.internal("[publish] ran outside an analysis")
        }
        let (base, key) = try state.layer(publish.layer)
        let publisher = Publisher(
            analysis: analysis, spec: publish, working: working, sink: try context.outputSink(), logger: context.logger,
            timer: context.timer)
        context.progress.update("publishing \(publish.name)")
        let current = state
        var report = try publisher.publish(
            base, idField: key, suppression: state.suppression, parents: atlasParents(state, analysis: analysis),
            series: state.publicSeries.keys.sorted().compactMap { state.publicSeries[$0] }
        ) { written in
            (
                current.fieldRecords(of: written, key: key),
                current.hotspotFields.filter { written.fieldIndex($0.bin) != nil }
            )
        }
        report.audit = state.audits
        context.progress.finish()
        return .publish(report)
    }

    /// The roll-ups of the published areas that a public output holds, for the atlas's references (none when a
    /// roll-up is published: the atlas shows one level).
    private func atlasParents(_ state: AnalysisState, analysis: AnalysisFile) -> [AtlasDocument.Parent] {
        guard publish.layer == .areas else { return [] }
        return analysis.steps.rollups.compactMap { step -> AtlasDocument.Parent? in
            guard let rolled = state.rollups[step.name],
                let output = analysis.outputs.first(where: { $0.tier == .public && $0.layer == .rollup(step.name) })
            else { return nil }
            return AtlasDocument.Parent(
                name: step.name, layer: rolled.layer, key: rolled.key, memberships: rolled.memberships,
                weighted: rolled.weighted, sums: rolled.sums,
                nameField: rolled.nameField.flatMap { name in
                    output.fields.map { $0.contains(name) } ?? true ? name : nil
                },
                fields: output.fields.map { [rolled.key] + $0 })
        }
    }
}
