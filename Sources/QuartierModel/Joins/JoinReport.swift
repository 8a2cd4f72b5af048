/// What a join did, for the planner (printed) and the record (`manifest.json`, `--report`): nothing
/// that does not match is dropped silently.
package struct JoinReport: Sendable, Codable {
    /// The table's name (its input name or file).
    package var table: String
    /// Areas that received a row.
    package var matched: Int
    /// Keys of table rows that no area has (or `row N` for rows without a key).
    package var unmatchedTableRows: [String]
    /// Keys of areas that no table row has; their joined fields are null with status `no_row`.
    package var areasWithoutRow: [String]
    /// Keys that occur in more than one table row.
    package var duplicateKeys: [String]
    /// Cells of numeric columns that are not numbers (row, column, raw text).
    package var badCells: [BadCell]
    /// How the table file was read (CSV only).
    package var dialect: TableDialect?
    /// Table columns renamed because an area field has the same name: original → new.
    package var renamedColumns: [String: String]
    /// Units the table reports together (alias map, join by name): table name → area names.
    package var merged: [String: [String]]
    /// Area names that occur more than once and so cannot be joined by name.
    package var ambiguousAreaNames: [String]
    /// Advice, e.g. keys that lost their leading zeros.
    package var hints: [String]

    package init(table: String) {
        self.table = table
        matched = 0
        unmatchedTableRows = []
        areasWithoutRow = []
        duplicateKeys = []
        badCells = []
        renamedColumns = [:]
        merged = [:]
        ambiguousAreaNames = []
        hints = []
    }

    /// A few lines for the terminal.
    package var summary: String {
        var lines = ["join '\(table)': \(matched) areas matched"]
        func list(_ items: [String]) -> String {
            items.prefix(10).joined(separator: ", ") + (items.count > 10 ? " and \(items.count - 10) more" : "")
        }
        if !areasWithoutRow.isEmpty {
            lines.append(
                "  \(areasWithoutRow.count) areas without a row (null, status no_row): \(list(areasWithoutRow))")
        }
        if !unmatchedTableRows.isEmpty {
            lines.append("  \(unmatchedTableRows.count) table rows without an area: \(list(unmatchedTableRows))")
        }
        if !duplicateKeys.isEmpty { lines.append("  duplicate keys: \(list(duplicateKeys))") }
        if !badCells.isEmpty {
            let cells = badCells.map { "line \($0.row) \($0.column) '\($0.text)'" }
            lines.append("  \(badCells.count) cells are not numbers (null, status invalid): \(list(cells))")
        }
        for (name, members) in merged.sorted(by: { $0.key < $1.key }) {
            lines.append("  '\(name)' covers \(members.joined(separator: ", ")) (status merged)")
        }
        if !ambiguousAreaNames.isEmpty { lines.append("  ambiguous area names: \(list(ambiguousAreaNames))") }
        if !renamedColumns.isEmpty {
            lines.append(
                "  renamed: "
                    + renamedColumns.sorted { $0.key < $1.key }.map { "\($0.key) → \($0.value)" }
                    .joined(separator: ", "))
        }
        lines += hints.map { "  hint: \($0)" }
        return lines.joined(separator: "\n")
    }
}

/// A join that cannot be done as asked.
package struct JoinError: QuartierFailure {
    package var message: String
    /// Not one key of the table is a key of the areas (`AttributeJoin.attach`): the areas' file is the other half
    /// of the problem, which the caller can name.
    package var noKeyInCommon = false
    package var description: String { message }
    /// A join fails on its inputs (keys, columns, duplicates): bad input.
    package var kind: FailureKind { .badInput }
    package init(_ message: String) { self.message = message }
}

/// What to do when a key occurs in several table rows.
package enum DuplicatePolicy: String, Sendable, Codable, CaseIterable {
    /// Stop with an error listing the keys (the default: a duplicate usually means a wrong table).
    case error
    /// Use the first row.
    case first
    /// Sum numeric columns over the rows (text columns: the first row's value).
    case sum
}
