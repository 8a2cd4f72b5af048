package import QuartierModel

/// Gravity (Hansen) access per origin.
package struct GravityResult: Sendable {
    /// A_i = Σ S_j f(d_ij) over facilities within `maxDistance`; nil where no facility is in reach or
    /// the origin is undefined.
    package let value: [Double?]
    /// Facilities within `maxDistance` (nil where undefined).
    package let facilitiesInReach: [Int?]
    /// `.ok`, `.noProvisionInReach` (value nil) or `.undefined` (no finite position).
    package let states: [AccessState]
}

/// Gravity-type access A_i = Σ_{j: d_ij <= maxDistance} S_j · f(d_ij) (Hansen 1959).
///
/// The same sum as PySAL access `weighted_catchment(weight_fn=f, max_cost=maxDistance)`: pairs with
/// d <= maxDistance (inclusive), supply weighted by the decay, no normalisation. Distances Euclidean,
/// metres, projected CRS. With `maxDistance = .infinity` every pair is summed (O(n·m), by definition);
/// a finite cut-off costs O(m log m + n log m + pairs in reach).
/// Source: W. G. Hansen, "How accessibility shapes land use", J. American Institute of Planners 25(2),
/// 1959, https://doi.org/10.1080/01944365908978307.
package enum Gravity {
    /// - Parameters:
    ///   - origins: metres, projected CRS; non-finite ones are `.undefined`.
    ///   - facilities: metres, same CRS.
    ///   - capacities: one per facility, finite and >= 0; nil counts 1 each.
    ///   - decay: `.power(beta:minDistance:)` (f = max(d, d_min)^−β) or `.gaussian(sigma:)` (f = e^(−d²/2σ²)),
    ///     or any other `DistanceDecay`.
    ///   - maxDistance: metres, > 0, inclusive; `.infinity` for no cut-off.
    /// - Throws: `AccessError` for a refused input; `.cancelled` when the calling thread was cancelled meanwhile.
    package static func compute(
        origins: [Coordinate],
        facilities: [Coordinate],
        capacities: [Double]? = nil,
        decay: DistanceDecay,
        maxDistance: Double
    ) throws(AccessError) -> GravityResult {
        try compute(
            origins: origins, facilities: Facilities(facilities, capacities: capacities), decay: decay,
            maxDistance: maxDistance)
    }

    /// As above, with facilities already validated and indexed.
    package static func compute(
        origins: [Coordinate],
        facilities: Facilities,
        decay: DistanceDecay,
        maxDistance: Double
    ) throws(AccessError) -> GravityResult {
        try AccessValidation.radius(maxDistance, allowInfinity: true)
        try decay.validate()
        let cancellation = CallerCancellation()
        let n = origins.count
        let index = facilities.index
        let capacities = facilities.capacities
        var counts: [Int?] = []
        var states: [AccessState] = []
        let values = ColumnWriter.column(n, Double?.none) { valueOut in
            counts = ColumnWriter.column(n, Int?.none) { countOut in
                states = ColumnWriter.column(n, AccessState.undefined) { stateOut in
                    OriginChunks.run(count: n, cancellation: cancellation) { _, range in
                        var hits: [Int] = []
                        var distances: [Double] = []
                        for i in range {
                            let o = origins[i]
                            guard o.x.isFinite, o.y.isFinite else { continue }
                            index.within(radius: maxDistance, of: o, indexes: &hits, distances: &distances)
                            let count = hits.count
                            var sum = 0.0
                            for (j, d) in zip(hits, distances) { sum += capacities[j] * decay.weight(d) }
                            countOut(i, count)
                            if count > 0 { valueOut(i, sum) }
                            stateOut(i, count > 0 ? .ok : .noProvisionInReach)
                        }
                    }
                }
            }
        }
        if cancellation.isCancelled { throw .cancelled }
        return GravityResult(value: values, facilitiesInReach: counts, states: states)
    }
}
