import Foundation
import Logging
import QuartierAccess
import QuartierGDAL
import QuartierModel

extension StepRunner {
    /// Runs an `[[access]]` step and adds its aggregates to the areas as `<name>_…` fields.
    mutating func access(_ step: AccessStep, _ areas: FeatureLayer, index: PolygonIndex) throws -> FeatureLayer {
        let facilitySpec = try spec(step.facilities)
        let (layer, ref) = try PointLoader.load(facilitySpec, working: working, logger: logger)
        inputRefs.append(ref)
        let prepared = try AccessInputs.facilities(
            layer, idField: facilitySpec.idField, capacity: step.capacity, filter: step.filter)
        let origins: [Coordinate]
        let demand: [Double]
        let groups: [Int?]
        if step.origins == "grid" {
            guard let grid = gridOrigins else { throw QuartierError.internal("[grid] did not keep its cells") }
            origins = grid.centers
            demand = grid.weights
            groups = index.locateAll(origins)
        } else if step.origins == "weighted_centroids", let grid = analysis.steps.grid {
            let names = areas.fields.map(\.name)
            guard let x = names.firstIndex(of: grid.prefix + "centroid_x"), let y = names.firstIndex(of: grid.prefix + "centroid_y"),
                let w = names.firstIndex(of: grid.prefix + grid.weight)
            else { throw QuartierError.internal("[grid] fields are missing for weighted centroids") }
            origins = areas.features.map { f in
                Coordinate(x: f.attributes[x].doubleValue ?? .nan, y: f.attributes[y].doubleValue ?? .nan)
            }
            demand = areas.features.map { $0.attributes[w].doubleValue ?? .nan }
            groups = areas.features.indices.map { $0 }
        } else {
            origins = AccessInputs.originPoints(areas, surface: false)
            demand = try AccessInputs.demand(areas, field: step.weight)
            groups = areas.features.indices.map { $0 }
        }
        let result = try AccessComputation.run(step.measure, origins: origins, demand: demand, facilities: prepared.facilities)
        let distances: [Double?]
        if let nearest = result.nearestDistance {
            distances = nearest
        } else {
            distances = try AccessComputation.run(.nearest, origins: origins, demand: demand, facilities: prepared.facilities)
                .nearestDistance ?? []
        }
        let aggregation: AccessAggregation
        do {
            aggregation = try AccessAggregation(
                groups: groups, areaCount: areas.features.count, demand: demand.map { $0.isNaN ? 0 : $0 },
                nearestDistance: distances, threshold: step.threshold, access: result.catchment)
        } catch {
            throw QuartierError.user("[[access]] '\(step.name)' (\(analysis.path):\(step.line)): \(error)")
        }
        var out = areas
        let p = step.name + "_"
        let threshold = Int64(exactly: step.threshold).map { String($0) } ?? String(step.threshold)
        var columns: [(String, [Double?])] = [
            ("\(p)demand", aggregation.demand.map { $0 }), ("\(p)distance_mean", aggregation.meanDistance),
            ("\(p)distance_median", aggregation.medianDistance), ("\(p)share_beyond_\(threshold)", aggregation.shareBeyond),
        ]
        if result.catchment != nil {
            columns += [("\(p)fca", aggregation.meanAccess), ("\(p)share_no_provision", aggregation.shareWithoutProvision)]
        }
        for (name, values) in columns {
            out.fields.append(FieldDefinition(name: name, type: .real))
            for i in out.features.indices { out.features[i].attributes.append(values[i].map { .real($0) } ?? .missing(.undefined)) }
        }
        reports.access.append(
            AccessStepReport(
                name: step.name, measure: step.measure.description, origins: origins.count,
                facilities: prepared.facilities.count,
                states: Dictionary(grouping: result.states.map(\.rawValue), by: { $0 }).mapValues(\.count),
                facilitiesWithoutGeometry: prepared.withoutGeometry,
                originsOutsideAreas: groups.filter { $0 == nil }.count))
        return out
    }
}
