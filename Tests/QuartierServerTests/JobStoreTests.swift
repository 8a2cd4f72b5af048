import Foundation
import QuartierServer
import QuartierTestSupport
import Testing
import QuartierService

/// The SQLite job store: WAL, versioned migrations, atomic claims, and recovery after an unclean stop.
@Suite("JobStore")
struct JobStoreTests {
    func job(_ process: String = "count", at seconds: Double = 0) -> JobRecord {
        JobRecord(
            id: UUID().uuidString.lowercased(), process: process, inputs: "{}", published: false, origin: nil,
            created: Date(timeIntervalSince1970: 1_700_000_000 + seconds))
    }

    @Test func theStoreIsWALWithVersionedMigrations() throws {
        let state = try TestSupport.temporaryFolder()
        let store = try JobStore(stateFolder: state.path)
        #expect(try store.appliedMigrations() == ["v1: job table"])
        let mode = try Subprocess.run("/usr/bin/env", ["python3", "-c", """
            import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA journal_mode').fetchone()[0])
            """, state.appendingPathComponent("jobs.sqlite").path])
        #expect(mode.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "wal")
        // Opening again migrates nothing and keeps the rows.
        #expect(try store.enqueue(job(), limit: 10))
        let reopened = try JobStore(stateFolder: state.path)
        #expect(try reopened.jobs(limit: 10).count == 1)
    }

    @Test func claimsTakeTheOldestAcceptedJobOnce() throws {
        let store = try JobStore(stateFolder: try TestSupport.temporaryFolder().path)
        let older = job(at: 0)
        let newer = job(at: 1)
        #expect(try store.enqueue(newer, limit: 10))
        #expect(try store.enqueue(older, limit: 10))
        #expect(try store.enqueue(job(at: 2), limit: 2) == false)
        #expect(try store.claimNext()?.id == older.id)
        #expect(try store.claimNext()?.id == newer.id)
        #expect(try store.claimNext() == nil)
        #expect(try store.job(older.id)?.status == .running)
    }

    @Test func recoveryFailsRunningJobsRemovesPartialsAndKeepsTheRest() throws {
        let store = try JobStore(stateFolder: try TestSupport.temporaryFolder().path)
        let done = job(at: 0)
        let interrupted = job(at: 1)
        let waiting = job(at: 2)
        for j in [done, interrupted, waiting] { #expect(try store.enqueue(j, limit: 10)) }
        _ = try store.claimNext()
        try FileManager.default.createDirectory(atPath: store.folder(of: done.id), withIntermediateDirectories: true)
        try "{}".write(toFile: store.folder(of: done.id) + "/report.json", atomically: true, encoding: .utf8)
        try store.finish(done.id, outputs: ["report.json"], failure: nil)
        _ = try store.claimNext()
        try FileManager.default.createDirectory(atPath: store.partialFolder(of: interrupted.id), withIntermediateDirectories: true)

        let recovery = try store.recover()
        #expect(recovery.failedJobs == [interrupted.id])
        #expect(recovery.acceptedJobs == 1)
        #expect(recovery.removedFolders == [interrupted.id + ".partial"])
        let failed = try #require(try store.job(interrupted.id))
        #expect(failed.status == .failed && failed.message?.contains("server stopped") == true && failed.finished != nil)
        #expect(try store.job(waiting.id)?.status == .accepted)
        #expect(FileManager.default.fileExists(atPath: store.folder(of: done.id) + "/report.json"))
        #expect(try store.job(done.id)?.outputFiles == ["report.json"])
    }

    @Test func progressIsEstimatedFromTheMedianRunTimeOfEarlierJobs() throws {
        let store = try TestSupport.temporaryFolder().path
        let jobs = try JobStore(stateFolder: store)
        #expect(try jobs.typicalDuration(of: "count") == nil)
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        for (index, seconds) in [10.0, 30, 20].enumerated() {
            let done = job(at: Double(index))
            #expect(try jobs.enqueue(done, limit: 10))
            _ = try jobs.claimNext(now: start)
            try jobs.finish(done.id, outputs: [], failure: nil, now: start.addingTimeInterval(seconds))
        }
        #expect(try jobs.typicalDuration(of: "count") == 20)
        #expect(try jobs.typicalDuration(of: "hotspots") == nil)
        let running = job(at: 5)
        #expect(try jobs.enqueue(running, limit: 10))
        try jobs.setProgress(running.id, 50)
        #expect(try jobs.job(running.id)?.progress == 0, "only a running job has progress")
        _ = try jobs.claimNext()
        try jobs.setProgress(running.id, 250)
        #expect(try jobs.job(running.id)?.progress == 99, "at most 99 until it has finished")
    }

    @Test(arguments: ["0F8FAD5B-D9CB-469F-A165-70867728950E", "0f8fad5b", "..", "0f8fad5b-d9cb-469f-a165-70867728950e/..", ""])
    func onlyLowerCaseUUIDsAreJobIDs(text: String) {
        #expect(!JobRecord.isValidID(text))
        #expect(JobRecord.isValidID("0f8fad5b-d9cb-469f-a165-70867728950e"))
    }
}
