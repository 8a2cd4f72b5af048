import QuartierModel
import Synchronization
import Testing

/// `ParallelChunks`: every item is visited exactly once, chunk boundaries depend only on the size of the work,
/// and round-robin dealing gives worker w the items w, w + workers, ….
@Suite("ParallelChunks")
struct ParallelChunksTests {
    /// Counts the visits of each index from several threads.
    final class Visits: Sendable {
        let counts: Mutex<[Int]>
        init(_ count: Int) { counts = Mutex([Int](repeating: 0, count: count)) }
        func visit(_ i: Int) { counts.withLock { $0[i] += 1 } }
        var all: [Int] { counts.withLock { $0 } }
    }

    @Test(arguments: [0, 1, 2, 1023, 1024, 1025, 5000])
    func fixedSizeRangesCoverEveryItemOnce(count: Int) {
        let visits = Visits(count)
        let chunks = Mutex<[Int: Range<Int>]>([:])
        ParallelChunks.run(count: count, size: 1024) { chunk, range in
            chunks.withLock { $0[chunk] = range }
            for i in range { visits.visit(i) }
        }
        #expect(visits.all.allSatisfy { $0 == 1 })
        let ranges = chunks.withLock { $0 }
        #expect(ranges.count == ParallelChunks.chunkCount(count, size: 1024))
        for (chunk, range) in ranges {
            #expect(range.lowerBound == chunk * 1024 && range.upperBound == min(chunk * 1024 + 1024, count))
        }
    }

    @Test(arguments: [(0, 4), (3, 8), (10, 3), (1000, 7)])
    func nearEqualRangesCoverEveryItemOnce(count: Int, chunks: Int) {
        let visits = Visits(count)
        ParallelChunks.run(count: count, chunks: chunks) { chunk, range in
            #expect(range == count * chunk / chunks ..< count * (chunk + 1) / chunks)
            for i in range { visits.visit(i) }
        }
        #expect(visits.all.allSatisfy { $0 == 1 })
    }

    @Test(arguments: [(0, 1), (1, 1), (10, 3), (999, 4), (5, 8)])
    func roundRobinDealsEveryItemOnce(count: Int, workers: Int) {
        let visits = Visits(count)
        ParallelChunks.runRoundRobin(count: count, workers: workers) { worker, items in
            for i in items {
                #expect(i % workers == worker)
                visits.visit(i)
            }
        }
        #expect(visits.all.allSatisfy { $0 == 1 })
    }

    /// Per-chunk seeded work, summed in chunk order, is the same as the same work done serially.
    @Test func seededChunksGiveTheSerialResult() {
        let count = 10_000
        var parallel = [Double](repeating: 0, count: count)
        parallel.withUnsafeMutableBufferPointer { out in
            let output = out
            ParallelChunks.run(count: count, size: 333) { chunk, range in
                var rng = SplitMix64(seed: 42 &+ UInt64(chunk))
                for i in range { output[i] = Double(rng.next() % 1000) }
            }
        }
        var serial: [Double] = []
        for chunk in 0 ..< ParallelChunks.chunkCount(count, size: 333) {
            var rng = SplitMix64(seed: 42 &+ UInt64(chunk))
            for _ in chunk * 333 ..< min(chunk * 333 + 333, count) { serial.append(Double(rng.next() % 1000)) }
        }
        #expect(parallel == serial)
    }
}
