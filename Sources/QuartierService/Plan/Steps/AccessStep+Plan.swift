import Foundation
import Logging
import QuartierAccess
import QuartierGDAL
import QuartierModel

extension AccessStep: PlanStep {
    var timingName: String? { "access:\(name)" }

    /// Computes access from the origins to the facilities and adds its aggregates to the areas as `<name>_…`.
    func apply(to state: inout AnalysisState) throws -> StepReport {
        let context = state.context
        let facilitySpec = try context.input(facilities)
        let (layer, ref) = try PointLoader.load(facilitySpec, working: context.working, within: state.areas.extent, logger: context.logger)
        state.inputRefs.append(ref)
        let prepared = try AccessInputs.facilities(
            layer, idField: facilitySpec.idField, capacity: capacity, filter: filter)
        let areas = state.areas
        let origins: [Coordinate]
        let demand: [Double]
        let groups: [Int?]
        switch self.origins {
        case .grid:
            guard let grid = state.grid else { throw QuartierError.internal("[grid] did not keep its cells") }
            origins = grid.cells
            demand = grid.cellWeights
            groups = state.areaIndex().locateAll(origins)
        case .weightedCentroids:
            guard let grid = state.grid else { throw QuartierError.internal("[grid] did not keep its centroids") }
            origins = grid.areaCentroids
            demand = grid.areaWeights
            groups = areas.features.indices.map { $0 }
        case .areas:
            origins = AccessInputs.originPoints(areas, surface: false)
            demand = try AccessInputs.demand(areas, field: weight)
            groups = areas.features.indices.map { $0 }
        }
        let result = try AccessComputation.run(
            measure, origins: origins, demand: demand, facilities: prepared.facilities)
        let distances: [Double?]
        if let nearest = result.nearestDistance {
            distances = nearest
        } else {
            distances =
                try AccessComputation.run(.nearest, origins: origins, demand: demand, facilities: prepared.facilities)
                .nearestDistance ?? []
        }
        let aggregation: AccessAggregation
        do {
            aggregation = try AccessAggregation(
                groups: groups, areaCount: areas.features.count, demand: demand.map { $0.isNaN ? 0 : $0 },
                nearestDistance: distances, threshold: threshold, access: result.catchment)
        } catch {
            throw ContextError(context: context.place("[[access]] '\(name)'", line: line), underlying: error)
        }
        var out = areas
        let p = name + "_"
        let thresholdText = Int64(exactly: threshold).map { String($0) } ?? String(threshold)
        var columns: [(String, [Double?])] = [
            ("\(p)demand", aggregation.demand.map { $0 }), ("\(p)distance_mean", aggregation.meanDistance),
            ("\(p)distance_median", aggregation.medianDistance),
            ("\(p)share_beyond_\(thresholdText)", aggregation.shareBeyond),
        ]
        if result.catchment != nil {
            columns += [
                ("\(p)fca", aggregation.meanAccess), ("\(p)share_no_provision", aggregation.shareWithoutProvision),
            ]
        }
        for (name, values) in columns {
            out.fields.append(FieldDefinition(name: name, type: .real))
            for i in out.features.indices {
                out.features[i].attributes.append(values[i].map { .real($0) } ?? .missing(.undefined))
            }
        }
        state.areas = out
        state.mark(columns.map(\.0), as: .indicator)
        // Demand comes from the grid's weights (summed per area) or from the areas' weight field.
        let demandField = self.origins == .areas ? weight : state.grid?.weightField
        state.derive(columns.map(\.0), from: [demandField].compactMap { $0 })
        return .access(
            AccessStepReport(
                name: name, measure: measure.description, origins: origins.count,
                facilities: prepared.facilities.count,
                states: Dictionary(grouping: result.states.map(\.rawValue), by: { $0 }).mapValues(\.count),
                facilitiesWithoutGeometry: prepared.withoutGeometry,
                originsOutsideAreas: groups.filter { $0 == nil }.count))
    }
}
