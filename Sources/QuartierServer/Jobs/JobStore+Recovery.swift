package import Foundation
import GRDB

extension JobStore {
    /// What `recover()` found after an unclean stop.
    package struct Recovery: Sendable {
        /// Jobs that were running and are now failed.
        package var failedJobs: [String]
        /// Jobs still accepted; they run as soon as the scheduler starts.
        package var acceptedJobs: Int
        /// Folders removed: partial outputs, and outputs of jobs that are not successful.
        package var removedFolders: [String]
    }

    /// Brings the store and the job folders into agreement at start-up, before any job runs.
    ///
    /// A job that was `running` when the server stopped (a crash, `kill -9`, a power cut) is marked `failed`
    /// with the reason, and its partial outputs are removed: it is not re-queued, because its inputs may have
    /// changed since and a half-run job could have side effects (such as written weights files) that a
    /// client should decide about. `accepted` jobs stay queued; successful jobs keep their outputs.
    package func recover(now: Date = Date()) throws -> Recovery {
        let reason = "the server stopped while this job was running; its partial outputs were removed. Submit it again."
        let failed: [String] = try pool.write { db in
            let running = try JobRecord.filter(Column("status") == JobStatus.running.rawValue).fetchAll(db)
            for var job in running {
                job.status = .failed
                job.finished = now
                job.message = reason
                try job.update(db)
            }
            return running.map(\.id)
        }
        let keep = Set(
            try pool.read { db in
                try String.fetchAll(db, sql: "SELECT id FROM job WHERE status = ?", arguments: [JobStatus.successful.rawValue])
            })
        var removed: [String] = []
        for name in (try? FileManager.default.contentsOfDirectory(atPath: jobsFolder)) ?? [] where !keep.contains(name) {
            let path = (jobsFolder as NSString).appendingPathComponent(name)
            if (try? FileManager.default.removeItem(atPath: path)) != nil { removed.append(name) }
        }
        let accepted = try pool.read { db in
            try JobRecord.filter(Column("status") == JobStatus.accepted.rawValue).fetchCount(db)
        }
        return Recovery(failedJobs: failed, acceptedJobs: accepted, removedFolders: removed.sorted())
    }
}
