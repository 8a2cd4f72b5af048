import Foundation
import QuartierModel

/// Paths and shortcuts for the table reader's tests. QuartierModelTests does not depend on
/// QuartierTestSupport (QuartierModel stays free of dependencies), so the repository root is found
/// here from this file's path, as `TestSupport.root` does.
enum TableTesting {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A file of `Tests/Fixtures/tables/` (made by `make-table-fixtures.py` there).
    static func fixture(_ name: String) -> String {
        root.appendingPathComponent("Tests/Fixtures/tables").appendingPathComponent(name).path
    }

    /// A file of the bundled real data (`Geodata/SOURCE.md`).
    static func geodata(_ relative: String) -> String {
        root.appendingPathComponent("Geodata").appendingPathComponent(relative).path
    }

    /// Reads a table written as UTF-8 text.
    static func parse(_ text: String, _ options: CSVReadOptions = CSVReadOptions()) throws -> IndicatorTable {
        try GermanCSV.parse(Data(text.utf8), options: options, path: "test.csv")
    }

    /// Reads a table given as raw bytes.
    static func parse(bytes: [UInt8], _ options: CSVReadOptions = CSVReadOptions()) throws -> IndicatorTable {
        try GermanCSV.parse(Data(bytes), options: options, path: "test.csv")
    }

    /// The values of a named column (empty when there is no such column, so that `#expect` fails).
    static func column(_ table: IndicatorTable, _ name: String) -> [AttributeValue] {
        table.column(named: name) ?? []
    }

    /// The field type of a named column.
    static func type(_ table: IndicatorTable, _ name: String) -> FieldType? {
        table.columnIndex(name).map { table.columns[$0].type }
    }

    /// |a − b| ≤ atol + rtol·|b| (numpy's `isclose`, ARCHITECTURE.md convention 13).
    static func isClose(_ a: Double?, _ b: Double, rtol: Double = 1e-5, atol: Double = 1e-7) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= atol + rtol * abs(b)
    }
}
