/// A static k-d tree over points, for nearest-neighbour and fixed-radius queries.
///
/// Distances are Euclidean, in CRS units (metres in a projected metric CRS; no ground distance in degrees),
/// and computed exactly as `Coordinate.distance(to:)` does, so results agree bit for bit with a brute
/// force over that function. Indexes in and out are positions in the array given to `init`. Points
/// with a non-finite coordinate are not indexed and never returned.
///
/// Layout: an implicit, balanced tree over one permuted array (no nodes, no pointers). The range
/// `lo ..< hi` is a node whose median slot `mid` holds the splitting point; `lo ..< mid` holds points
/// not greater on the split axis and `mid + 1 ..< hi` points not smaller. Ranges of at most
/// `bucketSize` points are leaves, scanned linearly. Each node splits the axis of larger spread.
///
/// Sources: J. L. Bentley, "Multidimensional binary search trees used for associative searching",
/// CACM 18(9), 1975, https://doi.org/10.1145/361002.361007; the nearest-neighbour search with the
/// bounds-overlap test of J. H. Friedman, J. L. Bentley, R. A. Finkel, "An Algorithm for Finding Best
/// Matches in Logarithmic Expected Time", ACM TOMS 3(3), 1977, https://doi.org/10.1145/355744.355745;
/// the median by quickselect (C. A. R. Hoare, "Algorithm 65: Find", CACM 4(7), 1961) with the
/// three-way partition of E. W. Dijkstra's Dutch national flag (*A Discipline of Programming*, 1976,
/// ch. 14), so equal coordinates cost linear time.
package struct PointIndex: Sendable {
    /// The indexed points in tree order.
    let points: [Coordinate]
    /// `sourceIndexes[slot]` is the input position of `points[slot]`.
    let sourceIndexes: [Int]
    /// The split axis of the node whose median is `slot` (0 = x, 1 = y); unused in leaves.
    let axes: [UInt8]

    /// Leaves hold at most this many points.
    static let bucketSize = 8

    /// Builds the tree in O(n log n).
    ///
    /// - Parameter points: any CRS; queries use the same CRS and its units.
    package init(_ points: [Coordinate]) {
        var slots = points.indices.filter { points[$0].x.isFinite && points[$0].y.isFinite }
        var axes = [UInt8](repeating: 0, count: slots.count)
        // Fixed seed: the pivots, and so the tree, are a pure function of the input.
        var random = SplitMix64(seed: 0x5EED_CAFE)
        var pending = [(lo: 0, hi: slots.count)]
        while let (lo, hi) = pending.popLast() {
            guard hi - lo > Self.bucketSize else { continue }
            let axis = Self.widerAxis(points, slots[lo ..< hi])
            let mid = lo + (hi - lo) / 2
            Self.select(mid, in: &slots, lo, hi, axis: axis, points, &random)
            axes[mid] = axis
            pending.append((lo, mid))
            pending.append((mid + 1, hi))
        }
        self.points = slots.map { points[$0] }
        self.sourceIndexes = slots
        self.axes = axes
    }

    /// The number of points indexed (non-finite ones not counted).
    package var count: Int { points.count }

    /// 0 when the points spread wider in x than in y, else 1.
    private static func widerAxis(_ points: [Coordinate], _ slots: ArraySlice<Int>) -> UInt8 {
        var box = BoundingBox(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)
        for slot in slots {
            box.include(points[slot])
        }
        return box.width >= box.height ? 0 : 1
    }

    @inline(__always)
    static func value(_ point: Coordinate, _ axis: UInt8) -> Double {
        axis == 0 ? point.x : point.y
    }

    /// Reorders `slots[lo ..< hi]` so that position `k` holds the point of rank `k` on `axis`, those
    /// before it are not greater and those after it not smaller (quickselect, random pivot, three-way
    /// partition).
    private static func select(
        _ k: Int,
        in slots: inout [Int],
        _ lo: Int,
        _ hi: Int,
        axis: UInt8,
        _ points: [Coordinate],
        _ random: inout SplitMix64
    ) {
        var lo = lo
        var hi = hi
        while hi - lo > 1 {
            let pivot = value(points[slots[lo + Int(random.next() % UInt64(hi - lo))]], axis)
            // Invariant: [lo, less) < pivot, [less, i) == pivot, [greater, hi) > pivot.
            var less = lo
            var i = lo
            var greater = hi
            while i < greater {
                let v = value(points[slots[i]], axis)
                if v < pivot {
                    slots.swapAt(i, less)
                    less += 1
                    i += 1
                } else if v > pivot {
                    greater -= 1
                    slots.swapAt(i, greater)
                } else {
                    i += 1
                }
            }
            if k < less {
                hi = less
            } else if k >= greater {
                lo = greater
            } else {
                return
            }
        }
    }
}
