import Foundation
package import Logging
import QuartierService

/// Everything the HTTP routes share: configuration, token, job store and scheduler, published analyses.
/// Opening it recovers the store after an unclean stop (see `JobStore.recover()`).
package struct ServerEnvironment: Sendable {
    package let configuration: ServerConfiguration
    package let token: BearerToken
    package let store: JobStore
    package let scheduler: JobScheduler
    package let published: PublishedAnalyses
    package let recovery: JobStore.Recovery
    /// Seconds from opening the store to the end of recovery.
    package let recoverySeconds: Double
    let documents: Documents
    /// The published results as feature collections, tilesets and styles (`ServerRoutes+Features/+Tiles`).
    let data: PublishedData
    let caching: HTTPCaching

    package init(configuration: ServerConfiguration, catalog: ProcessCatalog = .standard, logger: Logger) throws {
        self.configuration = configuration
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
        let dataFolder = DataFolder(root: configuration.dataFolder, excluding: configuration.stateFolder)
        scheduler = JobScheduler(
            store: store, catalog: catalog, dataFolder: dataFolder, workers: configuration.workers,
            maxQueued: configuration.maxQueuedJobs, logger: logger)
        published = PublishedAnalyses(files: configuration.publish, scheduler: scheduler, logger: logger)
        documents = Documents(publicURL: configuration.publicURL)
        data = PublishedData(store: store, files: configuration.publish, logger: logger)
        caching = HTTPCaching(
            maxAge: configuration.maxAge, versionedMaxAge: configuration.versionedMaxAge, allowOrigin: configuration.allowOrigin)
    }
}
