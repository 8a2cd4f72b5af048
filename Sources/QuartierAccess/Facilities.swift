package import QuartierModel

/// Validated facilities (points of supply) with their capacities and a k-d tree over them, built once
/// and shared by every access measure (Nearest, CumulativeOpportunities, Gravity, FloatingCatchment).
///
/// Positions are in a projected metric CRS; every distance in QuartierAccess is Euclidean, in metres
/// (`Coordinate.distance(to:)`), not network travel time. Facilities outside the study area are
/// simply more points: pass them in (e.g. a buffer around it) to avoid edge effects at the border —
/// the computations never clip to an area.
package struct Facilities: Sendable {
    /// Positions, in the order given.
    package let coordinates: [Coordinate]
    /// Capacity S_j of each facility (1 each when the source has no capacity field); finite, >= 0.
    package let capacities: [Double]
    /// k-d tree over `coordinates`.
    package let index: PointIndex

    /// Validates and indexes, in O(m log m).
    ///
    /// - Parameters:
    ///   - coordinates: metres, projected CRS; each must be finite.
    ///   - capacities: one per facility, finite and `>= 0`; nil means 1 each.
    /// - Throws: `AccessError.noFacilities`, `.lengthMismatch`, `.invalidCapacity`,
    ///   `.invalidFacilityPosition`.
    package init(_ coordinates: [Coordinate], capacities: [Double]? = nil) throws(AccessError) {
        guard !coordinates.isEmpty else { throw .noFacilities }
        let capacities = capacities ?? [Double](repeating: 1, count: coordinates.count)
        guard capacities.count == coordinates.count else {
            throw .lengthMismatch(what: "capacities", expected: coordinates.count, actual: capacities.count)
        }
        for (j, c) in coordinates.enumerated() where !(c.x.isFinite && c.y.isFinite) {
            throw .invalidFacilityPosition(facility: j)
        }
        for (j, s) in capacities.enumerated() where !(s.isFinite && s >= 0) {
            throw .invalidCapacity(facility: j, value: s)
        }
        self.coordinates = coordinates
        self.capacities = capacities
        self.index = PointIndex(coordinates)
    }

    /// The number of facilities.
    package var count: Int { coordinates.count }

    /// Σ S_j over all facilities.
    package var totalCapacity: Double { capacities.reduce(0, +) }
}

/// Shared argument checks.
enum AccessValidation {
    /// A catchment radius must be positive and finite (`allowInfinity` for gravity's "no cut-off").
    static func radius(_ r: Double, allowInfinity: Bool = false) throws(AccessError) {
        guard r > 0, r.isFinite || (allowInfinity && r == .infinity) else { throw .invalidRadius(r) }
    }

    /// Demand must match the origins and be finite and `>= 0`, or NaN (missing).
    static func demand(_ demand: [Double], origins: Int) throws(AccessError) {
        guard demand.count == origins else {
            throw .lengthMismatch(what: "demand", expected: origins, actual: demand.count)
        }
        for (i, p) in demand.enumerated() where !p.isNaN && !(p.isFinite && p >= 0) {
            throw .invalidDemand(origin: i, value: p)
        }
    }
}
