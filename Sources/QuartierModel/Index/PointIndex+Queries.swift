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
        guard k > 0, !points.isEmpty, point.x.isFinite, point.y.isFinite else { return [] }
        var heap = NearestHeap(capacity: Swift.min(k, points.count))
        nearest(point, 0, points.count, &heap)
        return heap.ascending().map { (index: $0.index, distance: $0.distance) }
    }

    /// The indexes of the points at distance `<= radius` from `point` (inclusive), ascending.
    ///
    /// - Parameters:
    ///   - radius: in CRS units; a negative or NaN radius finds nothing, `.infinity` finds all.
    ///   - point: in the index's CRS; a non-finite coordinate finds nothing.
    package func within(radius: Double, of point: Coordinate) -> [Int] {
        guard radius >= 0, point.x.isFinite, point.y.isFinite else { return [] }
        var found: [Int] = []
        within(radius, point, 0, points.count, &found)
        return found.sorted()
    }

    private func nearest(_ query: Coordinate, _ lo: Int, _ hi: Int, _ heap: inout NearestHeap) {
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
            nearest(query, lo, mid, &heap)
            if heap.admits(-below) { nearest(query, mid + 1, hi, &heap) }
        } else {
            nearest(query, mid + 1, hi, &heap)
            if heap.admits(below) { nearest(query, lo, mid, &heap) }
        }
    }

    private func within(_ radius: Double, _ query: Coordinate, _ lo: Int, _ hi: Int, _ found: inout [Int]) {
        if hi - lo <= Self.bucketSize {
            for slot in lo ..< hi where query.distance(to: points[slot]) <= radius {
                found.append(sourceIndexes[slot])
            }
            return
        }
        let mid = lo + (hi - lo) / 2
        let axis = axes[mid]
        if query.distance(to: points[mid]) <= radius {
            found.append(sourceIndexes[mid])
        }
        let q = Self.value(query, axis)
        let split = Self.value(points[mid], axis)
        if q - split <= radius { within(radius, query, lo, mid, &found) }
        if split - q <= radius { within(radius, query, mid + 1, hi, &found) }
    }
}

/// The best `capacity` candidates seen so far, as a binary max-heap on (distance, index): the root is
/// the worst kept candidate, the first to go when a better one arrives.
private struct NearestHeap {
    private(set) var elements: [(distance: Double, index: Int)] = []
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        elements.reserveCapacity(capacity)
    }

    @inline(__always)
    private static func worse(_ a: (distance: Double, index: Int), _ b: (distance: Double, index: Int)) -> Bool {
        a.distance != b.distance ? a.distance > b.distance : a.index > b.index
    }

    /// True when a point at `distance` could still enter (ties included, as a lower index may win).
    @inline(__always)
    func admits(_ distance: Double) -> Bool {
        elements.count < capacity || distance <= elements[0].distance
    }

    mutating func offer(distance: Double, index: Int) {
        let candidate = (distance: distance, index: index)
        if elements.count < capacity {
            elements.append(candidate)
            var child = elements.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard Self.worse(elements[child], elements[parent]) else { break }
                elements.swapAt(child, parent)
                child = parent
            }
        } else if Self.worse(elements[0], candidate) {
            elements[0] = candidate
            var parent = 0
            while true {
                var worst = parent
                let left = 2 * parent + 1
                let right = left + 1
                if left < elements.count, Self.worse(elements[left], elements[worst]) { worst = left }
                if right < elements.count, Self.worse(elements[right], elements[worst]) { worst = right }
                guard worst != parent else { break }
                elements.swapAt(parent, worst)
                parent = worst
            }
        }
    }

    /// The kept candidates, best first.
    func ascending() -> [(distance: Double, index: Int)] {
        elements.sorted { Self.worse($1, $0) }
    }
}
