import QuartierModel

/// Stops a run between its steps when the thread running it has been cancelled (`Thread.cancel()`): the server
/// runs each job on a thread of its own and cancels it when the job is dismissed (`DELETE /jobs/{id}`), so a
/// dismissed job stops using the CPU at its next step instead of running to the end. Long steps look at the same
/// flag inside their loops (`CallerCancellation`: access per chunk of origins, tiles per zoom and band,
/// permutations per block). The CLI never cancels its thread, so the check costs it one flag read per step.
package enum RunCancellation {
    /// - Throws: `RunCancelled` when the current thread has been cancelled.
    package static func check() throws {
        try CallerCancellation().check()
    }
}
