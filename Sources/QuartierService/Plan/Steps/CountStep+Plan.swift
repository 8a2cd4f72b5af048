import QuartierGDAL
import QuartierModel

extension CountStep: PlanStep {
    var timingName: String? { "count:\(points)" }

    /// Counts the points per area (`name`, `sum_<field>`, `n_<by>_<value>`): count fields, summed in roll-ups and
    /// protected by suppression.
    func apply(to state: inout AnalysisState) throws -> StepReport {
        let context = state.context
        let pointSpec = try context.input(points)
        let working = try context.working ?? state.areas.crs.map { try SpatialReference($0) }
        let (layer, ref) = try PointLoader.load(pointSpec, working: working, within: state.areas.extent, logger: context.logger)
        try PointLoader.requirePoints(layer, source: pointSpec.source)
        state.inputRefs.append(ref)
        let before = state.areas.fields.count
        let index = state.areaIndex()
        do {
            let (result, report) = try PointCounter.count(
                areas: state.areas, index: index, points: layer, countField: countField, sumFields: sum, byField: by,
                idField: pointSpec.idField)
            state.areas = result
            state.mark(result.fields[before...].map(\.name), as: .count)
            return .count(report)
        } catch let error as JoinError where context.analysis != nil {
            throw ContextError(context: context.place("[[count]] of '\(points)'", line: line), underlying: error)
        }
    }
}
