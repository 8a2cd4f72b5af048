package import QuartierModel

extension WeightsBuilder {
    /// Queen or rook contiguity of the cells of a regular grid, from their columns and rows alone: a cell's queen
    /// neighbours are the present cells among the eight around it, its rook neighbours those among the four that
    /// share an edge. Missing cells are simply absent. Each row lists its neighbours in ascending order, as
    /// `contiguity(_:ids:kind:)` does.
    ///
    /// This is what `contiguity(_:ids:kind:)` finds for the cells' squares, without any geometry.
    package static func gridContiguity(_ grid: GridCells, ids: [String], kind: Contiguity) -> SpatialWeights {
        precondition(grid.count == ids.count, "\(grid.count) cells for \(ids.count) ids")
        let n = grid.count
        var table = GridPositionTable(capacity: n)
        for i in 0..<n { _ = table.insert(column: grid.columns[i], row: grid.rows[i], value: Int32(i)) }
        let steps: [(Int32, Int32)] =
            kind == .queen
            ? [(-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (1, -1), (-1, 1), (1, 1)]
            : [(-1, 0), (1, 0), (0, -1), (0, 1)]
        var offsets = [Int](repeating: 0, count: n + 1)
        var neighbors: [Int] = []
        neighbors.reserveCapacity(n * steps.count)
        var row: [Int] = []
        for i in 0..<n {
            let c = grid.columns[i]
            let r = grid.rows[i]
            row.removeAll(keepingCapacity: true)
            for (dc, dr) in steps {
                if let j = table.find(column: c &+ dc, row: r &+ dr) { row.append(Int(j)) }
            }
            row.sort()
            neighbors += row
            offsets[i + 1] = neighbors.count
        }
        return SpatialWeights(
            ids: ids, offsets: offsets, neighbors: neighbors, weights: [Double](repeating: 1, count: neighbors.count),
            transform: .original)
    }
}
