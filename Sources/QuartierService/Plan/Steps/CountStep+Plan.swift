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
        let (layer, ref) = try PointLoader.load(
            pointSpec, working: working, within: state.areas.extent, logger: context.logger)
        try PointLoader.requirePoints(layer, source: pointSpec.source)
        state.inputRefs.append(ref)
        let before = state.areas.fields.count
        let index = state.areaIndex()
        do {
            let (result, countReport) = try PointCounter.count(
                areas: state.areas, index: index, points: layer, countField: countField, sumFields: sum, byField: by,
                idField: pointSpec.idField)
            state.areas = result
            let counted = result.fields[before...].map(\.name)
            state.mark(counted, as: .count)
            state.countSources[points, default: []] += counted
            if countReport.points > 0 && countReport.inside == 0 {
                // Every point outside every area: another CRS or axis order, or points of another place.
                let areas = context.areasFile.map { " of \($0)" } ?? ""
                throw QuartierError.user(
                    "\(pointSpec.source): none of its \(countReport.points) points lies inside an area\(areas) (e.g. "
                        + countReport.pointsOutside.prefix(3).joined(separator: ", ")
                        + "); check the CRS and axis order of both (quartier inspect)")
            }
            var report = countReport
            report.input = points
            return .count(report)
        } catch let error as JoinError where context.analysis != nil {
            throw ContextError(context: context.place("[[count]] of '\(points)'", line: line), underlying: error)
        }
    }
}
