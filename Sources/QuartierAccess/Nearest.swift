package import QuartierModel

/// Distance from every origin to its nearest facility and to its k-th nearest, as columns.
///
/// Distances are Euclidean, in metres, in a projected CRS (`Coordinate.distance(to:)`), and equal a
/// brute-force scan bit for bit (ties go to the lower facility index). Cost O(m log m + n log m) with
/// the k-d tree of `Facilities`, in parallel over fixed chunks of origins, with no allocation per
/// origin: the result is four flat columns.
package struct NearestResult: Sendable {
    /// Distance to the nearest facility, metres; nil where `states[i] == .undefined`.
    package let distance: [Double?]
    /// Index of the nearest facility (ties: the lowest index); nil where undefined.
    package let facility: [Int?]
    /// Distance to the k-th nearest facility (the farthest when there are fewer than k facilities);
    /// nil where undefined. Equals `distance` when k = 1.
    package let kthDistance: [Double?]
    /// `.ok`, or `.undefined` for an origin without a finite position.
    package let states: [AccessState]
    /// The k asked for.
    package let k: Int
}

/// Nearest provision: distance to the nearest and to the k-th nearest facility.
package enum Nearest {
    /// Nearest and k-th nearest facility distances for every origin.
    ///
    /// - Parameters:
    ///   - origins: metres, projected CRS; an origin with a non-finite coordinate gets `.undefined`.
    ///   - facilities: metres, same CRS; at least one, each finite.
    ///   - k: >= 1; the k-th nearest distance is reported alongside the nearest.
    /// - Throws: `AccessError.noFacilities`, `.invalidFacilityPosition`, `.invalidK`; `.cancelled` when the
    ///   calling thread was cancelled meanwhile (`OriginChunks`).
    package static func compute(origins: [Coordinate], facilities: [Coordinate], k: Int = 1) throws(AccessError)
        -> NearestResult
    {
        try compute(origins: origins, facilities: Facilities(facilities), k: k)
    }

    /// As `compute(origins:facilities:k:)`, with facilities already validated and indexed.
    package static func compute(origins: [Coordinate], facilities: Facilities, k: Int = 1) throws(AccessError)
        -> NearestResult
    {
        guard k >= 1 else { throw .invalidK(k) }
        let cancellation = CallerCancellation()
        let n = origins.count
        let index = facilities.index
        var kth: [Double?] = []
        var nearestFacility: [Int?] = []
        var states: [AccessState] = []
        let distance = ColumnWriter.column(n, Double?.none) { distanceOut in
            kth = ColumnWriter.column(n, Double?.none) { kthOut in
                nearestFacility = ColumnWriter.column(n, Int?.none) { facilityOut in
                    states = ColumnWriter.column(n, AccessState.undefined) { stateOut in
                        OriginChunks.run(count: n, cancellation: cancellation) { _, range in
                            var candidates = NearestCandidates()
                            for i in range {
                                index.nearest(to: origins[i], k: k, into: &candidates)
                                guard let best = candidates.nearest, let far = candidates.farthestDistance else {
                                    continue
                                }
                                distanceOut(i, best.distance)
                                facilityOut(i, best.index)
                                kthOut(i, far)
                                stateOut(i, .ok)
                            }
                        }
                    }
                }
            }
        }
        if cancellation.isCancelled { throw .cancelled }
        return NearestResult(distance: distance, facility: nearestFacility, kthDistance: kth, states: states, k: k)
    }
}
