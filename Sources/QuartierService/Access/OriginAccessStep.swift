import QuartierAccess
import QuartierGDAL
import QuartierModel

/// `quartier access` as a plan step: access from each origin (point, or a polygon's centroid) to the facilities,
/// appended to the origins as `nearest_distance`, `fca`, … and `state` (`AccessColumns`). Unlike `[[access]]`, the
/// values stay per origin rather than being aggregated onto areas. Timed parts: `index`, `compute`.
struct OriginAccessStep: PlanStep {
    /// The facilities input.
    var facilities: String
    var capacity: String?
    var filter: (field: String, value: String)?
    var measure: AccessMeasure
    /// Demand field of the origins (1 each when nil).
    var weight: String?
    /// Polygon origins at a point on their surface instead of the centroid.
    var surfacePoint: Bool

    var timingName: String? { nil }

    func apply(to state: inout AnalysisState) throws -> StepReport {
        let context = state.context
        let (facilitiesLayer, ref) = try PointLoader.load(
            try context.input(facilities), working: context.working, within: state.areas.extent, logger: context.logger)
        state.inputRefs.append(ref)
        let origins = state.areas
        let demand = try AccessInputs.demand(origins, field: weight)
        let points = AccessInputs.originPoints(origins, surface: surfacePoint)
        let prepared = try context.timer.measure("index") {
            try AccessInputs.facilities(facilitiesLayer, idField: nil, capacity: capacity, filter: filter)
        }
        let result = try context.timer.measure("compute") {
            try AccessComputation.run(measure, origins: points, demand: demand, facilities: prepared.facilities)
        }
        try state.extend(as: .indicator, from: [weight].compactMap { $0 }) {
            AccessColumns.apply(result, to: $0, facilityIDs: prepared.ids)
        }
        return .originAccess(
            AccessReport(
                measure: measure.description, origins: origins.features.count, facilities: prepared.facilities.count,
                states: Dictionary(grouping: result.states.map(\.rawValue), by: { $0 }).mapValues(\.count),
                facilitiesWithoutGeometry: prepared.withoutGeometry,
                unreachedFacilities: result.catchment?.unreachedSupply.filter { $0 }.count))
    }
}
