import Foundation

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
