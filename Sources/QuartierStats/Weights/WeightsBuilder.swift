package import QuartierModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Builders of spatial weights from geometries (contiguity) and points (kNN, distance band, kernels).
///
/// Semantics follow libpysal 4.14 (`libpysal.weights.Queen`, `Rook`, `KNN`, `DistanceBand`, `Kernel`,
/// https://pysal.org/libpysal/api.html) and are tested against it on the 542 Berlin Planungsräume
/// (`Tests/Fixtures/stats`, made by `scripts/reference/weights_reference.py`). Distances are Euclidean in CRS units
/// (metres in a projected metric CRS such as EPSG:25833), computed as `Coordinate.distance(to:)` through
/// `PointIndex`. Points with a non-finite coordinate (e.g. the centroid of an empty geometry passed as NaN) are
/// islands and nobody's neighbour.
package enum WeightsBuilder {
    /// Kernel functions of `kernel(_:ids:function:bandwidth:k:)`, on z = d / bandwidth (0 ≤ z ≤ 1).
    package enum KernelFunction: String, Sendable, CaseIterable {
        /// K(z) = exp(−z²/2) / √(2π), truncated at the bandwidth (libpysal `function="gaussian"`).
        case gaussian
        /// K(z) = 15/16 · (1 − z²)², the bisquare or biweight kernel (libpysal `function="quartic"`).
        case bisquare
    }

    /// The k nearest neighbours of each point, weight 1; asymmetric.
    ///
    /// As libpysal's `KNN` (the k + 1 nearest, then the point itself dropped; when k + 1 coincident points leave
    /// it out, the farthest of the k + 1 is dropped instead). Rows list neighbours by ascending distance, ties by
    /// ascending index.
    /// - Parameters:
    ///   - points: e.g. polygon centroids (`Centroids.centroid(of:)`), in a projected CRS.
    ///   - k: 1 ≤ k < `points.count`.
    /// - Throws: `WeightsError` `.countMismatch`, `.invalidK`.
    package static func knn(_ points: [Coordinate], ids: [String], k: Int) throws -> SpatialWeights {
        guard points.count == ids.count else { throw WeightsError.countMismatch(points: points.count, ids: ids.count) }
        guard k >= 1, k < points.count else { throw WeightsError.invalidK(k, areas: points.count) }
        let index = PointIndex(points)
        var rows: [[Int]] = []
        rows.reserveCapacity(points.count)
        for (i, p) in points.enumerated() {
            var found = index.nearest(to: p, k: k + 1).map(\.index)
            if let own = found.firstIndex(of: i) {
                found.remove(at: own)
            } else if found.count > k {
                found.removeLast()
            }
            rows.append(found)
        }
        return assemble(ids: ids, rows: rows, weights: nil)
    }

    /// Neighbours at distance ≤ `threshold` (inclusive), binary or inverse distance.
    ///
    /// As libpysal's `DistanceBand`, except for distinct points at distance 0: libpysal drops them (its sparse
    /// matrix cannot hold a 0 distance), here they are neighbours in binary weights and an error with inverse
    /// distance (their weight would be infinite).
    /// - Parameters:
    ///   - threshold: in CRS units, > 0 (`.infinity` links everyone).
    ///   - inverseAlpha: nil for binary weights; else weight = d^(−inverseAlpha) (1 gives 1/d, 2 gives 1/d²;
    ///     libpysal's `alpha` is its negative).
    /// - Throws: `WeightsError` `.countMismatch`, `.invalidThreshold`, `.invalidExponent`, `.coincidentPoints`,
    ///   and `.allIsolated` — naming `minimumThreshold(_:)` — when no area has a neighbour.
    package static func distanceBand(
        _ points: [Coordinate], ids: [String], threshold: Double, inverseAlpha: Double? = nil
    ) throws -> SpatialWeights {
        guard points.count == ids.count else { throw WeightsError.countMismatch(points: points.count, ids: ids.count) }
        guard threshold > 0 else {
            throw WeightsError(.invalidThreshold, "distance threshold \(threshold) is not a positive number")
        }
        if let alpha = inverseAlpha, !alpha.isFinite {
            throw WeightsError(.invalidExponent, "inverse-distance exponent \(alpha) is not a finite number")
        }
        let index = PointIndex(points)
        var rows: [[Int]] = []
        var weightRows: [[Double]] = []
        rows.reserveCapacity(points.count)
        for (i, p) in points.enumerated() {
            let found = index.within(radius: threshold, of: p).filter { $0 != i }
            rows.append(found)
            guard let alpha = inverseAlpha else { continue }
            var row: [Double] = []
            row.reserveCapacity(found.count)
            for j in found {
                let d = p.distance(to: points[j])
                guard d > 0 else {
                    throw WeightsError(
                        .coincidentPoints,
                        "areas '\(ids[i])' and '\(ids[j])' are at distance 0; inverse-distance weights would be "
                            + "infinite (use binary weights, or merge or move the points)")
                }
                let weight = alpha == 1 ? 1 / d : pow(d, -alpha)
                // d^−α leaves the range of a Double for large α (1000 m^−500 = 10^−1500 → 0; 0.5 m^−2000 → ∞):
                // every statistic would be 0/0 (NaN), so refuse it here, naming the pair.
                guard weight.isNormal else {
                    throw WeightsError(
                        .invalidExponent,
                        "inverse-distance weight \(d)^−\(alpha) between areas '\(ids[i])' and '\(ids[j])' is "
                            + "\(weight == 0 ? "too small" : "too large") for a number (it becomes \(weight)); use a "
                            + "smaller exponent (1 or 2 are usual)")
                }
                row.append(weight)
            }
            weightRows.append(row)
        }
        if points.count > 0, rows.allSatisfy(\.isEmpty) {
            guard let minimum = minimumThreshold(points) else {
                throw WeightsError(.allIsolated, "a distance band needs at least two points with finite coordinates")
            }
            throw WeightsError(
                .allIsolated,
                "threshold \(threshold) leaves every area without neighbours; the smallest threshold that gives every "
                    + "area a neighbour is \(minimum) (the largest nearest-neighbour distance)")
        }
        return assemble(ids: ids, rows: rows, weights: inverseAlpha == nil ? nil : weightRows)
    }

    /// The smallest distance-band threshold that gives every point a neighbour: the largest nearest-neighbour
    /// distance (libpysal `min_threshold_distance`), in CRS units.
    ///
    /// - Returns: nil when fewer than two points have finite coordinates. Non-finite points are ignored.
    package static func minimumThreshold(_ points: [Coordinate]) -> Double? {
        let index = PointIndex(points)
        guard index.count >= 2 else { return nil }
        var largest = 0.0
        for (i, p) in points.enumerated() where p.x.isFinite && p.y.isFinite {
            // The nearest other point: the first of the two nearest that is not `i` itself.
            if let other = index.nearest(to: p, k: 2).first(where: { $0.index != i }) {
                largest = Swift.max(largest, other.distance)
            }
        }
        return largest
    }

    /// CSR weights from validated rows (indexes in range, no self, no duplicates; weights finite, ≥ 0).
    static func assemble(ids: [String], rows: [[Int]], weights: [[Double]]?) -> SpatialWeights {
        var offsets = [0]
        offsets.reserveCapacity(rows.count + 1)
        var flat: [Int] = []
        flat.reserveCapacity(rows.reduce(0) { $0 + $1.count })
        for row in rows {
            flat += row
            offsets.append(flat.count)
        }
        let flatWeights = weights?.flatMap { $0 } ?? Array(repeating: 1, count: flat.count)
        return SpatialWeights(ids: ids, offsets: offsets, neighbors: flat, weights: flatWeights, transform: .original)
    }
}
