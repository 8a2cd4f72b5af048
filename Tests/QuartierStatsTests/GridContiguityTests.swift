import QuartierModel
import QuartierStats
import Testing

/// Issue 17, item 4: queen and rook neighbours of grid cells from their columns and rows are those the geometry
/// gives their squares.
@Suite("Grid contiguity from cell indices")
struct GridContiguityTests {
    /// A 12 × 10 block with a hole (unpopulated cells are absent).
    static let block: [(Int, Int)] = (0..<10).flatMap { r in (0..<12).map { c in (c, r) } }.filter {
        !((4...6).contains($0.0) && (3...5).contains($0.1))
    }

    @Test func gridContiguityEqualsTheSquaresContiguity() {
        let cells = Self.block
        let grid = GridCells(
            cellSize: 100, columns: cells.map { Int32($0.0 + 45500) }, rows: cells.map { Int32($0.1 + 32700) })
        let ids = cells.indices.map { "c\($0)" }
        let squares = (0..<grid.count).map { Optional(grid.square($0)) }
        for kind in [Contiguity.queen, .rook] {
            let fromIndices = WeightsBuilder.gridContiguity(grid, ids: ids, kind: kind)
            let fromGeometry = WeightsBuilder.contiguity(squares, ids: ids, kind: kind)
            #expect(fromIndices == fromGeometry, "\(kind)")
            #expect(fromIndices.cardinalities[0] == (kind == .queen ? 3 : 2))  // a corner
        }
    }
}
