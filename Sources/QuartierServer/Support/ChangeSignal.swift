import Foundation

/// Wakes the tasks that wait for a condition on some state whenever that state may have changed: a waiter checks
/// its condition at once and again after every `notify()`, until it holds or its deadline passes. No polling
/// interval: the condition is read once per change, and a waiter that is never woken ends at its deadline.
///
/// The job store notifies after every committed change to its jobs (`JobStore.changes`), and so does anything else
/// that readiness depends on (`PublishedAnalyses` once it has submitted its analyses): a synchronous execution
/// waits on it for its job, and the tests wait on it for a job's end or for `/ready`.
package final class ChangeSignal: Sendable {
    private struct State {
        /// Incremented by every `notify()`: a waiter that read generation g before its check has missed nothing
        /// while the generation is still g.
        var generation = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = Locked(State())

    package init() {}

    /// Wakes every waiter: call after a change to the state they watch.
    package func notify() {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.generation += 1
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in woken { waiter.resume() }
    }

    /// Checks `condition` now and after every `notify()`, until it holds or `deadline` has passed.
    /// - Returns: whether the condition held (false: the deadline passed first).
    package func wait(
        until deadline: ContinuousClock.Instant, for condition: () throws -> Bool
    ) async throws -> Bool {
        while true {
            let seen = state.withLock { $0.generation }
            if try condition() { return true }
            guard ContinuousClock.now < deadline, !Task.isCancelled else { return false }
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.change(after: seen) }
                group.addTask { try? await Task.sleep(until: deadline, clock: .continuous) }
                await group.next()
                group.cancelAll()
            }
        }
    }

    /// Returns once a `notify()` has followed generation `seen` (at once if one already has), or when cancelled.
    private func change(after seen: Int) async {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                // Cancelled before the continuation was stored: the handler below found nothing to resume.
                let now = state.withLock { state -> Bool in
                    guard state.generation == seen, !Task.isCancelled else { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
