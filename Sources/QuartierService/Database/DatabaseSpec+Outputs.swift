import QuartierTOML

extension DatabaseSpec {
    /// Reads `[database]` when the file has one, and checks it against the outputs: an output with `"postgis"` in its
    /// formats needs `[database]`, and no two outputs of one schema share a table.
    static func parseOutputs(_ root: inout TOMLSection, outputs: [OutputSpec], publish: PublishSpec?) throws
        -> DatabaseSpec?
    {
        var database: DatabaseSpec?
        if var section = try root.section("database") {
            database = try parse(&section)
            try section.finish()
        }
        var seen: [String: String] = [:]
        if let database, database.publish, let publish {
            if let problem = PostGISName.problem(publish.name) {
                throw root.error(
                    "[publish] name '\(publish.name)' is the table of the published layer in [database], and it "
                        + "\(problem); rename it or set publish = false in [database]", line: publish.line)
            }
            seen["\(database.publicSchema).\(publish.name)"] = "[publish]"
        }
        for output in outputs where output.postgis {
            guard let database else {
                throw root.error(
                    "[outputs.\(output.name)] has \"postgis\" in formats but the file has no [database] table: add "
                        + "[database] with connection = \"PG:…\" (no password: libpq reads it from ~/.pgpass, "
                        + "PGPASSFILE or a service file)", line: output.line)
            }
            let qualified = "\(database.schema(for: output.tier)).\(output.tableName)"
            if let other = seen[qualified] {
                throw root.error(
                    "[outputs.\(output.name)] and \(other.hasPrefix("[") ? other : "[outputs.\(other)]") both write the table \(qualified); give one of "
                        + "them table = \"<name>\"", line: output.line)
            }
            seen[qualified] = output.name
        }
        return database
    }
}

extension OutputSpec {
    /// `table` of an `[outputs.<name>]` table, for `"postgis"` in its formats (default: the output's name), checked.
    mutating func parseDatabase(_ s: inout TOMLSection, formats: [String]) throws {
        postgis = formats.contains("postgis")
        let line = s.line(of: "table")
        table = try s.string("table")
        if table != nil && !postgis {
            throw s.error("[outputs.\(name)] table names a database table: add \"postgis\" to formats", line: line)
        }
        if postgis, let problem = PostGISName.problem(tableName) {
            throw s.error(
                "[outputs.\(name)] the database table '\(tableName)' \(problem)"
                    + (table == nil ? "; name the table with table = \"<name>\"" : ""),
                line: table == nil ? s.line : line)
        }
    }
}
