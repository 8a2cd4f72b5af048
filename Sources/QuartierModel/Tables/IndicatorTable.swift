/// How a table file was read, reported to the user (the join report), so that a planner can check
/// every guess the reader made: encoding, delimiter, header line, footnotes and number formats.
package struct TableDialect: Sendable, Codable, Equatable {
    /// `"UTF-8"`, `"UTF-8 with BOM"`, `"Windows-1252"` (also covers ISO 8859-1), or, for Excel's
    /// "Unicode text" exports, `"UTF-16LE"` / `"UTF-16BE"` (always with a byte-order mark).
    package var encoding: String
    /// The field delimiter: `";"`, `","` or `"\t"` (or what `CSVReadOptions.delimiter` gave).
    package var delimiter: String
    /// 1-based line number of the header row in the file (lines counted as in a text editor).
    package var headerRow: Int
    /// Non-empty lines dropped below the data: detected footnotes, or `CSVReadOptions.skipFooter`.
    package var footerRowsSkipped: Int
    /// Per numeric column name: the decimal separator decided from its values, `","` or `"."`.
    package var decimalSeparators: [String: String]
    /// Per numeric column that used one: its (most frequent) thousands separator: `"."`, `" "`,
    /// `"\u{00A0}"`, `"\u{202F}"`, `"'"` or `","`.
    package var thousandsSeparators: [String: String]

    package init(
        encoding: String, delimiter: String, headerRow: Int, footerRowsSkipped: Int = 0,
        decimalSeparators: [String: String] = [:], thousandsSeparators: [String: String] = [:]
    ) {
        self.encoding = encoding
        self.delimiter = delimiter
        self.headerRow = headerRow
        self.footerRowsSkipped = footerRowsSkipped
        self.decimalSeparators = decimalSeparators
        self.thousandsSeparators = thousandsSeparators
    }
}

/// A cell of a numeric column that is neither a number nor an official missing-value symbol. It is
/// read as `.missing(.invalid)` and reported here.
package struct BadCell: Sendable, Codable, Equatable {
    /// 1-based line in the file where the row starts.
    package var row: Int
    /// The column name as in `IndicatorTable.columns`.
    package var column: String
    /// The cell's text as in the file (quotes removed, surrounding white space trimmed).
    package var text: String

    package init(row: Int, column: String, text: String) {
        self.row = row
        self.column = column
        self.text = text
    }
}

/// An indicator table read from a statistics office's file: typed columns, rows of values with
/// missing values kept as such, and a report of how the file was read.
///
/// Produced by `GermanCSV`; rows are aligned with `columns` (every row has `columns.count` values).
package struct IndicatorTable: Sendable {
    /// Header names verbatim (trimmed; duplicates suffixed `_2`, `_3`), typed `.string`,
    /// `.integer` (values `.integer(Int64)`) or `.real` (values `.real(Double)`).
    package var columns: [FieldDefinition]
    /// One array per data row, aligned with `columns`.
    package var rows: [[AttributeValue]]
    /// 1-based file line where each row starts, for messages.
    package var lineNumbers: [Int]
    /// Cells of numeric columns that could not be read as numbers (read as `.missing(.invalid)`).
    package var badCells: [BadCell]
    package var dialect: TableDialect

    package init(
        columns: [FieldDefinition], rows: [[AttributeValue]], lineNumbers: [Int], badCells: [BadCell],
        dialect: TableDialect
    ) {
        self.columns = columns
        self.rows = rows
        self.lineNumbers = lineNumbers
        self.badCells = badCells
        self.dialect = dialect
    }

    /// The position of a column by exact name, or nil.
    package func columnIndex(_ name: String) -> Int? {
        columns.firstIndex { $0.name == name }
    }

    /// The values of one column, row by row (`.missing(.empty)` for an index out of range).
    package func column(_ index: Int) -> [AttributeValue] {
        rows.map { index < $0.count ? $0[index] : .null }
    }

    /// The values of the named column, or nil when there is no such column.
    package func column(named name: String) -> [AttributeValue]? {
        columnIndex(name).map { column($0) }
    }
}
