/// A static R-tree over axis-aligned boxes, packed bottom-up by Sort-Tile-Recursive, stored flat.
///
/// Layout (after Flatbush, https://github.com/mourner/flatbush): every node — the leaf entries first,
/// in packing order, then each upper level, the root last — is one slot of parallel columns: the four
/// box bounds (a column each, so the children of a node are four contiguous runs of doubles), `link`
/// and `end`. For a leaf entry `link` is the item it stands for; for an internal node, the slot of its
/// first child, its children being the slots `link ..< end` of the level below. No class nodes, no
/// pointers: two arrays hold it all.
///
/// Packing: Sort-Tile-Recursive (S. T. Leutenegger, M. A. Lopez, J. Edgington, "STR: A Simple and
/// Efficient Algorithm for R-Tree Packing", ICDE 1997, https://doi.org/10.1109/ICDE.1997.582015).
/// With `r` rectangles and capacity `M`, there are `P = ⌈r/M⌉` nodes and `S = ⌈√P⌉` vertical slices:
/// sort by centre x, cut into slices of `S·M`, sort each slice by centre y, and group runs of `M` into
/// nodes; then apply the same to the nodes' boxes, level by level, until one root remains. Ties are
/// broken by position, so the tree is a pure function of its input.
struct PackedRTree: Sendable {
    /// The number of items (leaf entries).
    let count: Int
    /// The number of slots: leaf entries and internal nodes.
    private let slotCount: Int
    /// Four columns of `slotCount` doubles: minX, minY, maxX, maxY.
    private let bounds: [Double]
    /// Two columns of `slotCount` integers: link, end (see the type's comment; end is 0 for entries).
    private let topology: [Int]
    /// An upper bound of the depth-first stack: levels × capacity.
    private let stackCapacity: Int

    /// Packs `items` (item `i` is `items[i]`) into nodes of at most `nodeCapacity` children (at least 2;
    /// a capacity above the item count acts as the item count). The boxes must have finite coordinates.
    init(_ items: [BoundingBox], nodeCapacity: Int) {
        // Clamped above as well, so that capacity arithmetic cannot overflow.
        let capacity = Swift.max(2, Swift.min(nodeCapacity, items.count))
        var slots: [BoundingBox] = []
        var links: [Int] = []
        var ends: [Int] = []
        for item in Self.strOrder(items, capacity: capacity) {
            slots.append(items[item])
            links.append(item)
            ends.append(0)
        }
        var levels = 1
        var levelStart = 0
        var levelEnd = items.count
        while levelEnd - levelStart > 1 {
            var parents: [(box: BoundingBox, first: Int, end: Int)] = []
            for first in stride(from: levelStart, to: levelEnd, by: capacity) {
                let end = Swift.min(first + capacity, levelEnd)
                var box = slots[first]
                for child in first + 1 ..< end {
                    box.include(slots[child])
                }
                parents.append((box, first, end))
            }
            for parent in Self.strOrder(parents.map(\.box), capacity: capacity) {
                slots.append(parents[parent].box)
                links.append(parents[parent].first)
                ends.append(parents[parent].end)
            }
            levels += 1
            levelStart = levelEnd
            levelEnd = links.count
        }
        self.count = items.count
        self.slotCount = slots.count
        self.bounds = slots.map(\.minX) + slots.map(\.minY) + slots.map(\.maxX) + slots.map(\.maxY)
        self.topology = links + ends
        self.stackCapacity = levels * capacity + 1
    }

    /// The STR order of `boxes`: a permutation of their positions.
    static func strOrder(_ boxes: [BoundingBox], capacity: Int) -> [Int] {
        let nodeCount = (boxes.count + capacity - 1) / capacity
        let sliceCount = Swift.max(1, Int(Double(nodeCount).squareRoot().rounded(.up)))
        let sliceSize = sliceCount * capacity
        let cx = boxes.map { $0.minX + ($0.maxX - $0.minX) / 2 }
        let cy = boxes.map { $0.minY + ($0.maxY - $0.minY) / 2 }
        var order = Array(boxes.indices)
        order.sort { cx[$0] != cx[$1] ? cx[$0] < cx[$1] : $0 < $1 }
        for first in stride(from: 0, to: order.count, by: sliceSize) {
            let end = Swift.min(first + sliceSize, order.count)
            order[first ..< end].sort { cy[$0] != cy[$1] ? cy[$0] < cy[$1] : $0 < $1 }
        }
        return order
    }

    /// Calls `body` with a `Searcher` over this tree, valid only during the call; one searcher serves
    /// any number of queries, with its traversal stack allocated once.
    @inline(__always)
    func withSearcher<Result>(_ body: (Searcher) -> Result) -> Result {
        bounds.withUnsafeBufferPointer { bounds in
            topology.withUnsafeBufferPointer { topology in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: stackCapacity) { stack in
                    let n = slotCount
                    return body(
                        Searcher(
                            count: count,
                            minX: UnsafeBufferPointer(rebasing: bounds[0 ..< n]),
                            minY: UnsafeBufferPointer(rebasing: bounds[n ..< 2 * n]),
                            maxX: UnsafeBufferPointer(rebasing: bounds[2 * n ..< 3 * n]),
                            maxY: UnsafeBufferPointer(rebasing: bounds[3 * n ..< 4 * n]),
                            links: UnsafeBufferPointer(rebasing: topology[0 ..< n]),
                            ends: UnsafeBufferPointer(rebasing: topology[n ..< 2 * n]),
                            stack: stack))
                }
            }
        }
    }

    /// Queries over borrowed buffers: no reference counting, no allocation in the hot loop. Valid only
    /// inside the `withSearcher` call that made it, and on one thread (it owns a traversal stack).
    ///
    /// A node's children are tested without branching: each child's four comparisons become one bit of
    /// a mask and only the set bits are followed. (Short-circuit tests mispredict often, and a point
    /// query on a tessellation tests some fifty children for each one it follows.)
    struct Searcher {
        let count: Int
        let minX: UnsafeBufferPointer<Double>
        let minY: UnsafeBufferPointer<Double>
        let maxX: UnsafeBufferPointer<Double>
        let maxY: UnsafeBufferPointer<Double>
        let links: UnsafeBufferPointer<Int>
        let ends: UnsafeBufferPointer<Int>
        let stack: UnsafeMutableBufferPointer<Int>

        /// Calls `body` with every item whose box contains `point` (boundary included), in tree order.
        @inline(__always)
        func forEachItem(containing point: Coordinate, _ body: (Int) -> Void) {
            visit(point.x, point.y, point.x, point.y, body)
        }

        /// Calls `body` with every item whose box intersects `box` (touching counts), in tree order.
        @inline(__always)
        func forEachItem(intersecting box: BoundingBox, _ body: (Int) -> Void) {
            visit(box.minX, box.minY, box.maxX, box.maxY, body)
        }

        /// 1 when slot `s` intersects the query box, else 0; the comparisons combine without branches.
        @inline(__always)
        private func hit(_ s: Int, _ qMinX: Double, _ qMinY: Double, _ qMaxX: Double, _ qMaxY: Double) -> UInt64 {
            bit(minX[s] <= qMaxX) & bit(qMinX <= maxX[s]) & bit(minY[s] <= qMaxY) & bit(qMinY <= maxY[s])
        }

        /// Depth-first traversal of the slots whose box intersects the query box (a point query is the
        /// degenerate box `[p, p]`).
        @inline(__always)
        private func visit(
            _ qMinX: Double, _ qMinY: Double, _ qMaxX: Double, _ qMaxY: Double, _ body: (Int) -> Void
        ) {
            guard count > 0 else { return }
            let root = links.count - 1
            guard hit(root, qMinX, qMinY, qMaxX, qMaxY) == 1 else { return }
            if root < count {  // a single item: the root is its leaf entry
                body(links[root])
                return
            }
            stack[0] = root
            var height = 1
            while height > 0 {
                height -= 1
                let node = stack[height]
                let end = ends[node]
                // Children in blocks of 64, one mask bit each.
                for block in stride(from: links[node], to: end, by: 64) {
                    let width = Swift.min(64, end - block)
                    var mask: UInt64 = 0
                    for j in 0 ..< width {  // j < 64 and block + j < slot count: no overflow
                        mask |= hit(block &+ j, qMinX, qMinY, qMaxX, qMaxY) &<< UInt64(truncatingIfNeeded: j)
                    }
                    while mask != 0 {
                        let child = block &+ mask.trailingZeroBitCount
                        mask &= mask &- 1
                        if child < count {
                            body(links[child])
                        } else {
                            stack[height] = child
                            height += 1
                        }
                    }
                }
            }
        }
    }
}

/// 1 for true, 0 for false: lets comparisons combine with `&` instead of short-circuit branches.
@inline(__always)
private func bit(_ condition: Bool) -> UInt64 {
    condition ? 1 : 0
}
