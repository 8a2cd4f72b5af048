import Dispatch

/// The one chunked-parallel loop of Quartier: work is cut into chunks by a rule that depends only on the size of
/// the work (never on the number of cores), the chunks run on all cores through `DispatchQueue.concurrentPerform`,
/// and each chunk writes only its own outputs. Results are therefore identical, bit for bit, whatever the core
/// count or the scheduling — which the seeded permutation tests against PySAL rely on.
///
/// Three ways to cut the work, one runner beneath them:
/// - `run(count:size:)`: ranges of a fixed number of items (origins of an access measure, polygons to locate);
/// - `run(count:chunks:)`: a given number of near-equal ranges (tiles);
/// - `runRoundRobin(count:workers:)`: item i to worker i mod `workers`, for work whose items cost the same and
///   whose workers keep a buffer each (permutations, chunks of areas).
///
/// A body that is cancellable checks the caller's flag (`CallerCancellation`, made before the call) between items.
package enum ParallelChunks {
    /// Calls `body(i)` for every `i` in `0 ..< iterations`, concurrently on all cores when there are two or more,
    /// on the calling thread when there is one; returns when every call has returned.
    ///
    /// `body` is called from several threads at once: it may only read shared state, or write to positions
    /// no other iteration writes.
    package static func run(_ iterations: Int, _ body: (Int) -> Void) {
        guard iterations > 1 else {
            if iterations == 1 { body(0) }
            return
        }
        withoutActuallyEscaping(body) { body in
            // `concurrentPerform` returns only when every iteration has finished: `body` does not outlive the call.
            let shared = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: iterations) { shared.value($0) }
        }
    }

    /// The number of chunks of `size` items that cover `count` items.
    package static func chunkCount(_ count: Int, size: Int) -> Int {
        (count + size - 1) / size
    }

    /// Calls `body(chunk, range)` for consecutive ranges of `size` items (the last one shorter) covering
    /// `0 ..< count`: chunk c is `c * size ..< min((c + 1) * size, count)`.
    package static func run(count: Int, size: Int, _ body: (_ chunk: Int, _ range: Range<Int>) -> Void) {
        run(chunkCount(count, size: size)) { chunk in
            let lower = chunk * size
            body(chunk, lower ..< Swift.min(lower + size, count))
        }
    }

    /// Calls `body(chunk, range)` for `chunks` consecutive ranges of near-equal size covering `0 ..< count`:
    /// chunk c is `count * c / chunks ..< count * (c + 1) / chunks` (some empty when `chunks > count`).
    package static func run(count: Int, chunks: Int, _ body: (_ chunk: Int, _ range: Range<Int>) -> Void) {
        run(chunks) { chunk in
            body(chunk, count * chunk / chunks ..< count * (chunk + 1) / chunks)
        }
    }

    /// Calls `body(worker, items)` for every worker in `0 ..< workers`, `items` being `worker, worker + workers, …`
    /// below `count`: the items dealt round-robin.
    package static func runRoundRobin(
        count: Int, workers: Int, _ body: (_ worker: Int, _ items: StrideTo<Int>) -> Void
    ) {
        run(workers) { worker in
            body(worker, stride(from: worker, to: count, by: workers))
        }
    }
}

/// Lets a value that is only read, or written at disjoint positions, cross into `concurrentPerform`.
package struct UncheckedSendable<Value>: @unchecked Sendable {
    package let value: Value
    package init(_ value: Value) { self.value = value }
}
