import Foundation
import Logging
import QuartierGDAL
import QuartierModel

/// The PostGIS side of one run: one connection, held from the start of the run (a database that is down fails the
/// run before anything is computed or written) to the switch at its end.
///
/// - `write` loads a layer with `COPY` into a staging table `_qs_<run>_<table>` in the target schema, then types it
///   (text columns as `text`, GDAL's `ogc_fid` dropped), adds the primary key on the area id, the GiST index (and the
///   generated EPSG:4326 column), the comments and `ANALYZE`s it. Nobody reads staging tables.
/// - `commit` switches every table of the run in one transaction: `<table>_previous` is dropped, `<table>` becomes
///   `<table>_previous` (the previous version, for the hotspot diff), the staging table becomes `<table>` with the
///   grants the old one had, and the run's manifest goes into `quartier_runs`. Readers see the old tables or the new,
///   never a half-written one: PostgreSQL's DDL is transactional, and a reader waiting for the switch's locks
///   resolves the name again after it (tested with concurrent readers).
/// - A run that fails drops its staging tables; a killed one leaves them, with the old tables untouched, and the
///   next run writing the same table drops them. Each table is written by one run at a time (a session advisory
///   lock, released by PostgreSQL when the connection ends, however the process ends).
final class DatabaseRun {
    let connection: PostGISConnection
    /// The connection string (`PG:…`, without a password).
    let connectionString: String
    /// The run's id in `quartier_runs`.
    let runID: String
    /// The schema of `quartier_runs`.
    let runsSchema: String
    /// Whether tables get a generated `geom_4326` column.
    let lonLat: Bool
    private let logger: Logger
    private let token: String
    private(set) var tables: [DatabaseRecord.Table] = []
    /// Final `schema.table` → its staging table's name.
    private var staged: [String: String] = [:]
    private var switched = false
    /// Final `schema.table` → the grants its staging table had at creation (the schema's default privileges).
    private var defaultGrants: [String: [Grant]] = [:]

    /// A privilege granted on a table to a role other than the run's.
    struct Grant: Hashable {
        var grantee: String
        var privilege: String
    }

    /// The grants on a table (from its ACL) to roles other than its owner; none when there is no such table.
    private func grants(schema: String, table: String) throws -> [Grant] {
        try connection.query(
            "SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, a.privilege_type "
                + "FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = to_regclass("
                + PostGISName.literal(Self.name(schema, table)) + ") AND a.grantee <> c.relowner "
                + "ORDER BY 1, 2"
        ).compactMap { row in
            guard row.count == 2, let grantee = row[0], let privilege = row[1],
                privilege.allSatisfy({ $0.isLetter || $0 == " " })
            else { return nil }
            return Grant(grantee: grantee, privilege: privilege)
        }
    }

    /// The staging tables' common start.
    static let stagingPrefix = "_qs_"

    /// Connects and checks that the database has PostGIS.
    /// - Throws: `QuartierError.user` naming the database and what to check.
    init(connection text: String, runsSchema: String, lonLat: Bool, logger: Logger) throws {
        let text = ConnectionString.withPrefix(text)
        if let problem = ConnectionString.problem(text) {
            throw QuartierError.user("the database connection '\(GDALError.redactPassword(text))': \(problem)")
        }
        do {
            connection = try PostGISConnection(text)
        } catch let error as GDALError where error.code == .openFailed {
            throw QuartierError.user(
                "cannot connect to the database '\(text)': \(error.gdalMessage ?? "no answer") — nothing was written; "
                    + "check that the server runs, the connection string (host, port, dbname, user, sslmode) and "
                    + "that the password is in ~/.pgpass, PGPASSFILE or the service file")
        }
        connectionString = text
        self.runsSchema = runsSchema
        self.lonLat = lonLat
        self.logger = logger
        var random = SystemRandomNumberGenerator()
        token = String(format: "%08x", UInt32.random(in: 0...UInt32.max, using: &random))
        let stamp = ISO8601DateFormatter().string(from: Date())
        runID = "\(stamp)-\(token)"
        let postgis = try connection.query("SELECT extversion FROM pg_extension WHERE extname = 'postgis'")
        guard postgis.first?.first != nil else {
            throw QuartierError.user(
                "the database '\(text)' has no PostGIS: run CREATE EXTENSION postgis in it (as its owner)")
        }
    }

    deinit {
        guard !switched else { return }
        for (qualified, name) in staged {
            let schema = qualified.split(separator: ".").first.map(String.init) ?? "public"
            try? connection.execute("DROP TABLE IF EXISTS \(Self.name(schema, name))")
        }
        _ = try? connection.query("SELECT pg_advisory_unlock_all()")
    }

    /// The record for `manifest.json`.
    var record: DatabaseRecord {
        DatabaseRecord(
            connection: connectionString, runID: runID, runsTable: "\(runsSchema).quartier_runs", tables: tables)
    }

    /// Final `schema.table` → `schema.<staging table>`, for reading what the run wrote before the switch (the audit).
    var stagedLocations: [String: String] {
        var result: [String: String] = [:]
        for (qualified, name) in staged {
            let schema = qualified.split(separator: ".").first.map(String.init) ?? "public"
            result[qualified] = "\(schema).\(name)"
        }
        return result
    }

    static func name(_ schema: String, _ table: String) -> String {
        PostGISName.quoted(schema) + "." + PostGISName.quoted(table)
    }

    /// What a table is about: its comment and each column's.
    struct Comments {
        var table: String
        var columns: [String: String]
    }

    /// Writes a layer into its staging table (see the type's description).
    /// - Parameters:
    ///   - key: the area id field, the primary key (nil: none).
    ///   - entry: the manifest's view of the table (schema, table, tier, level, fields …), completed here.
    func write(_ layer: FeatureLayer, key: String?, entry: DatabaseRecord.Table, comments: Comments) throws {
        let qualified = entry.qualifiedName
        guard staged[qualified] == nil else {
            throw QuartierError.user("two outputs of the run write the table \(qualified); give one another table")
        }
        try connection.execute("CREATE SCHEMA IF NOT EXISTS \(PostGISName.quoted(entry.schema))")
        // A run that has just finished may hold the lock a moment longer (its session ends after its client has
        // gone): wait up to 10 s before calling the table busy.
        var attempts = 0
        while true {
            let lock = try connection.query(
                "SELECT pg_try_advisory_lock(hashtext(\(PostGISName.literal("quartier:" + qualified))))")
            if let locked = lock.first?.first ?? nil, ["1", "t", "true"].contains(locked.lowercased()) { break }
            attempts += 1
            guard attempts < 50 else {
                throw QuartierError.user(
                    "another Quartier run is writing the table \(qualified) into '\(connectionString)'; run again when "
                        + "it has finished")
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        try dropLeftovers(schema: entry.schema, table: entry.table)
        let stagingName = Self.stagingPrefix + token + "_" + entry.table
        staged[qualified] = stagingName
        let target = Self.name(entry.schema, stagingName)
        let index = "\(Self.stagingPrefix)\(token)_\(tables.count)"
        var statements: [String] = []
        // Text columns whose names GDAL's COLUMN_TYPES cannot carry (a comma or `=` in them) are GDAL's varchar.
        var alter = ["DROP COLUMN IF EXISTS ogc_fid"]
        let columns = layer.withStatusFields(for: layer.fields.map(\.name)).fields
        for column in columns where column.name.contains(",") || column.name.contains("=") {
            let isText = column.type == .string || column.type.isList || layer.fieldIndex(column.name) == nil
            if isText { alter.append("ALTER COLUMN \(PostGISName.quoted(column.name)) TYPE text") }
        }
        statements.append("ALTER TABLE \(target) " + alter.joined(separator: ", "))
        if let key {
            statements.append(
                "ALTER TABLE \(target) ADD CONSTRAINT \(PostGISName.quoted(index + "_pkey")) PRIMARY KEY "
                    + "(\(PostGISName.quoted(key)))")
        }
        let spatial = layer.geometryType != "None"
        if spatial {
            statements.append(
                "CREATE INDEX \(PostGISName.quoted(index + "_geom_idx")) ON \(target) USING GIST (geom)")
            if lonLat {
                statements.append(
                    "ALTER TABLE \(target) ADD COLUMN geom_4326 geometry(Geometry, 4326) GENERATED ALWAYS AS "
                        + "(ST_Transform(geom, 4326)) STORED")
                statements.append(
                    "CREATE INDEX \(PostGISName.quoted(index + "_geom_4326_idx")) ON \(target) USING GIST (geom_4326)")
                statements.append("COMMENT ON COLUMN \(target).geom_4326 IS 'geom in EPSG:4326 (lon/lat), generated'")
            }
        }
        for (column, text) in comments.columns.sorted(by: { $0.key < $1.key })
        where columns.contains(where: { $0.name == column }) {
            statements.append(
                "COMMENT ON COLUMN \(target).\(PostGISName.quoted(column)) IS \(PostGISName.literal(text))")
        }
        // One transaction: the table appears with its rows, key, index and comments, and without the grants the
        // schema's default privileges gave it — nobody reads a table the run has not switched into place (a public
        // one before the audit of the run has passed); the switch gives them back.
        try connection.transaction {
            try connection.writeTable(layer, schema: entry.schema, table: stagingName, description: comments.table)
            for statement in statements { try connection.execute(statement) }
            let granted = try grants(schema: entry.schema, table: stagingName)
            for grant in granted {
                try connection.execute("REVOKE ALL ON \(target) FROM \(grant.grantee == "PUBLIC" ? "PUBLIC" : PostGISName.quoted(grant.grantee))")
            }
            defaultGrants[qualified] = granted
        }
        try connection.execute("ANALYZE \(target)")
        var completed = entry
        completed.rows = layer.features.count
        completed.geometryColumn = spatial ? "geom" : nil
        completed.epsg = spatial ? layer.crs?.epsg : nil
        completed.lonLatColumn = spatial && lonLat ? "geom_4326" : nil
        completed.columns = columns.map { column in
            var plain = column
            if plain.type.isList || layer.fieldIndex(column.name) == nil { plain.type = .string }
            plain.alias = nil
            return plain
        }
        completed.extent = spatial ? layer.extent.map { [$0.minX, $0.minY, $0.maxX, $0.maxY] } : nil
        tables.append(completed)
    }

    /// Drops the staging tables of earlier runs (killed ones) of this table; the caller holds its advisory lock.
    private func dropLeftovers(schema: String, table: String) throws {
        let rows = try connection.query(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = "
                + "\(PostGISName.literal(schema)) AND c.relkind = 'r' AND c.relname LIKE '\\_qs\\_%'")
        for case let name?? in rows.map(\.first) where Self.isStaging(name, of: table) {
            logger.info("dropping \(schema).\(name), a staging table a run that did not finish left behind")
            try connection.execute("DROP TABLE IF EXISTS \(Self.name(schema, name))")
        }
    }

    /// True for `_qs_<8 hex digits>_<table>`.
    static func isStaging(_ name: String, of table: String) -> Bool {
        guard name.hasPrefix(stagingPrefix), name.hasSuffix("_" + table) else { return false }
        let token = name.dropFirst(stagingPrefix.count).dropLast(table.count + 1)
        return token.count == 8 && token.allSatisfy(\.isHexDigit)
    }

    /// Switches every table of the run into place and records the run in `quartier_runs`, in one transaction.
    /// - Parameters:
    ///   - manifest: the run's manifest (JSON), stored as `jsonb`.
    ///   - analysis: the analysis's name (or the command's).
    func commit(manifest: Data, analysis: String) throws {
        let runs = Self.name(runsSchema, "quartier_runs")
        let manifestText = String(decoding: manifest, as: UTF8.self)
        try connection.transaction {
            try connection.execute("CREATE SCHEMA IF NOT EXISTS \(PostGISName.quoted(runsSchema))")
            try connection.execute(
                "CREATE TABLE IF NOT EXISTS \(runs) (run_id text PRIMARY KEY, analysis text NOT NULL, "
                    + "finished_at timestamptz NOT NULL DEFAULT now(), quartier_version text, gdal_version text, "
                    + "proj_version text, tables text[] NOT NULL, manifest jsonb NOT NULL)")
            try connection.execute(
                "COMMENT ON TABLE \(runs) IS 'Quartier runs: the manifest (inputs and their hashes, parameters, "
                    + "versions, reports) of each run that wrote tables into this database'")
            for (offset, table) in tables.enumerated() {
                guard let stagingName = staged[table.qualifiedName] else { continue }
                try switchTable(table, from: stagingName, index: "\(Self.stagingPrefix)\(token)_\(offset)")
            }
            let names = "ARRAY[" + tables.map { PostGISName.literal($0.qualifiedName) }.joined(separator: ",") + "]::text[]"
            try connection.execute(
                "INSERT INTO \(runs) (run_id, analysis, quartier_version, gdal_version, proj_version, tables, manifest) "
                    + "VALUES (\(PostGISName.literal(runID)), \(PostGISName.literal(analysis)), "
                    + "\(PostGISName.literal(QuartierVersion.current)), \(PostGISName.literal(GDALRuntime.gdalVersion)), "
                    + "\(PostGISName.literal(GDALRuntime.projVersion)), \(names), "
                    + "\(PostGISName.literal(manifestText))::jsonb)")
        }
        switched = true
        // Released here, not when the session ends: the server ends a session after the client has gone, and a run
        // that starts right after this one would find the tables still locked.
        _ = try? connection.query("SELECT pg_advisory_unlock_all()")
        let names = tables.map(\.qualifiedName).joined(separator: ", ")
        logger.info("switched \(tables.count) table(s) into place in '\(connectionString)': \(names)")
    }

    /// The statements of one table's switch (inside `commit`'s transaction).
    private func switchTable(_ table: DatabaseRecord.Table, from stagingName: String, index: String) throws {
        let schema = table.schema
        let current = table.table
        let previous = current + "_previous"
        func q(_ name: String) -> String { PostGISName.quoted(name) }
        // The grants the current table has (a read-only role's SELECT) and those the schema's default privileges give
        // a new table go to the new one.
        var granted = try grants(schema: schema, table: current)
        for grant in defaultGrants[table.qualifiedName] ?? [] where !granted.contains(grant) { granted.append(grant) }
        try connection.execute("DROP TABLE IF EXISTS \(Self.name(schema, previous))")
        try connection.execute("ALTER TABLE IF EXISTS \(Self.name(schema, current)) RENAME TO \(q(previous))")
        for suffix in ["_pkey", "_geom_idx", "_geom_4326_idx"] {
            try connection.execute(
                "ALTER INDEX IF EXISTS \(Self.name(schema, current + suffix)) RENAME TO \(q(previous + suffix))")
        }
        try connection.execute("ALTER TABLE \(Self.name(schema, stagingName)) RENAME TO \(q(current))")
        for suffix in ["_pkey", "_geom_idx", "_geom_4326_idx"] {
            try connection.execute(
                "ALTER INDEX IF EXISTS \(Self.name(schema, index + suffix)) RENAME TO \(q(current + suffix))")
        }
        for grant in granted {
            let who = grant.grantee == "PUBLIC" ? "PUBLIC" : q(grant.grantee)
            try connection.execute("GRANT \(grant.privilege) ON \(Self.name(schema, current)) TO \(who)")
        }
    }
}

@available(*, unavailable)
extension DatabaseRun: Sendable {}

extension FieldType {
    /// The list types (written as JSON text).
    var isList: Bool { [.integerList, .integer64List, .realList, .stringList].contains(self) }
}
