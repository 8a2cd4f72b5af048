import QuartierModel
import QuartierStats
import Testing

/// Issue 17, item 5: global Moran's permutations run on every core and give the same pseudo p for a seed whatever
/// the number of threads; S1 is the same through the sorted-row search as through the table of all entries.
@Suite("Global Moran at scale")
struct GlobalMoranThreadsTests {
    static let grid: GridCells = {
        var columns: [Int32] = []
        var rows: [Int32] = []
        for r in 0..<40 {
            for c in 0..<50 where (c * 31 + r * 17) % 7 != 0 {  // a grid with holes
                columns.append(Int32(c))
                rows.append(Int32(r))
            }
        }
        return GridCells(cellSize: 100, columns: columns, rows: rows)
    }()

    static var values: [Double] {
        var rng = SplitMix64(seed: 5)
        return (0..<grid.count).map { i in
            Double(grid.columns[i]) * 0.05 + Double(rng.next() % 1000) / 1000
        }
    }

    @Test func pseudoPIsTheSameForAnyThreadCount() throws {
        let ids = (0..<Self.grid.count).map { "c\($0)" }
        let w = WeightsBuilder.gridContiguity(Self.grid, ids: ids, kind: .queen).rowStandardized()
        let y = Self.values
        let results = try [1, 2, 3, 8].map {
            try GlobalMoran.compute(y, weights: w, permutations: 999, seed: 42, threads: $0)
        }
        #expect(Set(results.map(\.pSimulated)).count == 1)
        #expect(Set(results.map(\.i)).count == 1)
        let other = try GlobalMoran.compute(y, weights: w, permutations: 999, seed: 43, threads: 2)
        #expect(other.i == results[0].i)
    }

    @Test func s1FromSortedRowsEqualsTheTable() throws {
        let ids = (0..<Self.grid.count).map { "c\($0)" }
        let sorted = WeightsBuilder.gridContiguity(Self.grid, ids: ids, kind: .queen).rowStandardized()
        // The same weights with every row reversed: the table path.
        let lists = (0..<sorted.count).map { Array(sorted.neighbors(of: $0).reversed()) }
        let weights = (0..<sorted.count).map { Array(sorted.weights(of: $0).reversed()) }
        let reversed = try SpatialWeights(ids: ids, neighbors: lists, weights: weights)
        #expect(abs(sorted.s1 - reversed.s1) <= 1e-9 * sorted.s1)
    }
}
