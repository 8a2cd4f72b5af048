import Foundation
import QuartierGDAL
import QuartierTOML

/// `[database]` of an analysis file: the PostgreSQL/PostGIS database that outputs with `formats = […, "postgis"]`
/// are written into, the public tier in one schema and the internal tier in another (so that a read-only role can
/// be granted the public one alone, docs/database.md).
///
/// ```toml
/// [database]
/// connection = "PG:service=bildung"      # libpq: no password here (~/.pgpass, PGPASSFILE, PGSERVICEFILE)
/// public_schema = "monitoring"           # tier = "public" outputs (default quartier_public)
/// internal_schema = "monitoring_intern"  # internal outputs and quartier_runs (default quartier_internal)
/// lonlat = true                          # also a geom_4326 column (EPSG:4326), default false
/// publish = true                         # [publish]'s layer into public_schema too (default)
/// ```
package struct DatabaseSpec: Sendable, Equatable {
    /// The libpq connection string, with `PG:` (checked to hold no password).
    package var connection: String
    package var publicSchema: String
    package var internalSchema: String
    /// Also write a generated `geom_4326` column (EPSG:4326) beside the working CRS's `geom`.
    package var lonLat: Bool
    /// Also write `[publish]`'s layer into the public schema, as the table of its name.
    package var publish: Bool = true
    package var line: Int

    package static let defaultPublicSchema = "quartier_public"
    package static let defaultInternalSchema = "quartier_internal"

    package init(
        connection: String, publicSchema: String = defaultPublicSchema, internalSchema: String = defaultInternalSchema,
        lonLat: Bool = false, line: Int = 0
    ) {
        self.connection = ConnectionString.withPrefix(connection)
        self.publicSchema = publicSchema
        self.internalSchema = internalSchema
        self.lonLat = lonLat
        self.line = line
    }

    /// The schema of a tier's tables.
    package func schema(for tier: OutputTier) -> String { tier == .public ? publicSchema : internalSchema }

    /// Reads `[database]`.
    static func parse(_ s: inout TOMLSection) throws -> DatabaseSpec {
        let connectionLine = s.line(of: "connection")
        let written = try s.requiredString("connection")
        if let problem = ConnectionString.problem(written) {
            throw s.error("[database] connection: \(problem)", line: connectionLine)
        }
        let publicSchema = try s.string("public_schema") ?? defaultPublicSchema
        let internalSchema = try s.string("internal_schema") ?? defaultInternalSchema
        for (key, name) in [("public_schema", publicSchema), ("internal_schema", internalSchema)] {
            if let problem = PostGISName.problem(name, maximumLength: 63) {
                throw s.error("[database] \(key) '\(name)' \(problem)", line: s.line(of: key))
            }
        }
        guard publicSchema != internalSchema else {
            throw s.error(
                "[database] public_schema and internal_schema are both '\(publicSchema)': the public tier needs a "
                    + "schema of its own, which a read-only role may read without seeing the internal tier",
                line: s.line)
        }
        var spec = DatabaseSpec(
            connection: written, publicSchema: publicSchema, internalSchema: internalSchema,
            lonLat: try s.bool("lonlat") ?? false, line: s.line)
        spec.publish = try s.bool("publish") ?? true
        return spec
    }
}

/// What Quartier accepts as a table or schema name in PostGIS: lower-case letters, digits and `_`, starting with a
/// letter or `_` — names that need no quoting in SQL, QGIS or pg_featureserv — short enough that `<name>_previous`
/// and the names of its indexes fit PostgreSQL's 63 bytes.
package enum PostGISName {
    /// The longest table name (`<name>_previous_geom_4326_idx` still fits 63 bytes).
    package static let maximumTableLength = 36

    /// Why a name is not accepted, or nil.
    package static func problem(_ name: String, maximumLength: Int = maximumTableLength) -> String? {
        guard let first = name.unicodeScalars.first else { return "is empty" }
        let allowed = name.unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "_"
        }
        guard allowed, first == "_" || (first >= "a" && first <= "z") else {
            return "is not a plain name: use lower-case letters, digits and _ (starting with a letter)"
        }
        guard name.utf8.count <= maximumLength else { return "is longer than \(maximumLength) characters" }
        guard !name.hasPrefix("_qs_"), !name.hasSuffix("_previous") else {
            return "is reserved (_qs_… are Quartier's staging tables, …_previous the versions before the last run)"
        }
        return nil
    }

    /// Splits `[schema.]name` (the `--table` of the single commands); the schema defaults to `public`.
    /// - Throws: `QuartierError.user` naming the flag when a part is not a plain name.
    package static func qualified(_ text: String, flag: String) throws -> (schema: String, table: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2 else {
            throw QuartierError.user("\(flag) '\(text)': write [schema.]table, e.g. monitoring.plr_hotspots")
        }
        let (schema, table) = parts.count == 2 ? (parts[0], parts[1]) : ("public", parts[0])
        if let problem = problem(schema, maximumLength: 63) {
            throw QuartierError.user("\(flag) '\(text)': the schema '\(schema)' \(problem)")
        }
        if let problem = problem(table) {
            throw QuartierError.user("\(flag) '\(text)': the table '\(table)' \(problem)")
        }
        return (schema, table)
    }

    /// A name as an SQL identifier, double-quoted (a field name such as `PLR_ID` keeps its case).
    package static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A text as an SQL string literal (standard_conforming_strings, the default since PostgreSQL 9.1).
    package static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}

/// libpq connection strings as Quartier takes them: `PG:` followed by `keyword=value` pairs or a
/// `postgresql://` URI. A password is refused: it belongs in libpq's own files (`~/.pgpass`, `PGPASSFILE`, a
/// service file named by `PGSERVICEFILE`), never in an analysis file, a command line or a manifest.
package enum ConnectionString {
    /// `PG:` before a bare libpq string.
    package static func withPrefix(_ text: String) -> String { text.hasPrefix("PG:") ? text : "PG:" + text }

    /// The text with any password replaced by `***`, for messages.
    package static func redacted(_ text: String) -> String { GDALError.redactPassword(text) }

    /// True when `text` names a PostgreSQL database (`PG:…`).
    package static func isPostgreSQL(_ text: String) -> Bool { text.hasPrefix("PG:") }

    /// Why the string cannot be used, or nil: it holds a password (`password=…`, or `user:password@` in a URI).
    package static func problem(_ text: String) -> String? {
        let body = text.hasPrefix("PG:") ? String(text.dropFirst(3)) : text
        let hint =
            "it holds a password; keep passwords out of analysis files and command lines: put it in ~/.pgpass "
            + "(or the file PGPASSFILE names) or a service file (PGSERVICEFILE), which libpq reads itself"
        if body.hasPrefix("postgresql://") || body.hasPrefix("postgres://") {
            let rest = body.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
            let authority = rest.count > 2 ? rest[2] : ""
            if let at = authority.lastIndex(of: "@"), authority[..<at].contains(":") { return hint }
            if body.range(of: "[?&]password=", options: [.regularExpression, .caseInsensitive]) != nil { return hint }
            return nil
        }
        if keywords(body).contains(where: { $0.lowercased() == "password" }) { return hint }
        return nil
    }

    /// The keywords of a `keyword=value` string (values may be single-quoted, with `\'` and `\\` escapes).
    static func keywords(_ body: String) -> [String] {
        var found: [String] = []
        var index = body.startIndex
        func skipSpaces() { while index < body.endIndex, body[index].isWhitespace { index = body.index(after: index) } }
        while true {
            skipSpaces()
            guard index < body.endIndex else { break }
            var key = ""
            while index < body.endIndex, body[index] != "=", !body[index].isWhitespace {
                key.append(body[index])
                index = body.index(after: index)
            }
            skipSpaces()
            guard index < body.endIndex, body[index] == "=" else { found.append(key); continue }
            index = body.index(after: index)
            skipSpaces()
            found.append(key)
            if index < body.endIndex, body[index] == "'" {
                index = body.index(after: index)
                while index < body.endIndex, body[index] != "'" {
                    if body[index] == "\\" { index = body.index(after: index) }
                    if index < body.endIndex { index = body.index(after: index) }
                }
                if index < body.endIndex { index = body.index(after: index) }
            } else {
                while index < body.endIndex, !body[index].isWhitespace { index = body.index(after: index) }
            }
        }
        return found
    }
}
