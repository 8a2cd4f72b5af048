import Foundation

/// Stops a run between its steps when the thread running it has been cancelled (`Thread.cancel()`): the server
/// runs each job on a thread of its own and cancels it when the job is dismissed (`DELETE /jobs/{id}`), so a
/// dismissed job stops using the CPU at its next step instead of running to the end. The CLI never cancels its
/// thread, so the check costs it one flag read per step.
package enum RunCancellation {
    /// - Throws: `QuartierError.user` when the current thread has been cancelled.
    package static func check() throws {
        if Thread.current.isCancelled {
            throw QuartierError.user("the run was cancelled (its job was dismissed)")
        }
    }
}
