import Foundation
import QuartierGDAL

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
