import QuartierAccess
import QuartierModel

/// The per-origin results of one access measure: only the fields the measure produces are set.
struct AccessComputation {
    var nearestDistance: [Double?]?
    var nearestFacility: [Int?]?
    var knnDistance: [Double?]?
    var reachCount: [Int?]?
    var reachCapacity: [Double?]?
    var fca: [Double?]?
    var gravity: [Double?]?
    var states: [AccessState]
    var catchment: FloatingCatchmentResult?

    /// Runs a measure (distances in metres of the shared projected CRS).
    static func run(
        _ measure: AccessMeasure, origins: [Coordinate], demand: [Double], facilities: Facilities
    ) throws -> AccessComputation {
        do {
            switch measure {
            case .nearest, .knn:
                let k: Int
                if case .knn(let value) = measure { k = value } else { k = 1 }
                let r = try Nearest.compute(origins: origins, facilities: facilities, k: k)
                var result = AccessComputation(
                    nearestDistance: r.distance, nearestFacility: r.facility, states: r.states)
                if k > 1 { result.knnDistance = r.kthDistance }
                return result
            case .cumulative(let radius):
                let r = try CumulativeOpportunities.compute(origins: origins, facilities: facilities, radius: radius)
                return AccessComputation(reachCount: r.count, reachCapacity: r.capacity, states: r.states)
            case .gravityPower(let beta, let maxDistance):
                let r = try Gravity.compute(
                    origins: origins, facilities: facilities, decay: .power(beta: beta), maxDistance: maxDistance)
                return AccessComputation(gravity: r.value, states: r.states)
            case .gravityGaussian(let sigma, let maxDistance):
                let r = try Gravity.compute(
                    origins: origins, facilities: facilities, decay: .gaussian(sigma: sigma), maxDistance: maxDistance)
                return AccessComputation(gravity: r.value, states: r.states)
            case .twoStep(let radius):
                return catchment(
                    try FloatingCatchment.weighted(
                        origins: origins, demand: demand, facilities: facilities, decay: .none, radius: radius))
            case .enhancedTwoStep(let steps):
                let decay = DistanceDecay.steps(steps.map { DecayStep(upTo: $0.upTo, weight: $0.weight) })
                return catchment(
                    try FloatingCatchment.weighted(
                        origins: origins, demand: demand, facilities: facilities, decay: decay,
                        radius: steps.last?.upTo ?? 0))
            case .gaussianFCA(let sigma, let radius):
                return catchment(
                    try FloatingCatchment.weighted(
                        origins: origins, demand: demand, facilities: facilities, decay: .gaussian(sigma: sigma),
                        radius: radius))
            }
        } catch AccessError.cancelled {
            // The job was dismissed while the measure ran (`CallerCancellation`): the run's own stop, not a refusal.
            throw RunCancelled()
        } catch {
            // `AccessError` (bad input) kept as it is under the context.
            throw error.withContext("access \(measure)")
        }
    }

    private static func catchment(_ r: FloatingCatchmentResult) -> AccessComputation {
        AccessComputation(nearestDistance: r.nearestDistance, fca: r.access, states: r.states, catchment: r)
    }
}
