import QuartierModel

/// Merges vertices closer than a tolerance, for contiguity with snapping (digitising slivers).
///
/// Each vertex is compared with the vertices already seen in its own and the 8 surrounding cells of a grid of
/// cells of side `tolerance`, so every pair at distance ≤ `tolerance` is found (such a pair is never more than
/// one cell apart on either axis) in O(n) expected time when vertices are not crowded within the tolerance.
/// Pairs are joined in a union–find forest (path halving, the lower id as root), so merging is transitive.
enum SnapClusters {
    private struct Cell: Hashable {
        let x: Int64
        let y: Int64
    }

    /// For each vertex, the lowest id of the vertices it is merged with.
    ///
    /// - Parameters:
    ///   - vertices: distinct, finite coordinates.
    ///   - tolerance: > 0, in the vertices' CRS units.
    static func roots(_ vertices: [Coordinate], tolerance: Double) -> [Int32] {
        var parent = (0..<vertices.count).map { Int32($0) }
        func find(_ v: Int32) -> Int32 {
            var v = v
            while parent[Int(v)] != v {
                parent[Int(v)] = parent[Int(parent[Int(v)])]
                v = parent[Int(v)]
            }
            return v
        }
        var cells: [Cell: [Int32]] = [:]
        cells.reserveCapacity(vertices.count)
        for (v, c) in vertices.enumerated() {
            let cx = cellIndex(c.x, tolerance)
            let cy = cellIndex(c.y, tolerance)
            for dx in -1...1 {
                for dy in -1...1 {
                    guard let members = cells[Cell(x: cx &+ Int64(dx), y: cy &+ Int64(dy))] else { continue }
                    for w in members where c.distance(to: vertices[Int(w)]) <= tolerance {
                        let a = find(Int32(v))
                        let b = find(w)
                        if a != b { parent[Int(max(a, b))] = min(a, b) }
                    }
                }
            }
            cells[Cell(x: cx, y: cy), default: []].append(Int32(v))
        }
        return (0..<vertices.count).map { find(Int32($0)) }
    }

    /// The grid cell of a coordinate; values beyond the range of `Int64` share the outermost cells.
    private static func cellIndex(_ value: Double, _ size: Double) -> Int64 {
        let q = (value / size).rounded(.down)
        guard q.isFinite else { return q < 0 ? Int64.min / 2 : Int64.max / 2 }
        return Int64(Swift.min(Swift.max(q, -4.0e18), 4.0e18))
    }
}
