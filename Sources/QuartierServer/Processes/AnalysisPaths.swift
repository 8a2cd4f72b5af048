import Foundation
import QuartierService
import QuartierTOML

/// Confines every file an analysis file names to the data folder, before anything reads one: the server's `run`
/// and `publish` processes check the file's TOML here, so that a catalogue, weights file, alias file, vocabulary
/// or input outside the data folder is refused by name — and its content can never reach an answer (a parse
/// error of `/etc/os-release` read as a catalogue would quote it).
///
/// A value is a path when its key names one (`pathKeys`, resolved against the analysis file's folder as the
/// analysis file's reader does), or when it is an absolute path to something that exists (a key added later
/// that names a file is confined too).
enum AnalysisPaths {
    /// Keys whose string values are file paths.
    static let pathKeys: Set<String> = [
        "source", "catalogue", "weights_file", "save_weights", "alias_file", "aliases_file", "vocabulary",
        "vocabulary_file", "file", "path", "table",
    ]
    /// Deeper tables are not searched (the TOML reader limits nesting itself; this keeps the walk bounded).
    static let maxDepth = 64

    /// Checks the paths of the analysis file at `path` (itself inside the data folder).
    /// - Throws: `InputError` naming the file (relative), the line, the key and the path as written.
    static func check(analysisFile path: String, in folder: DataFolder) throws {
        let shown = folder.redact(path)
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw InputError("analysis file '\(shown)' cannot be read as UTF-8 text")
        }
        let table = try TOMLParser.parse(text, file: shown)
        let base = (path as NSString).deletingLastPathComponent
        try walk(table, depth: 0) { key, value, line in
            let named = pathKeys.contains(key)
            guard named || (value.hasPrefix("/") && FileManager.default.fileExists(atPath: value)) else { return }
            if value.hasPrefix("/") || value.hasPrefix("~") {
                guard !value.hasPrefix("~"), folder.contains(value) else { throw outside(shown, line, key, value) }
                return
            }
            // A connection string or URL: the analysis file's reader and the input check refuse those by name.
            if value.contains(":") { return }
            guard folder.contains((base as NSString).appendingPathComponent(value)) else {
                throw outside(shown, line, key, value)
            }
        }
    }

    private static func outside(_ file: String, _ line: Int, _ key: String, _ value: String) -> InputError {
        InputError(
            "analysis file '\(file)' line \(line): \(key) = \"\(Problem.safe(value))\" is outside the data folder; "
                + "the server reads only files in the data folder (name them relative to the analysis file)")
    }

    /// Calls `visit` with every string value (in tables, arrays and arrays of tables) and the key it belongs to.
    private static func walk(
        _ table: TOMLTable, depth: Int, _ visit: (String, String, Int) throws -> Void
    ) throws {
        guard depth < maxDepth else { return }
        for entry in table.entries {
            try walk(entry.node, key: entry.key, depth: depth + 1, visit)
        }
    }

    private static func walk(
        _ node: TOMLNode, key: String, depth: Int, _ visit: (String, String, Int) throws -> Void
    ) throws {
        guard depth < maxDepth else { return }
        switch node.value {
        case .string(let value): try visit(key, value, node.line)
        case .array(let items): for item in items { try walk(item, key: key, depth: depth + 1, visit) }
        case .table(let table): try walk(table, depth: depth, visit)
        case .integer, .float, .boolean, .dateTime: return
        }
    }
}
