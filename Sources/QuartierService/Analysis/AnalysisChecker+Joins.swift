import Logging
import QuartierModel

/// `check` reads every `[[join]]`'s table as `run` does and validates the columns the step names.
extension AnalysisChecker {
    /// Every `[[join]]`'s table is read as `run` reads it (header, layout, types) and must hold its key column and
    /// every column the step names; the message gives the file, the line and the columns it has.
    static func checkJoins(_ analysis: AnalysisFile, logger: Logger) throws -> (lines: [String], columns: Set<String>) {
        var lines: [String] = []
        var joined: Set<String> = []
        for join in analysis.steps.joins {
            guard let spec = analysis.input(named: join.table) else { continue }
            let place = "[[join]] of '\(join.table)' (\(analysis.path):\(join.line))"
            let key = join.byName?.table ?? join.key ?? analysis.areaInput?.idField ?? ""
            let (table, _) = try TableLoader.load(spec, textColumns: [key], logger: logger)
            let names = table.columns.map(\.name)
            let wanted = [key] + (join.columns ?? []) + (join.validity.map { [$0.column] } ?? [])
            for column in wanted where table.columnIndex(column) == nil {
                let close = names.filter { $0.lowercased() == column.lowercased() }
                throw QuartierError.user(
                    "\(place): the table has no column '\(column)'"
                        + (close.isEmpty ? "" : " (did you mean '\(close.joined(separator: "', '"))'?)")
                        + "; its columns: " + names.joined(separator: ", "))
            }
            joined.formUnion(join.columns ?? names.filter { $0 != key })
            lines.append(
                "[[join]] of '\(join.table)': key '\(key)' and \(join.columns?.count ?? names.count - 1) column(s) found"
            )
        }
        return (lines, joined)
    }
}
