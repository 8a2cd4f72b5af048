/// An analysis as a plan: its typed steps in the order they run. The order is declared here and only here —
/// joins, counts, grid, series, access, rates, indexes, index types, hotspots, emerging hot spots, underserved,
/// roll-ups, the observations, the goal summaries; then suppression (with `[publish]`) and the public series, the outputs, profiles, tiles and the published files. A single
/// command is a plan of one step (`AnalysisPlan(step:)`).
struct AnalysisPlan {
    let steps: [any PlanStep]

    /// The plan of an analysis file.
    init(_ analysis: AnalysisFile) {
        let s = analysis.steps
        var steps: [any PlanStep] = []
        steps += s.joins as [any PlanStep]
        steps += s.counts as [any PlanStep]
        steps += [s.grid].compactMap { $0 } as [any PlanStep]
        steps += s.series as [any PlanStep]
        steps += s.access as [any PlanStep]
        steps += s.rates as [any PlanStep]
        steps += s.indexes as [any PlanStep]
        steps += s.indexTypes as [any PlanStep]
        steps += s.hotspots as [any PlanStep]
        steps += s.emerging as [any PlanStep]
        steps += [s.underserved].compactMap { $0 } as [any PlanStep]
        steps += s.rollups as [any PlanStep]
        steps += analysis.observations as [any PlanStep]
        if !s.series.isEmpty { steps.append(GoalSummaryStep()) }
        if let publish = analysis.publish {
            let acrossAreas: [any PlanStep] =
                s.indexes as [any PlanStep] + s.indexTypes as [any PlanStep] + s.hotspots as [any PlanStep]
                + [s.underserved].compactMap { $0 } as [any PlanStep]
            steps.append(
                SuppressionStep(publish: publish, acrossAreas: acrossAreas, publicOutputs: analysis.publicOutputs))
            if s.series.contains(where: { $0.tier == .public }) { steps.append(PublicSeriesStep()) }
        }
        steps += analysis.outputs as [any PlanStep]
        steps += analysis.profiles as [any PlanStep]
        steps += analysis.tiles as [any PlanStep]
        if let publish = analysis.publish {
            steps.append(PublishStep(publish: publish))
            if analysis.database != nil { steps.append(DatabasePublishStep(publish: publish)) }
        }
        self.steps = steps
    }

    /// A plan of one step: what a single command (`join`, `count`, …) runs.
    init(step: any PlanStep) {
        steps = [step]
    }
}

/// Runs a plan's steps on a state, in order, timing each and collecting its report: the one runner behind
/// `quartier run`, the single commands and the server's processes.
enum PlanRunner {
    static func execute(_ plan: AnalysisPlan, on state: inout AnalysisState) throws {
        let timer = state.context.timer
        for step in plan.steps {
            let report: StepReport
            if let name = step.timingName {
                report = try timer.measure(name) { try step.apply(to: &state) }
            } else {
                try RunCancellation.check()
                report = try step.apply(to: &state)
            }
            state.reports.record(report)
        }
    }
}
