import Foundation
import QuartierModel
import Testing

@testable import QuartierStats

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

    /// Above 2^18 values the permutations come from the bucketed (Rao–Sandelius) shuffle: each is a permutation of
    /// the values, the same for a stream whatever else runs, different between streams, and every value lands in
    /// every part of the output about equally often.
    @Test func bucketShuffleIsAPermutationAndSpreadsEvenly() {
        let n = GlobalPermutation.bucketThreshold + 1001
        let z = (0..<n).map(Double.init)
        var out = [Double](repeating: -1, count: n)
        var scratch = [Int](repeating: 0, count: 2 * GlobalPermutation.bucketCount + 1)
        func draw(_ p: Int) -> [Double] {
            var rng = InlineSplitMix64(state: SplitMix64.stream(seed: 9, index: p).state)
            z.withUnsafeBufferPointer { z in
                out.withUnsafeMutableBufferPointer { o in
                    scratch.withUnsafeMutableBufferPointer {
                        GlobalPermutation.bucketShuffle(z, into: o, scratch: $0, rng: &rng)
                    }
                }
            }
            return out
        }
        let first = draw(0)
        #expect(first.sorted() == z)
        #expect(draw(0) == first)
        #expect(draw(1) != first)
        // Value 0 over 400 permutations: its position in each tenth of the output (40 expected per tenth).
        var tenths = [Int](repeating: 0, count: 10)
        for p in 0..<400 {
            let position = draw(p).firstIndex(of: 0)!
            tenths[position * 10 / n] += 1
        }
        #expect(tenths.allSatisfy { (15...70).contains($0) }, "\(tenths)")
    }

    /// The global test on more than 2^18 areas (the bucketed shuffle) gives the same pseudo p for 1 and 2 threads.
    @Test func largeLayersAreReproducibleToo() throws {
        var columns: [Int32] = []
        var rows: [Int32] = []
        for r in 0..<520 {
            for c in 0..<520 {
                columns.append(Int32(c))
                rows.append(Int32(r))
            }
        }
        let grid = GridCells(cellSize: 100, columns: columns, rows: rows)
        let ids = (0..<grid.count).map { "c\($0)" }
        let w = WeightsBuilder.gridContiguity(grid, ids: ids, kind: .rook).rowStandardized()
        let y = (0..<grid.count).map { i in sin(Double(columns[i]) / 40) + Double((i * 7919) % 101) / 50 }
        let one = try GlobalMoran.compute(y, weights: w, permutations: 19, seed: 3, threads: 1)
        let two = try GlobalMoran.compute(y, weights: w, permutations: 19, seed: 3, threads: 2)
        #expect(one.pSimulated == two.pSimulated)
        #expect(one.pSimulated == 0.05)  // strongly autocorrelated: no permutation reaches I
    }
}
