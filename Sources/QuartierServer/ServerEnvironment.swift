import Foundation
package import Logging
import QuartierService

/// Everything the HTTP routes share: configuration, token, job store and scheduler, published analyses.
/// Opening it checks that the address is free to listen on (`PortCheck`), then recovers the store after an
/// unclean stop (see `JobStore.recover()`).
package struct ServerEnvironment: Sendable {
    /// The configuration in force; a reload (`reload(_:)`, on SIGHUP) may change some of its keys.
    package var configuration: ServerConfiguration { live.withLock { $0 } }
    let live: Locked<ServerConfiguration>
    /// Set when a graceful shutdown begins: `/ready` answers 503 from then on.
    let draining = Locked(false)
    /// The Prometheus registry behind `/metrics`.
    package let metrics: ServerMetrics
    package let token: BearerToken
    /// Who may read internal-tier outputs: the read token or the write token.
    package let readAccess: ReadAccess
    package let store: JobStore
    package let scheduler: JobScheduler
    package let published: PublishedAnalyses
    /// Re-runs published analyses when a watched input changes.
    package let watcher: InputWatcher
    package let recovery: JobStore.Recovery
    /// Seconds from opening the store to the end of recovery.
    package let recoverySeconds: Double
    let documents: Documents
    /// The published results as feature collections, tilesets and styles (`ServerRoutes+Features/+Tiles`).
    let data: PublishedData
    /// The observation store and intake (`POST /observations`, issue 22).
    package let observations: ObservationService
    let caching: HTTPCaching

    package init(configuration: ServerConfiguration, catalog: ProcessCatalog = .standard, logger: Logger) throws {
        // First: a busy port is reported before the store is recovered or a published analysis runs.
        try PortCheck.check(host: configuration.host, port: configuration.port)
        live = Locked(configuration)
        metrics = ServerMetrics()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: configuration.dataFolder, isDirectory: &isFolder), isFolder.boolValue else {
            throw QuartierError.user("data folder '\(configuration.dataFolder)' does not exist; set [folders] data or --data-dir")
        }
        let clock = ContinuousClock.now
        store = try JobStore(stateFolder: configuration.stateFolder)
        recovery = try store.recover()
        recoverySeconds = (ContinuousClock.now - clock) / .seconds(1)
        if !recovery.failedJobs.isEmpty {
            logger.warning(
                "\(recovery.failedJobs.count) job(s) were running when the server stopped; marked failed, partial outputs removed: \(recovery.failedJobs.joined(separator: ", "))")
        }
        let (token, created) = try BearerToken.load(file: configuration.resolvedTokenFile)
        if created { logger.notice("created a token in \(configuration.resolvedTokenFile) (mode 0600)") }
        self.token = token
        let (readToken, readCreated) = try BearerToken.load(file: configuration.resolvedReadTokenFile)
        if readCreated { logger.notice("created a read token in \(configuration.resolvedReadTokenFile) (mode 0600)") }
        readAccess = ReadAccess(read: readToken, write: token)
        let dataFolder = DataFolder(root: configuration.dataFolder, excluding: configuration.stateFolder)
        scheduler = JobScheduler(
            store: store, catalog: catalog, dataFolder: dataFolder, workers: configuration.workers,
            maxQueued: configuration.maxQueuedJobs, metrics: metrics, logger: logger)
        published = PublishedAnalyses(files: configuration.publish, scheduler: scheduler, logger: logger)
        watcher = InputWatcher(configuration: configuration, scheduler: scheduler, metrics: metrics, logger: logger)
        documents = Documents(publicURL: configuration.publicURL)
        data = PublishedData(store: store, files: configuration.publish, logger: logger)
        observations = try ObservationService(
            stateFolder: configuration.stateFolder, dataFolder: configuration.dataFolder, publish: configuration.publish,
            logger: logger)
        caching = HTTPCaching(
            maxAge: configuration.maxAge, versionedMaxAge: configuration.versionedMaxAge, allowOrigin: configuration.allowOrigin)
    }
}

extension ServerEnvironment {
    /// The keys a reload applies; the others need a restart (they shape the listener, the store or the
    /// scheduler's threads).
    package static let reloadableKeys = [
        "jobs.max_queued", "jobs.retry_after_seconds", "jobs.sync_max_input_bytes", "jobs.sync_timeout_seconds",
        "jobs.shutdown_timeout_seconds", "limits.max_body_bytes",
    ]

    /// Whether a graceful shutdown has begun.
    package var isDraining: Bool { draining.withLock { $0 } }

    package func beginDraining() { draining.withLock { $0 = true } }

    /// Applies a re-read configuration: the reloadable keys take effect at once.
    /// - Returns: the reloadable keys that changed, and the other keys that changed but wait for a restart.
    package func reload(_ new: ServerConfiguration) -> (applied: [String], needRestart: [String]) {
        let old = configuration
        var applied: [String] = []
        func take<T: Equatable>(_ key: String, _ path: WritableKeyPath<ServerConfiguration, T>, into next: inout ServerConfiguration) {
            guard old[keyPath: path] != new[keyPath: path] else { return }
            next[keyPath: path] = new[keyPath: path]
            applied.append(key)
        }
        var next = old
        take("jobs.max_queued", \.maxQueuedJobs, into: &next)
        take("jobs.retry_after_seconds", \.retryAfterSeconds, into: &next)
        take("jobs.sync_max_input_bytes", \.syncMaxInputBytes, into: &next)
        take("jobs.sync_timeout_seconds", \.syncTimeoutSeconds, into: &next)
        take("jobs.shutdown_timeout_seconds", \.shutdownTimeoutSeconds, into: &next)
        take("limits.max_body_bytes", \.maxBodyBytes, into: &next)
        let fixed = next
        live.withLock { $0 = fixed }
        scheduler.setMaxQueued(fixed.maxQueuedJobs)
        var needRestart: [String] = []
        if new.host != old.host || new.port != old.port { needRestart.append("server.host/port") }
        if new.publicURL != old.publicURL { needRestart.append("server.public_url") }
        if new.dataFolder != old.dataFolder || new.stateFolder != old.stateFolder { needRestart.append("folders") }
        if new.resolvedTokenFile != old.resolvedTokenFile { needRestart.append("auth.token_file") }
        if new.resolvedReadTokenFile != old.resolvedReadTokenFile { needRestart.append("auth.read_token_file") }
        if new.workers != old.workers { needRestart.append("jobs.workers") }
        if new.publish != old.publish { needRestart.append("analyses.publish") }
        return (applied, needRestart)
    }
}
