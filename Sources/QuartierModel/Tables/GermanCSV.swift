package import Foundation

/// How to read a table file; every field left nil is detected (`TableDialect` reports the result).
package struct CSVReadOptions: Sendable {
    /// 1-based line number of the header row in the file; nil detects it below title lines.
    package var headerRow: Int?
    /// Number of trailing non-empty lines to drop (footnotes); nil detects footnotes. Empty lines
    /// at the end are ignored either way; a negative number counts as 0.
    package var skipFooter: Int?
    /// The field delimiter, one ASCII character (`";"`, `","`, `"\t"`); nil detects among those three.
    package var delimiter: String?
    /// Columns always read as text, e.g. keys: `["PLR_ID", "AGS"]` (names after de-duplication).
    package var textColumns: Set<String>

    package init(
        headerRow: Int? = nil, skipFooter: Int? = nil, delimiter: String? = nil, textColumns: Set<String> = []
    ) {
        self.headerRow = headerRow
        self.skipFooter = skipFooter
        self.delimiter = delimiter
        self.textColumns = textColumns
    }
}

/// Reads the CSV tables German statistics offices publish (Amt für Statistik Berlin-Brandenburg,
/// Destatis GENESIS exports, Regionalstatistik, Excel's "CSV (Trennzeichen-getrennt)").
///
/// Pure: no GDAL, no global state. Detects encoding (`TableTextDecoder`), delimiter, header row
/// below title lines and footnotes below the data (`GermanCSV+Layout.swift`), then types every
/// column (`TableColumn`): official missing-value symbols stay missing, keys with leading zeros stay
/// text, decimal and thousands separators are decided per column. A row with a different number of
/// fields than the header is an error: columns are never shifted silently. Linear in the file size.
package enum GermanCSV {
    /// Reads a table file.
    ///
    /// - Throws: `TableReadError` with `.fileNotFound`, `.unreadable`, `.empty`, `.noHeader` or
    ///   `.inconsistentRow`; the message names the file and line.
    package static func read(path: String, options: CSVReadOptions = CSVReadOptions()) throws -> IndicatorTable {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw TableReadError(.fileNotFound, "no such file", hint: "Check the path and its spelling", path: path)
        }
        if isFolder.boolValue {
            throw TableReadError(.unreadable, "this is a folder, not a table file", path: path)
        }
        if let problem = RegularFile.specialFileProblem(path) { throw TableReadError(.unreadable, problem, path: path) }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw TableReadError(
                .unreadable, "the file cannot be read (\(error.localizedDescription))",
                hint: "Check that the file is readable by this user", path: path)
        }
        return try parse(data, options: options, path: path)
    }

    /// Reads a table from the bytes of a file.
    ///
    /// - Parameter path: the file the bytes came from, for messages; nil for other sources.
    package static func parse(
        _ data: Data, options: CSVReadOptions = CSVReadOptions(), path: String? = nil
    ) throws -> IndicatorTable {
        let decoded = try TableTextDecoder.decode([UInt8](data), path: path)
        let delimiter = try options.delimiter.map { try delimiterByte($0, path: path) }
            ?? detectDelimiter(decoded.bytes)
        let records = CSVRecords.scan(decoded.bytes, delimiter: delimiter)
        if let line = records.unterminatedQuoteLine {
            throw TableReadError(
                .unreadable, "a quoted field that starts here never ends",
                hint: "Close the quote (a quote inside a quoted field is written as \"\")", path: path, line: line)
        }
        guard records.count > 0 else {
            throw TableReadError(.empty, "the file is empty or holds only empty lines", path: path)
        }
        let header = try options.headerRow.map { try headerRecord(atLine: $0, in: records, path: path) }
            ?? detectHeader(records, path: path)
        var width = records.fieldCount(header)
        let end: Int
        if let skip = options.skipFooter {
            end = max(header + 1, records.count - max(0, skip))
        } else {
            end = footnotesStart(records, header: header, width: width, delimiter: delimiter)
        }
        let rows = header + 1..<end
        guard !rows.isEmpty else {
            throw TableReadError(
                .empty, "the table has a header (line \(records.lines[header])) but no data rows",
                hint: options.skipFooter == nil ? nil : "Check skipFooter", path: path)
        }
        try checkWidths(records, rows: rows, header: header, delimiter: delimiter, path: path)
        // Lines ending with a delimiter ("a;b;") give an unnamed, empty last column: drop it.
        while width > 1 && records.isEmpty(records.cellIndex(header, width - 1))
            && rows.allSatisfy({ records.isEmpty(records.cellIndex($0, width - 1)) })
        {
            width -= 1
        }
        let names = columnNames(records.strings(ofRecord: header).prefix(width))
        var dialect = TableDialect(
            encoding: decoded.encoding, delimiter: String(UnicodeScalar(delimiter)),
            headerRow: records.lines[header], footerRowsSkipped: records.count - end)
        var columns: [FieldDefinition] = []
        var typed: [TableColumn] = []
        var badCells: [BadCell] = []
        for (field, name) in names.enumerated() {
            let column = TableColumn.read(
                records, rows: rows, field: field, fileDelimiter: delimiter,
                forceText: options.textColumns.contains(name))
            columns.append(FieldDefinition(name: name, type: column.type))
            if let decimal = column.decimalSeparator { dialect.decimalSeparators[name] = decimal }
            if let thousands = column.thousandsSeparator { dialect.thousandsSeparators[name] = thousands }
            badCells += column.invalidCells.map { BadCell(row: records.lines[rows.lowerBound + $0.row], column: name,
                                                          text: $0.text) }
            typed.append(column)
        }
        var values: [[AttributeValue]] = []
        values.reserveCapacity(rows.count)
        for position in 0..<rows.count {
            values.append(typed.map { $0.values[position] })
        }
        let order = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        badCells.sort { ($0.row, order[$0.column] ?? 0) < ($1.row, order[$1.column] ?? 0) }
        return IndicatorTable(
            columns: columns, rows: values, lineNumbers: Array(records.lines[rows]), badCells: badCells,
            dialect: dialect)
    }

    /// Header names verbatim; an empty name becomes `field_<n>` (1-based, as GDAL names them);
    /// repeated names get `_2`, `_3`, … in order of appearance.
    static func columnNames<S: Sequence<String>>(_ raw: S) -> [String] {
        var used = Set<String>()
        var names: [String] = []
        for (position, name) in raw.enumerated() {
            let base = name.isEmpty ? "field_\(position + 1)" : name
            var unique = base
            var suffix = 2
            while used.contains(unique) {
                unique = "\(base)_\(suffix)"
                suffix += 1
            }
            used.insert(unique)
            names.append(unique)
        }
        return names
    }

    /// The delimiter option as one byte.
    static func delimiterByte(_ text: String, path: String?) throws -> UInt8 {
        let bytes = Array(text.utf8)
        guard bytes.count == 1, let byte = bytes.first, byte != 0x22, byte != 0x0A, byte != 0x0D else {
            throw TableReadError(
                .unreadable, "the delimiter option '\(text)' is not one ASCII character",
                hint: "Give \";\", \",\" or a tab, or leave it out to detect it", path: path)
        }
        return byte
    }
}
