import QuartierModel

/// One step of an `AnalysisPlan`: reads and extends the typed `AnalysisState` and returns its report. Every
/// capability of a run (joins, statistics, roll-ups, suppression, outputs, tiles, publishing) is a step; the
/// order is the plan's (`AnalysisPlan.init`), and `run`, the single commands and the server's processes run
/// their plans through the same `PlanRunner`.
protocol PlanStep: Sendable {
    /// The name the step's time is recorded under (`join:<table>`), or nil when the step times its parts itself.
    var timingName: String? { get }

    /// Applies the step.
    /// - Throws: a user error naming the analysis file, the step's line and what to do, or an internal error.
    func apply(to state: inout AnalysisState) throws -> StepReport
}

/// What a step reports, collected into `StepReports` (printed after a run and kept in `manifest.json`).
enum StepReport {
    case none
    case join(JoinReport)
    case count(PointCountReport)
    case grid(GridReport)
    case access(AccessStepReport)
    case hotspots(HotspotSummary)
    case series(SeriesReport)
    case emerging(EmergingSummary)
    case rollup(RollUpReport)
    case publish(PublishReport)
    case originAccess(AccessReport)
}

extension StepReports {
    /// Adds a step's report to the reports of its kind.
    mutating func record(_ report: StepReport) {
        switch report {
        case .none: break
        case .join(let r): joins.append(r)
        case .count(let r): counts.append(r)
        case .grid(let r): grid = r
        case .access(let r): access.append(r)
        case .hotspots(let r): hotspots.append(r)
        case .series(let r): series.append(r)
        case .emerging(let r): emerging.append(r)
        case .rollup(let r): rollups.append(r)
        case .publish(let r): publish = r
        case .originAccess(let r): originAccess = r
        }
    }
}
