/// Allocation-free queries on `PointIndex`, for callers that run millions of them (access analysis).
///
/// Same pruning and the same distances as `nearest(to:k:)` and `within(radius:of:)` in
/// `PointIndex+Queries.swift` (so, exactly those of a brute-force scan over `Coordinate.distance(to:)`),
/// but the radius query refills caller-owned arrays instead of building new ones, and the k-nearest
/// query fills a caller-owned `NearestCandidates` that is reused from one query to the next.
extension PointIndex {
    /// Replaces the contents of `indexes` and `distances` with the indexed points at distance `<= radius`
    /// from `point` and their distances, in tree order, keeping the arrays' storage: reproducible, bit for
    /// bit, from run to run, since the tree is a pure function of the indexed points.
    ///
    /// - Parameters:
    ///   - radius: in CRS units, inclusive; a negative or NaN radius finds nothing, `.infinity` finds all.
    ///   - point: in the index's CRS; a non-finite coordinate finds nothing.
    package func within(radius: Double, of point: Coordinate, indexes: inout [Int], distances: inout [Double]) {
        indexes.removeAll(keepingCapacity: true)
        distances.removeAll(keepingCapacity: true)
        guard radius >= 0, point.x.isFinite, point.y.isFinite, !points.isEmpty else { return }
        gather(radius, point, 0, points.count, &indexes, &distances)
    }

    private func gather(
        _ radius: Double, _ query: Coordinate, _ lo: Int, _ hi: Int, _ indexes: inout [Int], _ distances: inout [Double]
    ) {
        if hi - lo <= Self.bucketSize {
            for slot in lo ..< hi {
                let d = query.distance(to: points[slot])
                if d <= radius {
                    indexes.append(sourceIndexes[slot])
                    distances.append(d)
                }
            }
            return
        }
        let mid = lo + (hi - lo) / 2
        let d = query.distance(to: points[mid])
        if d <= radius {
            indexes.append(sourceIndexes[mid])
            distances.append(d)
        }
        let q = Self.value(query, axes[mid])
        let split = Self.value(points[mid], axes[mid])
        if q - split <= radius { gather(radius, query, lo, mid, &indexes, &distances) }
        if split - q <= radius { gather(radius, query, mid + 1, hi, &indexes, &distances) }
    }

    /// Fills `candidates` with the `k` indexed points nearest to `point` (ties by ascending index),
    /// reusing its storage; see `NearestCandidates` for reading them.
    ///
    /// - Parameters:
    ///   - point: in the index's CRS; a non-finite coordinate leaves `candidates` empty.
    ///   - k: how many; fewer when the index holds fewer points, none when `k <= 0`.
    package func nearest(to point: Coordinate, k: Int, into candidates: inout NearestCandidates) {
        candidates.reset(capacity: Swift.min(Swift.max(k, 0), points.count))
        guard candidates.capacity > 0, point.x.isFinite, point.y.isFinite else { return }
        collect(point, 0, points.count, &candidates)
    }

    private func collect(_ query: Coordinate, _ lo: Int, _ hi: Int, _ heap: inout NearestCandidates) {
        if hi - lo <= Self.bucketSize {
            for slot in lo ..< hi {
                heap.offer(distance: query.distance(to: points[slot]), index: sourceIndexes[slot])
            }
            return
        }
        let mid = lo + (hi - lo) / 2
        let axis = axes[mid]
        heap.offer(distance: query.distance(to: points[mid]), index: sourceIndexes[mid])
        let below = Self.value(query, axis) - Self.value(points[mid], axis)  // ≤ 0: query on the low side
        if below <= 0 {
            collect(query, lo, mid, &heap)
            if heap.admits(-below) { collect(query, mid + 1, hi, &heap) }
        } else {
            collect(query, mid + 1, hi, &heap)
            if heap.admits(below) { collect(query, lo, mid, &heap) }
        }
    }
}

/// The `k` best candidates of a nearest-neighbour query, kept as a binary max-heap on (distance, index)
/// in storage that survives `reset`, so one value serves any number of queries without allocating.
package struct NearestCandidates: Sendable {
    private var distances: [Double] = []
    private var indexes: [Int] = []
    package private(set) var capacity = 0

    package init() {}

    /// The number of candidates kept (`min(k, indexed points)` after a query with a finite point).
    package var count: Int { distances.count }

    /// The farthest kept candidate's distance: the k-th nearest distance once the heap is full.
    package var farthestDistance: Double? { distances.first }

    /// The nearest kept candidate (ties by ascending index), found in O(k).
    package var nearest: (index: Int, distance: Double)? {
        guard var best = distances.indices.first else { return nil }
        for i in distances.indices.dropFirst() where Self.worse(best, i, distances, indexes) {
            best = i
        }
        return (indexes[best], distances[best])
    }

    mutating func reset(capacity: Int) {
        self.capacity = capacity
        distances.removeAll(keepingCapacity: true)
        indexes.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    private static func worse(_ a: Int, _ b: Int, _ d: [Double], _ ix: [Int]) -> Bool {
        d[a] != d[b] ? d[a] > d[b] : ix[a] > ix[b]
    }

    /// True when a point at `distance` could still enter (ties included, as a lower index may win).
    @inline(__always)
    func admits(_ distance: Double) -> Bool {
        distances.count < capacity || distance <= distances[0]
    }

    mutating func offer(distance: Double, index: Int) {
        if distances.count < capacity {
            distances.append(distance)
            indexes.append(index)
            var child = distances.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard Self.worse(child, parent, distances, indexes) else { break }
                swapAt(child, parent)
                child = parent
            }
        } else if distance < distances[0] || (distance == distances[0] && index < indexes[0]) {
            distances[0] = distance
            indexes[0] = index
            var parent = 0
            while true {
                var worst = parent
                let left = 2 * parent + 1
                let right = left + 1
                if left < distances.count, Self.worse(left, worst, distances, indexes) { worst = left }
                if right < distances.count, Self.worse(right, worst, distances, indexes) { worst = right }
                guard worst != parent else { break }
                swapAt(parent, worst)
                parent = worst
            }
        }
    }

    /// The kept candidates, nearest first (ties by ascending index).
    package func ascending() -> [(index: Int, distance: Double)] {
        distances.indices.sorted { Self.worse($1, $0, distances, indexes) }.map { (indexes[$0], distances[$0]) }
    }

    @inline(__always)
    private mutating func swapAt(_ a: Int, _ b: Int) {
        distances.swapAt(a, b)
        indexes.swapAt(a, b)
    }
}

/// Nearest-neighbour and fixed-radius queries on `PointIndex`.
///
/// Pruning is exact, not approximate: a subtree across a splitting line is skipped only when the
/// computed distance from the query to that line already exceeds the bound. Since floating-point
/// subtraction and the square root are monotonic, and `√(dx² + dy²)` computed in `Double` is never
/// less than `|dx|`, every point in a skipped subtree has a computed distance above the bound — so the
/// answers, ties included, are exactly those of a brute-force scan.
extension PointIndex {
    /// The `k` indexed points nearest to `point`, ascending by distance, ties by ascending index.
    ///
    /// - Parameters:
    ///   - point: in the index's CRS.
    ///   - k: how many; fewer are returned when the index holds fewer points, none when `k <= 0` or
    ///     `point` has a non-finite coordinate.
    /// - Returns: input positions and Euclidean distances in CRS units (`Coordinate.distance(to:)`).
    package func nearest(to point: Coordinate, k: Int = 1) -> [(index: Int, distance: Double)] {
        var candidates = NearestCandidates()
        nearest(to: point, k: k, into: &candidates)
        return candidates.ascending()
    }

    /// The indexes of the points at distance `<= radius` from `point` (inclusive), ascending.
    ///
    /// - Parameters:
    ///   - radius: in CRS units; a negative or NaN radius finds nothing, `.infinity` finds all.
    ///   - point: in the index's CRS; a non-finite coordinate finds nothing.
    package func within(radius: Double, of point: Coordinate) -> [Int] {
        var found: [Int] = []
        var distances: [Double] = []
        within(radius: radius, of: point, indexes: &found, distances: &distances)
        return found.sorted()
    }
}
