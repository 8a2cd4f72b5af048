import Foundation
import QuartierStats
import Synchronization
import Testing

/// A dismissed server job cancels its thread (issue 25, item 11); a hotspot step of millions of permutations must
/// then stop within its loops, not run to its end on both cores. Run on a thread of its own and cancelled shortly
/// after the start: local Moran leaves the areas it had not reached without a pseudo p (the run that called it
/// throws at its next step, so nothing incomplete is written); global Moran's 50,000,000 permutations (hours
/// uncancelled) end within the deadline.
@Suite("Permutations stop when their thread is cancelled")
struct PermutationCancellationTests {
    final class Done: Sendable {
        let flag = Atomic(false)
    }

    /// Runs `work` on a new thread, cancels the thread after 0.3 s and waits (at most `limit` s) for it to end.
    static func cancelled(limit: Double = 300, _ work: @escaping @Sendable () -> Void) -> Bool {
        let done = Done()
        let thread = Thread {
            work()
            done.flag.store(true, ordering: .sequentiallyConsistent)
        }
        thread.stackSize = 8 << 20
        thread.start()
        usleep(300_000)
        thread.cancel()
        let deadline = Date().addingTimeInterval(limit)
        while !done.flag.load(ordering: .sequentiallyConsistent) && Date() < deadline { usleep(10_000) }
        return done.flag.load(ordering: .sequentiallyConsistent)
    }

    static let weights: SpatialWeights = {
        let side = 20
        let lists = (0..<(side * side)).map { i in
            let (r, c) = (i / side, i % side)
            return [(r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)]
                .filter { $0.0 >= 0 && $0.0 < side && $0.1 >= 0 && $0.1 < side }.map { $0.0 * side + $0.1 }
        }
        // The lattice is valid by construction (no self-neighbours, indexes in range).
        return (try? SpatialWeights(ids: lists.indices.map(String.init), neighbors: lists).rowStandardized())!
    }()

    static let values = (0..<400).map { Double(($0 * 37) % 23) }

    @Test func localMoranStopsInsideItsPermutations() {
        final class Outcome: Sendable { let reached = Mutex(-1) }
        let outcome = Outcome()
        let ended = Self.cancelled {
            let results = try? LocalMoran.compute(
                Self.values, weights: Self.weights, permutations: 2_000_000, seed: 1, threads: 2)
            outcome.reached.withLock { $0 = results?.filter { $0.pSimulated != nil }.count ?? -1 }
        }
        #expect(ended)
        let reached = outcome.reached.withLock { $0 }
        #expect(reached >= 0 && reached < 400, "\(reached) of 400 areas got their 2,000,000 permutations")
    }

    @Test func globalMoranStopsInsideItsPermutations() {
        let ended = Self.cancelled {
            _ = try? GlobalMoran.compute(Self.values, weights: Self.weights, permutations: 50_000_000, seed: 1, threads: 2)
        }
        #expect(ended, "global Moran went on after its thread was cancelled")
    }
}
