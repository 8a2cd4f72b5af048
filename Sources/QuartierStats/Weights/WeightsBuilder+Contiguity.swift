package import QuartierModel

/// The contiguity criterion of `WeightsBuilder.contiguity(_:ids:kind:snap:)`.
package enum Contiguity: String, Sendable, CaseIterable {
    /// Areas sharing at least one vertex (libpysal `Queen`, GeoDa "queen contiguity").
    case queen
    /// Areas sharing at least one edge: the same two consecutive vertices, in either direction (libpysal `Rook`).
    case rook
}

extension WeightsBuilder {
    /// Contiguity weights (weight 1) of polygonal areas by vertex or edge hashing, as libpysal's `Queen` and
    /// `Rook` (`libpysal.weights._contW_lists.ContiguityWeightsLists`, https://pysal.org/libpysal/).
    ///
    /// - Queen: two areas are neighbours when they have a vertex in common.
    /// - Rook: when they have an edge in common: a pair of consecutive vertices of a ring of each, in either
    ///   direction, of positive length. Like libpysal, a border digitised with different vertices on its two
    ///   sides (one side has an extra vertex in the middle of the other's edge) shares no edge and does not make
    ///   rook neighbours; such areas are still queen neighbours when a vertex is shared. Clean the topology (or
    ///   snap) first if that matters. (libpysal also chains the last vertex of one ring to the first of the next
    ///   into a spurious edge; that edge is not formed here.)
    /// - Exteriors and holes of polygons and multipolygons all count: an area filling another's hole is its
    ///   neighbour. Rows are sorted by index. nil, empty and non-polygonal geometries are islands.
    ///
    /// Vertices are equal when their coordinates are equal (`-0.0 == 0.0`, as Python's float hashing in
    /// libpysal); with `snap > 0` (CRS units), vertices at distance ≤ `snap` are merged first, transitively
    /// (a chain of vertices each within `snap` of the next becomes one vertex; keep `snap` well below the
    /// shortest edge). Vertices are hashed, with snapping on a grid of cells of side `snap` where each vertex is
    /// compared with the vertices of its own and the 8 surrounding cells: O(total vertices) expected time.
    /// - Parameters:
    ///   - geometries: one per area, in any CRS (contiguity needs none).
    ///   - ids: the areas' keys, in the same order.
    ///   - snap: the snapping tolerance in CRS units; 0, negative or NaN means exact equality.
    /// - Precondition: `geometries.count == ids.count` (both come from the same layer).
    package static func contiguity(
        _ geometries: [Geometry?], ids: [String], kind: Contiguity, snap: Double = 0
    ) -> SpatialWeights {
        precondition(geometries.count == ids.count, "\(geometries.count) geometries for \(ids.count) ids")
        var rings = RingTable()
        for (area, geometry) in geometries.enumerated() {
            guard let geometry else { continue }
            for polygon in geometry.polygons {
                rings.add(polygon.exterior, area: area)
                for hole in polygon.holes {
                    rings.add(hole, area: area)
                }
            }
        }
        if snap > 0 {
            let roots = SnapClusters.roots(rings.vertices, tolerance: snap)
            for k in rings.vertexIDs.indices {
                rings.vertexIDs[k] = roots[Int(rings.vertexIDs[k])]
            }
        }
        // (key, area) entries: a vertex per ring vertex (queen), an edge per ring edge (rook).
        var keys: [Int32] = []
        var areas: [Int32] = []
        keys.reserveCapacity(rings.vertexIDs.count)
        areas.reserveCapacity(rings.vertexIDs.count)
        var keyCount = rings.vertices.count
        switch kind {
        case .queen:
            for r in 0..<rings.areas.count {
                for k in rings.starts[r]..<rings.starts[r + 1] {
                    keys.append(rings.vertexIDs[k])
                    areas.append(rings.areas[r])
                }
            }
        case .rook:
            var edgeIDs: [UInt64: Int32] = [:]
            edgeIDs.reserveCapacity(rings.vertexIDs.count)
            for r in 0..<rings.areas.count {
                let lo = rings.starts[r]
                let hi = rings.starts[r + 1]
                guard hi - lo >= 2 else { continue }
                for k in lo..<hi {
                    // Edge from vertex k to the next, the last back to the first (a no-op on closed rings).
                    let a = rings.vertexIDs[k]
                    let b = rings.vertexIDs[k + 1 < hi ? k + 1 : lo]
                    guard a != b else { continue }
                    let key = UInt64(UInt32(min(a, b))) << 32 | UInt64(UInt32(max(a, b)))
                    let id: Int32
                    if let known = edgeIDs[key] {
                        id = known
                    } else {
                        id = Int32(edgeIDs.count)
                        edgeIDs[key] = id
                    }
                    keys.append(id)
                    areas.append(rings.areas[r])
                }
            }
            keyCount = edgeIDs.count
        }
        let pairs = sharedKeyPairs(keys: keys, areas: areas, keyCount: keyCount)
        return csr(ids: ids, from: pairs.from, to: pairs.to)
    }

    /// Directed pairs of distinct areas having an entry with the same key (areas ascending within a key).
    private static func sharedKeyPairs(
        keys: [Int32], areas: [Int32], keyCount: Int
    ) -> (from: [Int32], to: [Int32]) {
        // Stable, so each key's areas stay in ascending order.
        let (starts, sorted) = bucketed(areas, by: keys, bucketCount: keyCount)
        var from: [Int32] = []
        var to: [Int32] = []
        var distinct: [Int32] = []
        for k in 0..<keyCount where starts[k + 1] - starts[k] >= 2 {
            distinct.removeAll(keepingCapacity: true)
            for area in sorted[starts[k]..<starts[k + 1]] where distinct.last != area {
                distinct.append(area)
            }
            guard distinct.count >= 2 else { continue }
            for a in distinct {
                for b in distinct where b != a {
                    from.append(a)
                    to.append(b)
                }
            }
        }
        return (from, to)
    }

    /// Counting sort: `values` grouped by their bucket (stable within a bucket); bucket `b` holds
    /// `sorted[starts[b]..<starts[b + 1]]`. O(values + buckets).
    private static func bucketed(
        _ values: [Int32], by buckets: [Int32], bucketCount: Int
    ) -> (starts: [Int], sorted: [Int32]) {
        var starts = [Int](repeating: 0, count: bucketCount + 1)
        for bucket in buckets {
            starts[Int(bucket) + 1] += 1
        }
        for b in 0..<bucketCount {
            starts[b + 1] += starts[b]
        }
        var next = starts
        var sorted = [Int32](repeating: 0, count: values.count)
        for (bucket, value) in zip(buckets, values) {
            sorted[next[Int(bucket)]] = value
            next[Int(bucket)] += 1
        }
        return (starts, sorted)
    }

    /// Weights (1) from directed pairs, rows sorted and without duplicates.
    private static func csr(ids: [String], from: [Int32], to: [Int32]) -> SpatialWeights {
        let n = ids.count
        var (starts, targets) = bucketed(to, by: from, bucketCount: n)
        var offsets = [0]
        offsets.reserveCapacity(n + 1)
        var neighbors: [Int] = []
        neighbors.reserveCapacity(to.count / 2)
        for i in 0..<n {
            targets[starts[i]..<starts[i + 1]].sort()
            var last: Int32 = -1
            for t in targets[starts[i]..<starts[i + 1]] where t != last {
                neighbors.append(Int(t))
                last = t
            }
            offsets.append(neighbors.count)
        }
        return SpatialWeights(
            ids: ids, offsets: offsets, neighbors: neighbors, weights: Array(repeating: 1, count: neighbors.count),
            transform: .original)
    }
}
