import Foundation

/// Whether the thread that started a long computation has been cancelled (Foundation's `Thread.cancel()`), read
/// by the computation's workers between blocks of permutations.
///
/// `quartier serve` runs each job on a thread of its own and cancels that thread when the job is dismissed
/// (`DELETE /jobs/{id}`); the run stops at its next step (`RunCancellation` in QuartierService). A single step can
/// be long (999,999 permutations), so the permutation loops look at this flag too and stop early: what they return
/// then is incomplete, and the run throws at the next step boundary, so it is never written. The CLI never cancels
/// its thread: the check costs one flag read per block.
struct CallerCancellation: @unchecked Sendable {
    /// The calling thread (a Foundation `Thread`, whose `isCancelled` is a flag other threads may read).
    private let thread = Thread.current

    var isCancelled: Bool { thread.isCancelled }
}
