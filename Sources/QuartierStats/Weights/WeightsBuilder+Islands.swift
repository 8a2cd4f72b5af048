package import QuartierModel

extension WeightsBuilder {
    /// Links every island to its nearest other area, in both directions, as GeoDa's "connect islands to nearest
    /// neighbour" option does (https://geodacenter.github.io/workbook/4a_contig_weights/lab4a.html).
    ///
    /// Each area that is an island in `weights` gets its nearest other point (Euclidean, CRS units; ties by the
    /// lower index) as neighbour, and becomes that area's neighbour too. Two islands nearest to each other are
    /// linked once. Areas whose point is not finite stay islands. New links weigh 1; when `weights` is
    /// row-standardised the result is standardised again, otherwise existing weights are kept as they are.
    /// - Parameters:
    ///   - weights: any weights, e.g. queen contiguity with islands (offshore areas, enclaves in a gap).
    ///   - points: one per area, in the order of `weights.ids` (e.g. `Centroids.centroid(of:)`).
    /// - Precondition: `points.count == weights.count` (both come from the same layer).
    package static func connectingIslands(_ weights: SpatialWeights, points: [Coordinate]) -> SpatialWeights {
        precondition(points.count == weights.count, "one point per area: \(points.count) for \(weights.count) areas")
        let islands = weights.islands
        guard !islands.isEmpty, points.count >= 2 else { return weights }
        let index = PointIndex(points)
        var added = [[Int]](repeating: [], count: weights.count)
        for i in islands {
            guard let j = index.nearest(to: points[i], k: 2).first(where: { $0.index != i })?.index else { continue }
            if !added[i].contains(j) { added[i].append(j) }
            // An island has no neighbours, so j can only be in i's row through `added`; the reverse link is new
            // unless j is an island that already chose i.
            if !weights.neighbors(of: j).contains(i), !added[j].contains(i) { added[j].append(i) }
        }
        var offsets = [0]
        var flat: [Int] = []
        var flatWeights: [Double] = []
        offsets.reserveCapacity(weights.count + 1)
        for i in 0..<weights.count {
            flat += weights.neighbors(of: i)
            flatWeights += weights.weights(of: i)
            flat += added[i]
            flatWeights += Array(repeating: 1, count: added[i].count)
            offsets.append(flat.count)
        }
        let transform: SpatialWeights.Transform = weights.transform == .rowStandardized ? .original : weights.transform
        let result = SpatialWeights(
            ids: weights.ids, offsets: offsets, neighbors: flat, weights: flatWeights, transform: transform)
        return weights.transform == .rowStandardized ? result.rowStandardized() : result
    }
}
