package import Foundation
import GRDB
import QuartierModel
package import QuartierService

/// The records received by `POST /observations`: SQLite in the state folder (`observations.sqlite`, WAL mode, full
/// sync), with the durability of the job store: a request's records are written in one transaction, synced before
/// the answer, so that a `kill -9` leaves every acknowledged record and no part of a refused or unfinished request.
/// Analyses read it through GDAL (`ObservationStoreReader`, table `observations`).
package final class ObservationStore: Sendable {
    let pool: DatabasePool
    package let path: String

    /// One stored record as written.
    package struct Row: Sendable {
        package var id: Int64
        package var record: ObservationRecord
        /// Longitude and latitude as sent, for a record with coordinates.
        package var lonLat: (lon: Double, lat: Double)?
    }

    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: observations") { db in
            try db.create(table: ObservationStoreReader.table) { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("analysis", .text).notNull()
                t.column("observations", .text).notNull()
                t.column("received", .text).notNull()
                t.column("theme", .text).notNull()
                t.column("date", .text)
                t.column("source", .text)
                t.column("rating", .double)
                t.column("text", .text)
                t.column("area_key", .text)
                t.column("cell", .text)
                t.column("lon", .double)
                t.column("lat", .double)
            }
            try db.create(index: "observations_by_step", on: ObservationStoreReader.table, columns: ["analysis", "observations"])
        }
        return migrator
    }()

    /// The store's path in a state folder.
    package static func path(stateFolder: String) -> String {
        (stateFolder as NSString).appendingPathComponent("observations.sqlite")
    }

    /// Opens (or creates) the store and migrates it.
    package init(stateFolder: String) throws {
        path = Self.path(stateFolder: stateFolder)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    /// Appends the records of one request in one transaction.
    /// - Returns: their ids, in order.
    package func append(
        _ records: [ObservationRecord], analysis: String, observations: String, received: Date = Date()
    ) throws -> [Int64] {
        let stamp = ISO8601DateFormatter().string(from: received)
        return try pool.write { db in
            var ids: [Int64] = []
            for record in records {
                var key: String?
                var cell: String?
                var lon: Double?
                var lat: Double?
                switch record.place {
                case .key(let k): key = k
                case .cell(let c): cell = c
                case .point(let p): (lon, lat) = (p.x, p.y)
                }
                try db.execute(
                    sql: """
                        INSERT INTO observations (analysis, observations, received, theme, date, source, rating, text,
                        area_key, cell, lon, lat) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        analysis, observations, stamp, record.theme, record.date, record.source, record.rating,
                        record.text, key, cell, lon, lat,
                    ])
                ids.append(db.lastInsertedRowID)
            }
            return ids
        }
    }

    /// The number of records of one step.
    package func count(analysis: String, observations: String) throws -> Int {
        try pool.read { db in
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM observations WHERE analysis = ? AND observations = ?",
                arguments: [analysis, observations]) ?? 0
        }
    }

    /// Every stored id (for the tests and operators).
    package func ids() throws -> [Int64] {
        try pool.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM observations ORDER BY id") }
    }
}
