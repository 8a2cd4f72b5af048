import Foundation

/// Whether the thread that started a long computation has been cancelled (Foundation's `Thread.cancel()`), read
/// by the computation's workers between pieces of work: blocks of permutations, chunks of origins, bands of tiles.
///
/// `quartier serve` runs each job on a thread of its own and cancels that thread when the job is dismissed
/// (`DELETE /jobs/{id}`). A run checks the flag between its steps (`RunCancellation` in QuartierService); a single
/// step can be long (999,999 permutations, millions of origins, zoom 18 tiles), so the long loops check it too and
/// stop within about a second: the workers (other threads of `ParallelChunks`, whose own flags are never set) read
/// the flag of the thread that created this value. The CLI never cancels its thread: a check costs one flag read.
///
/// Create it on the calling thread, before the work is handed to other threads (a default argument does that).
package struct CallerCancellation: @unchecked Sendable {
    /// The calling thread (a Foundation `Thread`, whose `isCancelled` is a flag other threads may read).
    private let thread = Thread.current

    package init() {}

    /// True once the calling thread has been cancelled.
    package var isCancelled: Bool { thread.isCancelled }

    /// - Throws: `RunCancelled` when the calling thread has been cancelled.
    package func check() throws(RunCancelled) {
        if isCancelled { throw RunCancelled() }
    }
}

/// A run stopped because the thread running it was cancelled: its server job was dismissed. Nothing it computed
/// is written; the job stays dismissed. Classified as bad input (the request that dismissed it ended it), so the
/// server logs no internal error for it.
package struct RunCancelled: QuartierFailure, Equatable {
    package init() {}
    package var kind: FailureKind { .badInput }
    package var description: String { "the run was cancelled (its job was dismissed)" }
}
