#if canImport(CDispatch)
import CDispatch  // timespec's members on Linux (MemberImportVisibility)
#endif
import Foundation
package import Logging
import QuartierService
import ServiceLifecycle

/// Watches the input folders of the configuration (`[watch] folders`) by a periodic scan: every file's SHA-256
/// is compared with the previous scan's (kept in `<state>/watch.json`, so a change while the server was stopped
/// is found at the next start). A file is hashed again only when its size, modification time or inode changed
/// since it was last hashed, and a file modified less than `settleSeconds` ago is left for the next scan (a
/// delivery still being copied in is not taken half-written). Scans run on a thread of their own, not on the
/// event loops that answer requests. A changed, new or removed file re-runs every published analysis
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
    /// The stamp under which each file was last hashed, and the hash.
    private let stamps = Locked<[String: (stamp: Stamp, hash: String)]>([:])
    /// Every file's stamp at the previous scan (settled or not).
    private let seen = Locked<[String: Stamp]>([:])
    /// Files modified less than this long ago are checked at the next scan.
    static let settleSeconds = 5.0

    /// What says that a file is unchanged without reading it: size, modification time (ns) and inode.
    struct Stamp: Equatable {
        var size: Int64
        var modified: Int64
        var inode: UInt64
    }

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
                _ = await JobOutputs.onThread { self.scanOnce() }
                try await Task.sleep(for: self.interval)
            }
        }
    }

    /// One scan: hashes every file that is new or changed (by its stamp), and submits jobs for the analyses whose
    /// inputs changed.
    /// - Returns: the changed files (absolute paths), sorted.
    @discardableResult
    package func scanOnce() -> [String] {
        let stored = hashes.withLock { $0 }
        let known = stamps.withLock { $0 }
        let previous = seen.withLock { $0 }
        var stampsNow: [String: Stamp] = [:]
        var current: [String: String] = [:]
        var hashed: [String: (stamp: Stamp, hash: String)] = [:]
        let now = Date().timeIntervalSince1970
        for folder in folders {
            let enumerator = FileManager.default.enumerator(atPath: folder)
            while let name = enumerator?.nextObject() as? String {
                let path = DataFolder.canonical((folder as NSString).appendingPathComponent(name))
                guard !(name as NSString).lastPathComponent.hasPrefix("."), let stamp = Self.stamp(path) else { continue }
                stampsNow[path] = stamp
                // The first scan ever is the baseline and takes every file as it is (nothing is run for it).
                // Otherwise a file modified in the last few seconds (or with a time ahead of the clock) waits,
                // unless it is unchanged since the previous scan.
                if stored != nil, Double(stamp.modified) / 1e9 > now - Self.settleSeconds, previous[path] != stamp {
                    // Still being written, perhaps: keep what was known and look again at the next scan.
                    if let held = stored?[path] { current[path] = held }
                    continue
                }
                if let entry = known[path], entry.stamp == stamp {
                    hashed[path] = entry
                } else if let hash = try? FileSupport.sha256(ofFile: path) {
                    hashed[path] = (stamp, hash)
                } else {
                    continue
                }
                current[path] = hashed[path]?.hash
            }
        }
        stamps.withLock { $0 = hashed }
        seen.withLock { $0 = stampsNow }
        metrics.inputFilesWatched(current.count)
        hashes.withLock { $0 = current }
        if current != stored, let data = try? JSONEncoder().encode(current) {
            try? FileSupport.writeAtomically(data, to: hashesFile)
        }
        // The first scan ever is the baseline: nothing has changed yet.
        guard let stored else { return [] }
        let changed = Set(current.keys).union(stored.keys).filter { current[$0] != stored[$0] }.sorted()
        if !changed.isEmpty { rerun(reading: Set(changed)) }
        return changed
    }

    /// The stamp of a regular file, or nil (no such file, a folder, unreadable).
    static func stamp(_ path: String) -> Stamp? {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        let modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        return Stamp(size: Int64(status.st_size), modified: modified, inode: UInt64(status.st_ino))
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
