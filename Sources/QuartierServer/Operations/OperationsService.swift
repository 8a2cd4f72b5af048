import Foundation
#if canImport(CDispatch)
// With UnixSignals (Dispatch) in the target, `timeval`'s members are attributed to CDispatch's module map.
import CDispatch
#endif
package import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import UnixSignals

/// Talks to systemd and runs the server's side of operations, as a service after the HTTP application in the
/// service group (so it is shut down first, while the server still answers):
/// - `READY=1` with `STATUS=` once the server listens (`serverStarted(at:)`);
/// - every half `$WATCHDOG_USEC` (else every 10 s): checks that an event loop runs a task and that the job
///   store answers a query; only then `WATCHDOG=1`, and `STATUS=` with the job counts;
/// - SIGHUP: `RELOADING=1`, the configuration is read again and its reloadable keys applied
///   (`ServerEnvironment.reloadableKeys`), then `READY=1`;
/// - graceful shutdown (SIGTERM, SIGINT): `STOPPING=1`, `/ready` answers 503, no job is started, running jobs
///   get `[jobs] shutdown_timeout_seconds` to end (`JobScheduler.drain`); then the server closes.
package final class OperationsService: Service, Sendable {
    let environment: ServerEnvironment
    let notifier: SystemdNotifier
    let readConfiguration: @Sendable () throws -> ServerConfiguration
    let logger: Logger
    private let address = Locked<String?>(nil)

    /// - Parameter readConfiguration: reads the configuration again as at start (file, environment, flags).
    package init(
        environment: ServerEnvironment, notifier: SystemdNotifier = SystemdNotifier(),
        readConfiguration: @escaping @Sendable () throws -> ServerConfiguration, logger: Logger
    ) {
        self.environment = environment
        self.notifier = notifier
        self.readConfiguration = readConfiguration
        self.logger = logger
    }

    /// The HTTP server listens: tells systemd the service is ready.
    package func serverStarted(at address: String) {
        self.address.withLock { $0 = address }
        notify("READY=1\nSTATUS=\(status())")
    }

    /// How often the watchdog task runs: half of systemd's interval, as sd_watchdog_enabled(3) advises.
    var period: Duration { notifier.watchdogInterval.map { $0 / 2 } ?? .seconds(10) }

    package func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        await withDiscardingTaskGroup { group in
            group.addTask { await self.watchdog() }
            group.addTask {
                for await _ in signals { self.reload() }
            }
            try? await gracefulShutdown()
            await self.stop()
            group.cancelAll()
        }
    }

    /// Checks the event loop and the job store every `period`; tells systemd only when both answer.
    func watchdog() async {
        while !Task.isCancelled {
            let problems = await check()
            if problems.isEmpty {
                notify((notifier.watchdogInterval == nil ? "" : "WATCHDOG=1\n") + "STATUS=\(status())")
            } else {
                logger.error("health check failed, no watchdog notification: \(problems.joined(separator: "; "))")
            }
            try? await Task.sleep(for: period)
        }
    }

    /// The problems found: an event loop that does not run a task within a second, a store that does not answer.
    func check() async -> [String] {
        var problems: [String] = []
        let ran = Locked(false)
        MultiThreadedEventLoopGroup.singleton.any().execute { ran.withLock { $0 = true } }
        let clock = ContinuousClock.now
        while !ran.withLock({ $0 }), ContinuousClock.now - clock < .seconds(1) {
            try? await Task.sleep(for: .milliseconds(2))
        }
        if !ran.withLock({ $0 }) { problems.append("an event loop did not run a task within 1 s") }
        do {
            environment.metrics.jobCounts(try environment.store.counts())
        } catch {
            problems.append("the job store does not answer: \(error)")
        }
        return problems
    }

    /// The `STATUS=` text: where the server listens and its jobs per state.
    func status() -> String {
        guard let counts = try? environment.store.counts() else { return "the job store does not answer" }
        let jobs =
            "jobs: \(counts[.running] ?? 0) running, \(counts[.accepted] ?? 0) queued, "
            + "\(counts[.successful] ?? 0) successful, \(counts[.failed] ?? 0) failed"
        if environment.isDraining { return "stopping; \(jobs)" }
        return "serving on \(address.withLock { $0 } ?? "?"); \(jobs)"
    }

    /// SIGHUP: re-reads the configuration and applies what can change without a restart.
    func reload() {
        notify("RELOADING=1\nMONOTONIC_USEC=\(Self.monotonicMicroseconds())")
        do {
            let (applied, needRestart) = environment.reload(try readConfiguration())
            logger.notice(
                "configuration reloaded: \(applied.isEmpty ? "no reloadable key changed" : "changed \(applied.joined(separator: ", "))")"
            )
            if !needRestart.isEmpty {
                logger.warning(
                    "changed keys that take effect only after a restart: \(needRestart.joined(separator: ", "))")
            }
            notify("READY=1\nSTATUS=\(status())")
        } catch {
            logger.error("configuration not reloaded, the previous one stays in force: \(error)")
            notify("READY=1\nSTATUS=reload failed (\(error)); \(status())")
        }
    }

    /// Graceful shutdown: `/ready` false, no new jobs, running ones drained within the timeout.
    func stop() async {
        environment.beginDraining()
        let timeout = environment.configuration.shutdownTimeoutSeconds
        let running = environment.scheduler.runningCount
        notify("STOPPING=1\nSTATUS=stopping: waiting up to \(timeout) s for \(running) running job(s)")
        logger.notice("stopping: no new jobs; waiting up to \(timeout) s for \(running) running job(s)")
        let drain = await environment.scheduler.drain(timeout: .seconds(timeout))
        if drain.abandoned.isEmpty {
            logger.notice(
                "stopping: \(drain.running) running job(s) ended in \(String(format: "%.2f", drain.seconds)) s")
        } else {
            logger.warning(
                "stopping: shutdown_timeout_seconds (\(timeout)) passed; recorded as failed: \(drain.abandoned.joined(separator: ", "))"
            )
        }
    }

    func notify(_ message: String) {
        if let problem = notifier.send(message) { logger.warning("cannot notify systemd: \(problem)") }
    }

    /// CLOCK_MONOTONIC in microseconds, which `RELOADING=1` carries (systemd ≥ 253 requires it).
    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
    }
}
