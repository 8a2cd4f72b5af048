/// One column of an indicator table, typed from its cells.
///
/// Rules (ARCHITECTURE.md, *Conventions of the field*, and the Destatis "Zeichenerklärung"):
/// - A whole cell `.` or `…`/`...` is `.missing(.secret)`, `-` or `–` `.missing(.none)`, `x`/`X`
///   `.missing(.blocked)`, `/` `.missing(.unreliable)`, an empty cell `.missing(.empty)`; in every
///   column, never 0.
/// - A column is numeric when at least 80 % of its non-missing cells are numbers; its other cells
///   become `.missing(.invalid)` and are reported as bad cells.
/// - A column named in `CSVReadOptions.textColumns`, or holding a digits-only value with a leading
///   zero (`01100101`), is text: keys keep their zeros.
/// - The decimal separator is decided per column from its values (see `decideDecimal`).
struct TableColumn {
    var type: FieldType
    var values: [AttributeValue]
    /// `","` or `"."` for numeric columns, else nil.
    var decimalSeparator: String?
    /// The most frequent thousands separator of a numeric column, or nil when none was used.
    var thousandsSeparator: String?
    /// Row positions (in `values`) and texts of cells that are not numbers in a numeric column.
    var invalidCells: [(row: Int, text: String)]

    /// Share of non-missing cells that must be numbers for a numeric column.
    static let numericShare = 0.8

    /// Types the cells `field` of `records` in `rows`.
    ///
    /// - Parameters:
    ///   - fileDelimiter: the file's delimiter; in a `;` file, dotted values with exactly three
    ///     digits after every dot (`1.234`) are thousands-grouped.
    ///   - forceText: the column is in `CSVReadOptions.textColumns`.
    static func read(
        _ records: CSVRecords, rows: Range<Int>, field: Int, fileDelimiter: UInt8, forceText: Bool
    ) -> TableColumn {
        var values = [AttributeValue](repeating: .null, count: rows.count)
        var present: [Int] = []  // positions of cells that are not missing
        var shapes = ShapeSummary()
        var numericLooking = 0
        var leadingZero = false
        records.cells.withUnsafeBufferPointer { cells in
            for (position, record) in rows.enumerated() {
                let range = records.cellRange(records.cellIndex(record, field))
                let cell = UnsafeBufferPointer(rebasing: cells[range])
                if let reason = missingReason(cell) {
                    values[position] = .missing(reason)
                    continue
                }
                present.append(position)
                guard !forceText, !leadingZero, let shape = CellShape(cell) else { continue }
                if shape.isKeyWithLeadingZero { leadingZero = true }
                numericLooking += 1
                shapes.add(shape)
            }
        }
        let threshold = numericShare * Double(present.count)
        if forceText || leadingZero || present.isEmpty || Double(numericLooking) < threshold {
            return text(records, rows: rows, field: field, values: values, present: present)
        }
        let decimal = shapes.decideDecimal(fileDelimiter: fileDelimiter)
        var parsed = [GermanNumber.Value?](repeating: nil, count: present.count)
        var numbers = 0
        var isReal = false
        var thousandsUse = [Int](repeating: 0, count: GermanNumber.Thousands.allCases.count)
        records.cells.withUnsafeBufferPointer { cells in
            for (k, position) in present.enumerated() {
                let range = records.cellRange(records.cellIndex(rows.lowerBound + position, field))
                guard let number = GermanNumber.parse(UnsafeBufferPointer(rebasing: cells[range]), decimal: decimal)
                else { continue }
                parsed[k] = number.value
                numbers += 1
                if case .real = number.value { isReal = true }
                if let thousands = number.thousands { thousandsUse[thousands.rawValue] += 1 }
            }
        }
        guard Double(numbers) >= threshold else {
            return text(records, rows: rows, field: field, values: values, present: present)
        }
        var invalid: [(row: Int, text: String)] = []
        for (k, position) in present.enumerated() {
            switch parsed[k] {
            case .integer(let i)?: values[position] = isReal ? .real(Double(i)) : .integer(i)
            case .real(let d)?: values[position] = .real(d)
            case nil:
                values[position] = .missing(.invalid)
                invalid.append((position, records.string(records.cellIndex(rows.lowerBound + position, field))))
            }
        }
        let mostUsed = thousandsUse.indices.max { thousandsUse[$0] < thousandsUse[$1] }
        let thousands = mostUsed.flatMap { thousandsUse[$0] > 0 ? GermanNumber.Thousands(rawValue: $0) : nil }
        return TableColumn(
            type: isReal ? .real : .integer, values: values, decimalSeparator: decimal == 0x2C ? "," : ".",
            thousandsSeparator: thousands?.text, invalidCells: invalid)
    }

    private static func text(
        _ records: CSVRecords, rows: Range<Int>, field: Int, values: [AttributeValue], present: [Int]
    ) -> TableColumn {
        var values = values
        for position in present {
            values[position] = .string(records.string(records.cellIndex(rows.lowerBound + position, field)))
        }
        return TableColumn(type: .string, values: values, decimalSeparator: nil, thousandsSeparator: nil,
                           invalidCells: [])
    }

    /// The official symbol a whole (trimmed) cell stands for, `.empty` for an empty cell, or nil.
    static func missingReason(_ cell: UnsafeBufferPointer<UInt8>) -> MissingReason? {
        switch cell.count {
        case 0: return .empty
        case 1:
            switch cell[0] {
            case 0x2E: return .secret  // .
            case 0x2D: return MissingReason.none  // -
            case 0x78, 0x58: return .blocked  // x X
            case 0x2F: return .unreliable  // /
            default: return nil
            }
        case 3:
            if cell[0] == 0x2E && cell[1] == 0x2E && cell[2] == 0x2E { return .secret }  // ...
            guard cell[0] == 0xE2 && cell[1] == 0x80 else { return nil }
            if cell[2] == 0x93 { return MissingReason.none }  // – U+2013
            if cell[2] == 0xA6 { return .secret }  // … U+2026
            return nil
        default: return nil
        }
    }
}
