import Foundation
import GRDB

extension JobStore {
    /// The median run time in seconds of the last `sample` successful jobs of a process, or nil without any.
    package func typicalDuration(of process: String, sample: Int = 20) throws -> Double? {
        let jobs = try pool.read { db in
            try JobRecord.filter(Column("process") == process && Column("status") == JobStatus.successful.rawValue)
                .order(Column("finished").desc).limit(sample).fetchAll(db)
        }
        let durations = jobs.compactMap { job -> Double? in
            guard let started = job.started, let finished = job.finished else { return nil }
            return finished.timeIntervalSince(started)
        }.sorted()
        guard !durations.isEmpty else { return nil }
        return durations[durations.count / 2]
    }

    /// Records the progress of a running job (0…99; 100 is set when it succeeds).
    package func setProgress(_ id: String, _ percent: Int) throws {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE job SET progress = ? WHERE id = ? AND status = ?",
                arguments: [min(99, max(0, percent)), id, JobStatus.running.rawValue])
        }
    }
}

extension JobScheduler {
    /// Estimates a running job's progress once a second from the time it has run against the median run time of
    /// earlier jobs of the same process (the commands do not report their own progress): at most 99 % until it
    /// has finished, 0 while there is no earlier job to compare with.
    func estimateProgress(of job: JobRecord) async {
        guard let typical = try? store.typicalDuration(of: job.process), typical > 0 else { return }
        let started = ContinuousClock.now
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            let elapsed = (ContinuousClock.now - started) / .seconds(1)
            try? store.setProgress(job.id, Int(99 * min(1, elapsed / typical)))
        }
    }
}

extension JobStore {
    /// The number of jobs in each state (every state present, 0 when none): for `STATUS=`, `/metrics` and the
    /// watchdog's check that the store answers.
    package func counts() throws -> [JobStatus: Int] {
        try pool.read { db in
            var result = Dictionary(uniqueKeysWithValues: JobStatus.allCases.map { ($0, 0) })
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM job GROUP BY status") {
                if let status = JobStatus(rawValue: row["status"]) { result[status] = row["n"] }
            }
            return result
        }
    }

    /// Closes the database (at the end of a graceful shutdown); every later use throws.
    package func close() throws {
        observation.cancel()
        try pool.close()
    }
}
