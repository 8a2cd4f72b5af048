package import QuartierModel

/// Cumulative opportunities per origin: how many facilities, and how much capacity, lie within a radius.
package struct CumulativeResult: Sendable {
    /// Facilities with d <= radius (0 is a true count, not missing; nil only where undefined).
    package let count: [Int?]
    /// Σ S_j over those facilities (0 when none; nil only where undefined).
    package let capacity: [Double?]
    /// `.ok`, `.noProvisionInReach` (count 0), or `.undefined` (no finite position).
    package let states: [AccessState]
}

/// Cumulative opportunities (isochrone / container measure): A_i = Σ_j S_j · [d_ij <= r].
///
/// Same as PySAL access `weighted_catchment(max_cost=r)` without a weight function (inclusive
/// boundary). Distances Euclidean, metres, projected CRS. Cost O(m log m + n log m + pairs in reach).
/// Source: e.g. K. T. Geurs, B. van Wee, "Accessibility evaluation of land-use and transport strategies:
/// review and research directions", J. Transport Geography 12(2), 2004,
/// https://doi.org/10.1016/j.jtrangeo.2003.10.005 (contour measures).
package enum CumulativeOpportunities {
    /// - Parameters:
    ///   - origins: metres, projected CRS; non-finite ones are `.undefined`.
    ///   - facilities: metres, same CRS.
    ///   - capacities: one per facility, finite and >= 0; nil counts 1 each.
    ///   - radius: metres, > 0, inclusive (a facility at exactly `radius` counts).
    package static func compute(
        origins: [Coordinate],
        facilities: [Coordinate],
        capacities: [Double]? = nil,
        radius: Double
    ) throws(AccessError) -> CumulativeResult {
        try compute(origins: origins, facilities: Facilities(facilities, capacities: capacities), radius: radius)
    }

    /// As above, with facilities already validated and indexed.
    package static func compute(origins: [Coordinate], facilities: Facilities, radius: Double) throws(AccessError)
        -> CumulativeResult
    {
        try AccessValidation.radius(radius)
        // The gravity sum with f ≡ 1 is exactly the capacity within reach; a count of nothing is a real 0.
        let reach = try Gravity.compute(origins: origins, facilities: facilities, decay: .none, maxDistance: radius)
        let sums = zip(reach.value, reach.states).map { value, state in state == .undefined ? nil : value ?? 0 }
        let counts = zip(reach.facilitiesInReach, reach.states).map { count, state in
            state == .undefined ? nil : count ?? 0
        }
        let states = reach.states
        return CumulativeResult(count: counts, capacity: sums, states: states)
    }
}
