import Foundation
package import Logging
import QuartierService
import ServiceLifecycle

/// Watches the input folders of the configuration (`[watch] folders`) by a periodic scan: every file's SHA-256
/// is compared with the previous scan's (kept in `<state>/watch.json`, so a change while the server was stopped
/// is found at the next start). A changed, new or removed file re-runs every published analysis
/// (`[analyses] publish`) that names it as an input, as a `run` job with public results; the previous job and
/// its results stay, as the previous version (the hotspot diff collection compares the two: `PublishedData+Diff`).
package final class InputWatcher: Service, Sendable {
    let folders: [String]
    let interval: Duration
    let analyses: [String]
    let scheduler: JobScheduler
    let metrics: ServerMetrics
    let logger: Logger
    let hashesFile: String
    private let hashes = Locked<[String: String]?>(nil)

    package init(configuration: ServerConfiguration, scheduler: JobScheduler, metrics: ServerMetrics, logger: Logger) {
        folders = configuration.watchFolders.map { (configuration.dataFolder as NSString).appendingPathComponent($0) }
        interval = .seconds(configuration.watchIntervalSeconds)
        analyses = configuration.publish
        self.scheduler = scheduler
        self.metrics = metrics
        self.logger = logger
        hashesFile = (configuration.stateFolder as NSString).appendingPathComponent("watch.json")
    }

    package func run() async throws {
        guard !folders.isEmpty else { return try await gracefulShutdown() }
        if let data = FileManager.default.contents(atPath: hashesFile),
            let stored = try? JSONDecoder().decode([String: String].self, from: data)
        {
            hashes.withLock { $0 = stored }
        }
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                self.scanOnce()
                try await Task.sleep(for: self.interval)
            }
        }
    }

    /// One scan: hashes every file, and submits jobs for the analyses whose inputs changed.
    /// - Returns: the changed files (absolute paths), sorted.
    @discardableResult
    package func scanOnce() -> [String] {
        var current: [String: String] = [:]
        for folder in folders {
            let enumerator = FileManager.default.enumerator(atPath: folder)
            while let name = enumerator?.nextObject() as? String {
                let path = DataFolder.canonical((folder as NSString).appendingPathComponent(name))
                var isFolder: ObjCBool = false
                guard !(name as NSString).lastPathComponent.hasPrefix("."),
                    FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
                    let hash = try? FileSupport.sha256(ofFile: path)
                else { continue }
                current[path] = hash
            }
        }
        metrics.inputFilesWatched(current.count)
        let previous = hashes.withLock { stored in
            defer { stored = current }
            return stored
        }
        if let data = try? JSONEncoder().encode(current) { try? FileSupport.writeAtomically(data, to: hashesFile) }
        // The first scan ever is the baseline: nothing has changed yet.
        guard let previous else { return [] }
        let changed = Set(current.keys).union(previous.keys).filter { current[$0] != previous[$0] }.sorted()
        if !changed.isEmpty { rerun(reading: Set(changed)) }
        return changed
    }

    /// Submits a `run` job for each published analysis with an input among `changed`.
    func rerun(reading changed: Set<String>) {
        guard let process = scheduler.catalog.process("run") else { return }
        let root = scheduler.dataFolder.root
        for file in analyses {
            do {
                let analysis = try AnalysisFile.load((root as NSString).appendingPathComponent(file))
                let used = analysis.inputs.map { DataFolder.canonical($0.source) }.filter(changed.contains)
                guard !used.isEmpty else { continue }
                let (job, _) = try scheduler.submit(
                    process, inputs: ["file": .string(file)], published: true, origin: PublishedAnalyses.origin(file))
                logger.notice(
                    "input changed (\(used.map(scheduler.dataFolder.redact).joined(separator: ", "))): re-running \(file) as job \(job.id)"
                )
            } catch {
                logger.error("input changed, but \(file) cannot be re-run: \(error)")
            }
        }
    }
}
