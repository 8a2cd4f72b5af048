/// Deterministic synthetic inputs for tests and benchmarks: a gap-free tessellation of jittered grid
/// cells, and uniform random points.
///
/// Pure functions of their arguments: the same seed gives the same geometries on every platform (the
/// random numbers come from `SplitMix64` and are mapped to doubles by its own documented rule).
package enum SyntheticPolygons {
    /// A `columns × rows` tessellation of quadrilaterals that share borders exactly.
    ///
    /// The grid's vertices are `origin + (i · cellSize, j · cellSize)`, each moved by a uniform offset in
    /// `[−jitter · cellSize, +jitter · cellSize)` per axis; vertices on the outer edge move only along
    /// that edge and the four corners stay put, so the union of the cells is exactly the rectangle
    /// `origin … origin + (columns · cellSize, rows · cellSize)`, without gaps or overlaps. Neighbours
    /// use the very same vertex values, so their shared edges are bit-identical.
    ///
    /// `jitter` is clamped to `0 ... 0.24`. A vertex then moves less than `cellSize / 4` per axis, so no
    /// vertex can reach the diagonal through its two neighbours in a cell (at distance `cellSize / √2`,
    /// itself moving by less than `cellSize · √2 / 4`): every cell stays a convex, counter-clockwise
    /// quadrilateral, and the cells form a valid tessellation.
    ///
    /// - Returns: `.polygon` values, row by row from `origin` (cell `(column, row)` at index
    ///   `row · columns + column`), each ring closed and counter-clockwise; empty when `columns` or `rows`
    ///   is not positive.
    package static func grid(
        columns: Int,
        rows: Int,
        cellSize: Double,
        origin: Coordinate = Coordinate(x: 0, y: 0),
        jitter: Double = 0.2,
        seed: UInt64 = 1
    ) -> [Geometry] {
        guard columns > 0, rows > 0 else { return [] }
        let amount = Swift.min(Swift.max(jitter.isNaN ? 0 : jitter, 0), 0.24) * cellSize
        var random = SplitMix64(seed: seed)
        let stride = columns + 1
        var vertices: [Coordinate] = []
        vertices.reserveCapacity(stride * (rows + 1))
        for j in 0 ... rows {
            for i in 0 ... columns {
                // Both draws happen for every vertex, so a vertex's offset depends only on its position.
                let dx = random.nextDouble(in: -amount, amount)
                let dy = random.nextDouble(in: -amount, amount)
                let x = origin.x + Double(i) * cellSize + (i == 0 || i == columns ? 0 : dx)
                let y = origin.y + Double(j) * cellSize + (j == 0 || j == rows ? 0 : dy)
                vertices.append(Coordinate(x: x, y: y))
            }
        }
        var cells: [Geometry] = []
        cells.reserveCapacity(columns * rows)
        for j in 0 ..< rows {
            for i in 0 ..< columns {
                let lowerLeft = vertices[j * stride + i]
                let ring: Ring = [
                    lowerLeft,
                    vertices[j * stride + i + 1],
                    vertices[(j + 1) * stride + i + 1],
                    vertices[(j + 1) * stride + i],
                    lowerLeft,
                ]
                cells.append(.polygon(Polygon(exterior: ring)))
            }
        }
        return cells
    }

    /// The rectangle covered by `grid` with the same `columns`, `rows`, `cellSize` and `origin`.
    package static func gridExtent(
        columns: Int,
        rows: Int,
        cellSize: Double,
        origin: Coordinate = Coordinate(x: 0, y: 0)
    ) -> BoundingBox {
        BoundingBox(
            minX: origin.x, minY: origin.y,
            maxX: origin.x + Double(columns) * cellSize, maxY: origin.y + Double(rows) * cellSize)
    }

    /// `count` points uniform in `box` (each coordinate in `[min, max)`), in draw order.
    ///
    /// - Returns: empty when `count` is not positive.
    package static func randomPoints(count: Int, in box: BoundingBox, seed: UInt64 = 2) -> [Coordinate] {
        guard count > 0 else { return [] }
        var random = SplitMix64(seed: seed)
        var points: [Coordinate] = []
        points.reserveCapacity(count)
        for _ in 0 ..< count {
            let x = random.nextDouble(in: box.minX, box.maxX)
            let y = random.nextDouble(in: box.minY, box.maxY)
            points.append(Coordinate(x: x, y: y))
        }
        return points
    }
}
