package import Foundation
import GRDB

/// The states of a job, with OGC API – Processes' names (`statusCode.yaml`).
package enum JobStatus: String, Codable, Sendable, CaseIterable {
    case accepted, running, successful, failed, dismissed

    /// Whether the job will not change any more (except being dismissed).
    package var isFinished: Bool { self == .successful || self == .failed || self == .dismissed }
}

/// One row of the `job` table: a process execution, its inputs as submitted (JSON), and its life.
package struct JobRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "job"

    /// A UUID in lower case; the only form a job id in a URL may take.
    package var id: String
    package var process: String
    /// The `inputs` object of the execute request, as JSON text.
    package var inputs: String
    package var status: JobStatus
    /// 0…100.
    package var progress: Int
    /// Why the job failed or was dismissed; never a stack trace or a server path.
    package var message: String?
    package var created: Date
    package var started: Date?
    package var finished: Date?
    /// Results readable without the token (analyses the configuration publishes).
    package var published: Bool
    /// Who submitted it: nil for a request, `publish:<analysis file>` for a configured analysis.
    package var origin: String?
    /// Output files (relative to the job's folder) as a JSON array, once successful.
    package var outputs: String?

    package init(id: String, process: String, inputs: String, published: Bool, origin: String?, created: Date) {
        self.id = id
        self.process = process
        self.inputs = inputs
        self.status = .accepted
        self.progress = 0
        self.created = created
        self.published = published
        self.origin = origin
    }

    /// The output file names.
    package var outputFiles: [String] {
        guard let outputs, let names = try? JSONDecoder().decode([String].self, from: Data(outputs.utf8)) else { return [] }
        return names
    }

    /// Whether a text has the form of a job id (a lower-case UUID): anything else in a URL is refused.
    package static func isValidID(_ text: some StringProtocol) -> Bool {
        guard text.utf8.count == 36, let uuid = UUID(uuidString: String(text)) else { return false }
        return uuid.uuidString.lowercased() == text
    }
}

extension JobRecord {
    /// The schema, versioned from the first release: add a migration, never change a registered one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: job table") { db in
            try db.create(table: "job") { t in
                t.primaryKey("id", .text)
                t.column("process", .text).notNull()
                t.column("inputs", .text).notNull()
                t.column("status", .text).notNull()
                t.column("progress", .integer).notNull().defaults(to: 0)
                t.column("message", .text)
                t.column("created", .datetime).notNull()
                t.column("started", .datetime)
                t.column("finished", .datetime)
                t.column("published", .boolean).notNull().defaults(to: false)
                t.column("origin", .text)
                t.column("outputs", .text)
            }
            try db.create(index: "job_status_created", on: "job", columns: ["status", "created"])
        }
        return migrator
    }
}
