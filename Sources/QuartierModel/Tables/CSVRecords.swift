/// The records of a CSV text, split by one delimiter and held flat: the contents of all cells
/// (quotes removed, white space trimmed) lie one after another in one byte buffer.
///
/// Quoting follows RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): a field that starts with `"`
/// (after optional spaces) runs to the next lone `"`, `""` inside it stands for one `"`, and it may
/// hold delimiters and line breaks. Text after the closing quote is kept as it is (lenient, as
/// Excel). Lines end with LF, CRLF or a lone CR (Excel for Mac). Records whose cells are all empty
/// (blank lines, `;;;` separators) are left out. Linear in the input: one pass over the bytes, no
/// per-character `String` work.
struct CSVRecords {
    /// The UTF-8 contents of every cell, trimmed, one after another.
    private(set) var cells: [UInt8] = []
    /// Cell `k` is `cells[cellBounds[k]..<cellBounds[k + 1]]`.
    private(set) var cellBounds: [Int] = [0]
    /// Record `r` holds cells `recordBounds[r]..<recordBounds[r + 1]`.
    private(set) var recordBounds: [Int] = [0]
    /// The 1-based line of the file where each record starts.
    private(set) var lines: [Int] = []
    /// The line of the first quoted field that is never closed, if any.
    private(set) var unterminatedQuoteLine: Int?

    var count: Int { lines.count }

    func fieldCount(_ record: Int) -> Int { recordBounds[record + 1] - recordBounds[record] }

    /// The index of a cell (for `cellRange` and `string`) from its record and field position.
    func cellIndex(_ record: Int, _ field: Int) -> Int { recordBounds[record] + field }

    func cellRange(_ cell: Int) -> Range<Int> { cellBounds[cell]..<cellBounds[cell + 1] }

    func isEmpty(_ cell: Int) -> Bool { cellBounds[cell] == cellBounds[cell + 1] }

    func string(_ cell: Int) -> String {
        String(decoding: cells[cellBounds[cell]..<cellBounds[cell + 1]], as: UTF8.self)
    }

    /// The texts of a record's cells.
    func strings(ofRecord record: Int) -> [String] {
        (recordBounds[record]..<recordBounds[record + 1]).map(string)
    }

    /// The number of non-empty cells of a record.
    func nonEmptyCount(_ record: Int) -> Int {
        (recordBounds[record]..<recordBounds[record + 1]).reduce(0) { $0 + (isEmpty($1) ? 0 : 1) }
    }

    /// Splits UTF-8 text into records.
    ///
    /// - Parameters:
    ///   - delimiter: the field delimiter, one ASCII byte.
    ///   - limit: stop after this many (non-blank) records, for sampling.
    static func scan(_ bytes: [UInt8], delimiter: UInt8, limit: Int = Int.max) -> CSVRecords {
        var records = CSVRecords()
        records.cells.reserveCapacity(limit == Int.max ? bytes.count : min(bytes.count, 1 << 16))
        bytes.withUnsafeBufferPointer { buffer in
            records.scan(buffer, delimiter: delimiter, limit: limit)
        }
        return records
    }

    private mutating func scan(_ buffer: UnsafeBufferPointer<UInt8>, delimiter: UInt8, limit: Int) {
        let quote: UInt8 = 0x22, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D, space: UInt8 = 0x20
        let end = buffer.count
        var i = 0
        var line = 1
        while i < end && lines.count < limit {
            let recordLine = line
            let firstCell = cellBounds.count - 1
            let firstByte = cells.count
            while true {
                let fieldStart = cells.count
                var j = i
                while j < end && buffer[j] == space { j += 1 }
                if j < end && buffer[j] == quote {
                    j += 1
                    var segment = j
                    var closed = false
                    while j < end {
                        let c = buffer[j]
                        if c == quote {
                            cells.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[segment..<j]))
                            if j + 1 < end && buffer[j + 1] == quote {
                                cells.append(quote)
                                j += 2
                                segment = j
                                continue
                            }
                            j += 1
                            closed = true
                            break
                        }
                        if c == lf || (c == cr && !(j + 1 < end && buffer[j + 1] == lf)) { line += 1 }
                        j += 1
                    }
                    if !closed {
                        cells.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[segment..<end]))
                        if unterminatedQuoteLine == nil { unterminatedQuoteLine = recordLine }
                    }
                    segment = j
                    while j < end, buffer[j] != delimiter, buffer[j] != lf, buffer[j] != cr { j += 1 }
                    cells.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[segment..<j]))
                } else {
                    j = i
                    while j < end {
                        let c = buffer[j]
                        if c == delimiter || c == lf || c == cr { break }
                        j += 1
                    }
                    cells.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[i..<j]))
                }
                trim(from: fieldStart)
                cellBounds.append(cells.count)
                i = j
                if i < end && buffer[i] == delimiter {
                    i += 1
                    continue
                }
                if i < end {
                    if buffer[i] == cr && i + 1 < end && buffer[i + 1] == lf { i += 1 }
                    i += 1
                    line += 1
                }
                break
            }
            if cells.count == firstByte {
                cellBounds.removeLast(cellBounds.count - 1 - firstCell)  // a blank record
            } else {
                recordBounds.append(cellBounds.count - 1)
                lines.append(recordLine)
            }
        }
    }

    /// Removes white space (ASCII, U+00A0 no-break space, U+202F narrow no-break space) around the
    /// cell that starts at `start` and runs to the end of `cells`.
    private mutating func trim(from start: Int) {
        while cells.count > start {
            let width = CSVRecords.spaceWidth(endingAt: cells.count, in: cells, from: start)
            if width == 0 { break }
            cells.removeLast(width)
        }
        var lead = start
        while lead < cells.count {
            let width = CSVRecords.spaceWidth(startingAt: lead, in: cells)
            if width == 0 { break }
            lead += width
        }
        if lead > start { cells.removeSubrange(start..<lead) }
    }

    /// The byte length of a white-space character starting at `index`, or 0.
    static func spaceWidth(startingAt index: Int, in bytes: [UInt8]) -> Int {
        let b = bytes[index]
        if b == 0x20 || (b >= 0x09 && b <= 0x0D) { return 1 }
        if b == 0xC2 && index + 1 < bytes.count && bytes[index + 1] == 0xA0 { return 2 }
        if b == 0xE2 && index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0xAF { return 3 }
        return 0
    }

    /// The byte length of a white-space character ending just before `end` (not before `start`), or 0.
    static func spaceWidth(endingAt end: Int, in bytes: [UInt8], from start: Int) -> Int {
        let b = bytes[end - 1]
        if b == 0x20 || (b >= 0x09 && b <= 0x0D) { return 1 }
        if b == 0xA0 && end - 2 >= start && bytes[end - 2] == 0xC2 { return 2 }
        if b == 0xAF && end - 3 >= start && bytes[end - 3] == 0xE2 && bytes[end - 2] == 0x80 { return 3 }
        return 0
    }
}
