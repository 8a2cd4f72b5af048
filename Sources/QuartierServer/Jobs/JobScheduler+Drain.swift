import Foundation
import QuartierModel
package import Logging

/// A running job given up at shutdown: `[jobs] shutdown_timeout_seconds` passed before it ended.
struct ShutdownTimeout: QuartierFailure {
    var seconds: Int
    /// The server's own shutdown ended the job: internal.
    var kind: FailureKind { .internalFailure }
    var description: String { message }
    var message: String {
        "the server stopped before this job finished (it waited \(seconds) s, [jobs] shutdown_timeout_seconds); "
            + "its partial outputs were removed. Submit it again."
    }
}

extension JobScheduler {
    /// What a drain did.
    package struct Drain: Sendable {
        /// Jobs that were running when the drain began.
        package var running: Int
        /// Jobs still running at the timeout, now recorded as failed.
        package var abandoned: [String]
        /// Seconds the drain took.
        package var seconds: Double
    }

    /// Jobs running now.
    package var runningCount: Int { workers - freeSlots.withLock { $0 } }

    /// Stops claiming jobs and waits for the running ones, at most `timeout`; jobs still running then are
    /// recorded as failed (`ShutdownTimeout`) and their partial outputs removed. Queued jobs stay queued for the
    /// next start. The worker threads of abandoned jobs are not stopped (a GDAL call cannot be interrupted): the
    /// process ends after the drain, and the next start removes anything they left (`JobStore.recover()`).
    package func drain(timeout: Duration, onTick: @Sendable (Int) -> Void = { _ in }) async -> Drain {
        stopping.withLock { $0 = true }
        bell.continuation.finish()
        let clock = ContinuousClock.now
        let running = runningCount
        while runningCount > 0, ContinuousClock.now - clock < timeout {
            onTick(runningCount)
            try? await Task.sleep(for: .milliseconds(50))
        }
        let seconds = Int(timeout / .seconds(1))
        let deliveries = inFlight.withLock { all in
            defer { all = [:] }
            return all
        }
        for (_, deliver) in deliveries { deliver(.failure(ShutdownTimeout(seconds: seconds))) }
        // The executions record the failures; wait until they have (a store write, milliseconds).
        while runningCount > 0, ContinuousClock.now - clock < timeout + .seconds(10) {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return Drain(
            running: running, abandoned: deliveries.keys.sorted(), seconds: (ContinuousClock.now - clock) / .seconds(1))
    }
}

extension Logger {
    /// This logger with the job id as metadata (`job=<uuid>`), for every message about one job.
    package func with(job id: String) -> Logger {
        var copy = self
        copy[metadataKey: "job"] = "\(id)"
        return copy
    }
}
