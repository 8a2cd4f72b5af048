import Foundation
import Logging
import QuartierService

/// The area profiles of the published analyses (`quartier profiles` from each job's public files), made at the
/// first request for a job and level and kept in the state folder (`profiles/<job>/<level>/`) until the job is
/// replaced. Only public files go into them (`AreaProfileRun.read`), so they are as public as the atlas.
final class ProfileCache: Sendable {
    let folder: String
    let logger: Logger
    /// Serialises making: one request makes a job's profiles, the others wait for it.
    private let making = Locked<[String: Task<String, any Error>]>([:])

    init(stateFolder: String, logger: Logger) {
        folder = (stateFolder as NSString).appendingPathComponent("profiles")
        self.logger = logger
    }

    /// The folder with the profiles of `level` for the job in `jobFolder`, made when missing; older jobs' profiles
    /// are removed.
    func profiles(job: String, jobFolder: String, level: String) async throws -> String {
        let target = ((folder as NSString).appendingPathComponent(job) as NSString).appendingPathComponent(level)
        if FileManager.default.fileExists(atPath: (target as NSString).appendingPathComponent("index.html")) {
            return target
        }
        let key = job + "/" + level
        let task = making.withLock { tasks -> Task<String, any Error> in
            if let running = tasks[key] { return running }
            let made = Task { [folder, logger] in
                try await JobOutputs.onThread {
                    let staging = target + ".partial-\(UUID().uuidString)"
                    defer { try? FileManager.default.removeItem(atPath: staging) }
                    let run = try AreaProfileRun.read(folder: jobFolder)
                    let report = try AreaProfileWriter.write(
                        run, options: AreaProfileOptions(level: level), to: staging)
                    // Older jobs' profiles leave with their jobs.
                    for old in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where old != job {
                        try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(old))
                    }
                    try? FileManager.default.removeItem(atPath: target)
                    try FileManager.default.moveItem(atPath: staging, toPath: target)
                    logger.notice(
                        "area profiles of job \(job), level \(level): \(report.profiles) in \(report.seconds) s")
                    return target
                }.get()
            }
            tasks[key] = made
            return made
        }
        defer { _ = making.withLock { $0.removeValue(forKey: key) } }
        return try await task.value
    }
}
