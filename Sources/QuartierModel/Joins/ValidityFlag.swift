import Foundation

/// A validity flag column of a statistics table (e.g. MSS `KOM` = "gültig" / "ungültig (EW unter 300)"):
/// in rows whose flag is not one of the valid values, empty cells are missing because the source
/// declared the row invalid, and carry status `invalid` instead of a bare null.
package struct ValidityFlag: Sendable, Hashable {
    package var column: String
    package var validValues: Set<String>

    package init(column: String, validValues: Set<String>) {
        self.column = column
        self.validValues = validValues
    }

    /// The table with the empty cells of flagged rows marked `invalid`.
    /// - Throws: `JoinError` when the table has no such column.
    package func apply(to table: IndicatorTable, tableName: String) throws -> (IndicatorTable, flaggedRows: Int) {
        let index = try AttributeJoin.fieldIndex(column, in: table.columns.map(\.name), of: "table '\(tableName)'")
        var result = table
        var flagged = 0
        for r in result.rows.indices {
            let flag = result.rows[r][index].stringValue?.trimmingCharacters(in: .whitespaces) ?? ""
            guard !validValues.contains(flag) else { continue }
            flagged += 1
            result.rows[r] = result.rows[r].map { value in
                if case .missing(.empty) = value { return .missing(.invalid) }
                return value
            }
        }
        return (result, flagged)
    }
}
