import Foundation
package import Logging
import QuartierService
import ServiceLifecycle

/// The analyses the configuration publishes (`[analyses] publish`): at start, each that has no successful
/// job yet is submitted as a `run` job with public results (one already queued from before a restart is
/// not submitted twice); `/ready` reports ready when none of them is waiting or running any more.
package final class PublishedAnalyses: Service, Sendable {
    package struct State: Sendable {
        package var started = false
        /// Analysis file → its latest job id (nil when it could not be submitted).
        package var jobs: [String: String] = [:]
        /// Analysis file → why it could not be submitted.
        package var problems: [String: String] = [:]
    }

    let files: [String]
    let scheduler: JobScheduler
    let logger: Logger
    private let state = Locked(State())

    package init(files: [String], scheduler: JobScheduler, logger: Logger) {
        self.files = files
        self.scheduler = scheduler
        self.logger = logger
    }

    package static func origin(_ file: String) -> String { "publish:\(file)" }

    package var snapshot: State { state.withLock { $0 } }

    /// Whether every published analysis has been run (successfully or not) and none is pending.
    package func isReady() throws -> Bool {
        let current = snapshot
        guard current.started else { return false }
        for id in current.jobs.values {
            guard let job = try scheduler.store.job(id), job.status.isFinished else { return false }
        }
        return true
    }

    package func run() async throws {
        guard let process = scheduler.catalog.process("run") else { return }
        for file in files {
            do {
                let latest = try scheduler.store.latestJob(origin: Self.origin(file))
                if let latest, latest.status != .failed, latest.status != .dismissed {
                    state.withLock { $0.jobs[file] = latest.id }
                    continue
                }
                let (job, _) = try scheduler.submit(
                    process, inputs: ["file": .string(file)], published: true, origin: Self.origin(file))
                logger.notice("published analysis \(file) has no results yet: running it as job \(job.id)")
                state.withLock { $0.jobs[file] = job.id }
            } catch {
                let message = (error as? InputError)?.message ?? "\(error)"
                logger.error("published analysis \(file) cannot be run: \(message)")
                state.withLock { $0.problems[file] = message }
            }
        }
        state.withLock { $0.started = true }
        // Readiness (`isReady`) changed without a write to the store when every analysis already had its job.
        scheduler.store.changes.notify()
        try await gracefulShutdown()
    }
}
