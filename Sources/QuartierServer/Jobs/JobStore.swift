package import Foundation
import GRDB
import QuartierService

/// The persistent queue and job records: SQLite in the state folder (`jobs.sqlite`, WAL mode, full sync),
/// schema migrations versioned in `JobRecord.migrator`. Every change is one transaction, so a `kill -9`
/// leaves either the old or the new state of a job. Thread-safe (GRDB's `DatabasePool`).
package final class JobStore: Sendable {
    let pool: DatabasePool
    /// Notified after every committed transaction that changed a job (enqueued, claimed, finished, dismissed,
    /// progress, recovery): what waits for a job's state waits on it (`ChangeSignal`) instead of polling.
    package let changes: ChangeSignal
    /// GRDB's observation of the job table that notifies `changes` (kept for the store's lifetime).
    let observation: AnyDatabaseCancellable
    /// `<state>/jobs`: one folder per successful job; `<id>.partial` while it runs.
    package let jobsFolder: String

    /// Opens (or creates) the store in a state folder and migrates it to the current schema.
    package init(stateFolder: String) throws {
        jobsFolder = (stateFolder as NSString).appendingPathComponent("jobs")
        do {
            try FileManager.default.createDirectory(atPath: jobsFolder, withIntermediateDirectories: true)
        } catch {
            throw QuartierError.user("state folder '\(stateFolder)' cannot be created: \(error.localizedDescription)")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let path = (stateFolder as NSString).appendingPathComponent("jobs.sqlite")
        pool = try DatabasePool(path: path, configuration: configuration)
        try JobRecord.migrator.migrate(pool)
        let changes = ChangeSignal()
        self.changes = changes
        observation = DatabaseRegionObservation(tracking: JobRecord.all()).start(
            in: pool, onError: { _ in changes.notify() }, onChange: { _ in changes.notify() })
    }

    /// The applied migrations, oldest first (for the tests and `/health`).
    package func appliedMigrations() throws -> [String] {
        try pool.read { db in try JobRecord.migrator.appliedMigrations(db) }
    }

    /// The folder of a finished job's outputs.
    package func folder(of id: String) -> String { (jobsFolder as NSString).appendingPathComponent(id) }
    /// The folder a running job writes into.
    package func partialFolder(of id: String) -> String { folder(of: id) + ".partial" }

    /// Adds an accepted job unless `limit` jobs are already waiting.
    /// - Returns: false when the queue is full (nothing was added).
    package func enqueue(_ job: JobRecord, limit: Int) throws -> Bool {
        try pool.write { db in
            let waiting = try JobRecord.filter(Column("status") == JobStatus.accepted.rawValue).fetchCount(db)
            guard waiting < limit else { return false }
            try job.insert(db)
            return true
        }
    }

    package func job(_ id: String) throws -> JobRecord? {
        try pool.read { db in try JobRecord.fetchOne(db, key: id) }
    }

    /// Jobs, newest first.
    package func jobs(limit: Int, status: [JobStatus] = [], process: [String] = []) throws -> [JobRecord] {
        try pool.read { db in
            var request = JobRecord.order(Column("created").desc)
            if !status.isEmpty { request = request.filter(status.map(\.rawValue).contains(Column("status"))) }
            if !process.isEmpty { request = request.filter(process.contains(Column("process"))) }
            return try request.limit(limit).fetchAll(db)
        }
    }

    /// The latest job started for a configured analysis.
    package func latestJob(origin: String) throws -> JobRecord? {
        try pool.read { db in
            try JobRecord.filter(Column("origin") == origin).order(Column("created").desc).fetchOne(db)
        }
    }

    /// The latest successful jobs of a configured analysis, newest first (the current and previous versions).
    package func latestSuccessfulJobs(origin: String, limit: Int) throws -> [JobRecord] {
        try pool.read { db in
            try JobRecord.filter(Column("origin") == origin && Column("status") == JobStatus.successful.rawValue)
                .order(Column("created").desc).limit(limit).fetchAll(db)
        }
    }

    /// Takes the oldest accepted job and marks it running, in one transaction.
    package func claimNext(now: Date = Date()) throws -> JobRecord? {
        try pool.write { db in
            guard var job = try JobRecord.filter(Column("status") == JobStatus.accepted.rawValue)
                .order(Column("created"), Column("id")).fetchOne(db)
            else { return nil }
            job.status = .running
            job.started = now
            job.progress = 0
            try job.update(db)
            return job
        }
    }

    /// Records the end of a running job; a job dismissed meanwhile stays dismissed.
    /// - Returns: the job as stored afterwards.
    @discardableResult
    package func finish(_ id: String, outputs: [String]?, failure: String?, now: Date = Date()) throws -> JobRecord? {
        try pool.write { db in
            guard var job = try JobRecord.fetchOne(db, key: id) else { return nil }
            guard job.status == .running else { return job }
            job.finished = now
            if let failure {
                job.status = .failed
                job.message = failure
            } else {
                job.status = .successful
                job.progress = 100
                job.outputs = String(decoding: try JSONEncoder().encode(outputs ?? []), as: UTF8.self)
            }
            try job.update(db)
            return job
        }
    }

    /// Dismisses a job (OGC `DELETE /jobs/{id}`): an accepted job will not run, a running one's outputs are
    /// thrown away when it ends, a finished one's outputs are removed.
    /// - Returns: the job before and after, or nil when there is no such job.
    package func dismiss(_ id: String, now: Date = Date()) throws -> (before: JobRecord, after: JobRecord)? {
        try pool.write { db in
            guard let before = try JobRecord.fetchOne(db, key: id) else { return nil }
            var after = before
            if before.status != .dismissed {
                after.status = .dismissed
                after.message = "dismissed on request"
                after.finished = after.finished ?? now
                after.outputs = nil
                try after.update(db)
            }
            return (before, after)
        }
    }
}
