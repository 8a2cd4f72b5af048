import Foundation
import QuartierModel
import QuartierStats

/// After the roll-ups (issue 26, item 3): completes the goal summaries of every `[[series]]` with what needs the
/// parent levels — per roll-up level the states of each parent's areas (`by_parent`), and the targets on a roll-up
/// level judged on the parents' series (a rate column carried up as Σ rate × denominator / Σ denominator over the
/// member areas with both present, as the city's) — and writes `<series>_goals.csv` and, per roll-up level,
/// `<series>_goals_<level>.csv` (German Excel, internal: computed from the delivered series).
struct GoalSummaryStep: PlanStep {
    var timingName: String? { "goals" }

    func apply(to state: inout AnalysisState) throws -> StepReport {
        let specs = state.context.analysis?.steps.series ?? []
        for r in state.reports.series.indices {
            let name = state.reports.series[r].name
            guard var goals = state.reports.series[r].goals, !goals.isEmpty,
                let spec = specs.first(where: { $0.name == name })?.withRatios, let data = state.series[name]
            else { continue }
            for g in goals.indices {
                let goal = goals[g]
                if LayerRef(goal.level) == .areas, goal.fields.count == 4,
                    let field = state.areas.fieldIndex(goal.fields[2])
                {
                    var byParent: [String: [String: [String: Int]]] = [:]
                    for (level, rolled) in state.rollups {
                        var counts: [String: [String: Int]] = [:]
                        for (area, parent) in rolled.memberships.enumerated() {
                            guard let parent, area < state.areas.features.count else { continue }
                            let value = state.areas.features[area].attributes[field].stringValue ?? "unbestimmt"
                            counts[parent, default: GoalSummary.zeroCounts][value, default: 0] += 1
                        }
                        byParent[level] = counts
                    }
                    if !byParent.isEmpty { goals[g].byParent = byParent }
                } else if goal.level != "areas", goal.level != "city", let rolled = state.rollups[goal.level] {
                    try judgeParents(&goals[g], rolled: rolled, data: data, spec: spec)
                }
            }
            state.reports.series[r].goals = goals
            state.reports.series[r].files += try spec.writeGoals(goals, levels: state.rollups, context: state.context)
        }
        return .none
    }

    /// Judges each parent unit of a roll-up level on the parent's series of the goal's rate column.
    private func judgeParents(
        _ goal: inout GoalSummary, rolled: RolledUpLayer, data: SeriesData, spec: SeriesSpec
    ) throws {
        guard let denominator = spec.rates[goal.field], let rates = data.columns[goal.field],
            let weights = data.columns[denominator], let target = goal.target,
            let deadline = GoalTarget.deadlineKey(goal.deadline)
        else {
            goal.notes = [
                "the value of '\(goal.field)' on the level '\(goal.level)' needs the series to carry it as a rate "
                    + "(rates = { \(goal.field) = \"<denominator>\" }); the target is not judged"
            ]
            return
        }
        let parents = Array(Set(rolled.memberships.compactMap { $0 })).sorted()
        var members: [String: [Int]] = [:]
        for (area, parent) in rolled.memberships.enumerated() {
            if let parent { members[parent, default: []].append(area) }
        }
        var results: [(id: String, result: GoalAttainment)] = []
        for parent in parents {
            let areas = members[parent] ?? []
            let values = zip(rates, weights).map { rate, weight -> Double? in
                var numerator = 0.0
                var total = 0.0
                for area in areas where area < rate.count && area < weight.count {
                    guard let r = rate[area], let w = weight[area] else { continue }
                    numerator += r * w
                    total += w
                }
                return total > 0 ? numerator / total : nil
            }
            let present = zip(data.times, values).compactMap { t, v in v.map { (time: t, value: $0) } }
            results.append(
                (
                    parent,
                    try GoalAttainment.judge(
                        series: present, latestMissing: values.last.map { $0 == nil } ?? true, target: target,
                        direction: goal.direction, deadline: deadline)
                ))
        }
        let summarised = GoalSummary.summarise(results)
        goal.counts = summarised.counts
        goal.undetermined = summarised.undetermined
        goal.furthest = summarised.furthest
        goal.movingAway = summarised.movingAway
        goal.notes.removeAll { $0.hasPrefix("the level '") }
        goal.notes.append(
            "each \(goal.level) unit's value is Σ \(goal.field) × \(denominator) / Σ \(denominator) over its areas with "
                + "both present")
    }
}
