/// Finding the table in a file: delimiter, header row below title lines, footnotes below the data,
/// and the check that every data row has as many fields as the header.
extension GermanCSV {
    /// Candidate delimiters in order of preference on a tie: `;` (German exports), tab, `,`.
    static let candidateDelimiters: [UInt8] = [0x3B, 0x09, 0x2C]
    /// Records sampled for the delimiter: the header and about 50 lines below title lines.
    static let delimiterSample = 60
    /// Records searched for the header row.
    static let headerSearch = 100

    /// The candidate delimiter under which the longest run of consecutive records shares one field
    /// count (of at least 2), quotes respected; a tie goes to the one under which more records of the
    /// sample have their most frequent count, then to the order `;`, tab, `,`. Title lines with commas
    /// ("Bevölkerung: Kreise, Stichtag") and decimal commas (`Mitte;1,5;2,5` splits evenly at `,`,
    /// but the header does not) break the runs of the wrong delimiter. With no candidate giving
    /// 2 fields, `;`.
    static func detectDelimiter(_ bytes: [UInt8]) -> UInt8 {
        var best = candidateDelimiters[0]
        var bestScore = (run: 0, records: 0)
        for delimiter in candidateDelimiters {
            let sample = CSVRecords.scan(bytes, delimiter: delimiter, limit: delimiterSample)
            var histogram: [Int: Int] = [:]
            var longest = 0, run = 0, previous = 0
            for record in 0..<sample.count {
                let count = sample.fieldCount(record)
                run = count >= 2 && count == previous ? run + 1 : (count >= 2 ? 1 : 0)
                previous = count
                longest = max(longest, run)
                if count >= 2 { histogram[count, default: 0] += 1 }
            }
            let score = (run: longest, records: histogram.values.max() ?? 0)
            if score > bestScore {
                best = delimiter
                bestScore = score
            }
        }
        return best
    }

    /// The record that starts on the given 1-based line.
    static func headerRecord(atLine line: Int, in records: CSVRecords, path: String?) throws -> Int {
        var low = 0, high = records.count
        while low < high {
            let middle = (low + high) / 2
            if records.lines[middle] < line { low = middle + 1 } else { high = middle }
        }
        guard low < records.count, records.lines[low] == line else {
            throw TableReadError(
                .noHeader, "the header row was given as line \(line), but no row starts there",
                hint: "The line is empty, inside a quoted field or past the end; rows start on lines "
                    + records.lines.prefix(5).map(String.init).joined(separator: ", ") + " …",
                path: path, line: line)
        }
        return low
    }

    /// The first record whose field count is the file's dominant one (most frequent of at least 2)
    /// and whose cells are mostly filled and mostly not numbers: title lines ("Statistischer
    /// Bericht …", a line with one field, a padded `Tabelle 3;;;;`) above it are skipped.
    static func detectHeader(_ records: CSVRecords, path: String?) throws -> Int {
        var histogram: [Int: Int] = [:]
        for record in 0..<records.count where records.fieldCount(record) >= 2 {
            histogram[records.fieldCount(record), default: 0] += 1
        }
        let dominant = histogram.max { ($0.value, $0.key) < ($1.value, $1.key) }?.key ?? 1
        for record in 0..<min(records.count, headerSearch)
        where records.fieldCount(record) == dominant && looksLikeHeader(records, record) {
            return record
        }
        throw TableReadError(
            .noHeader, "no header row found in the first \(headerSearch) lines "
                + "(a row of \(dominant) fields, mostly names rather than numbers)",
            hint: "Give the line of the column names with headerRow", path: path)
    }

    /// More than half of the cells filled, and more than half of those text. A four-digit year
    /// (1800–2199) counts as text: tables often have one column per year.
    static func looksLikeHeader(_ records: CSVRecords, _ record: Int) -> Bool {
        let count = records.fieldCount(record)
        var filled = 0
        var text = 0
        records.cells.withUnsafeBufferPointer { cells in
            for field in 0..<count {
                let cell = UnsafeBufferPointer(rebasing: cells[records.cellRange(records.cellIndex(record, field))])
                guard !cell.isEmpty else { continue }
                filled += 1
                if isText(cell) || isYear(cell) { text += 1 }
            }
        }
        return filled * 2 > count && text * 2 > filled
    }

    /// Neither a missing-value symbol nor a number in either decimal convention.
    static func isText(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        TableColumn.missingReason(cell) == nil && GermanNumber.parse(cell, decimal: 0x2C) == nil
            && GermanNumber.parse(cell, decimal: 0x2E) == nil
    }

    private static func isYear(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        guard cell.count == 4, cell.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        let year = cell.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        return (1800...2199).contains(year)
    }

    /// The index of the first footnote record below the data (`records.count` when there is none).
    static func footnotesStart(_ records: CSVRecords, header: Int, width: Int, delimiter: UInt8) -> Int {
        var end = records.count
        while end > header + 1 && isFootnote(records, end - 1, width: width, delimiter: delimiter) {
            end -= 1
        }
        return end
    }

    /// A footnote starts with a cue (`1)`, `*`, `Quelle:`, `©`, `Stand` …) and has at most two
    /// filled cells or the wrong width; or it has the wrong width, only text, and is not a data row
    /// written with another delimiter.
    static func isFootnote(_ records: CSVRecords, _ record: Int, width: Int, delimiter: UInt8) -> Bool {
        let count = records.fieldCount(record)
        let cells = (0..<count).map { records.cellIndex(record, $0) }.filter { !records.isEmpty($0) }
        guard let first = cells.first else { return false }
        if hasFootnoteCue(records.string(first)) && (cells.count <= 2 || count != width) { return true }
        guard count != width, otherDelimiter(records, record, width: width, delimiter: delimiter) == nil
        else { return false }
        return records.cells.withUnsafeBufferPointer { bytes in
            cells.allSatisfy { isText(UnsafeBufferPointer(rebasing: bytes[records.cellRange($0)])) }
        }
    }

    /// Signs that start a footnote wherever they stand.
    private static let footnoteSigns = ["*", "¹", "²", "³", "©", "(c)"]
    /// Words that start a footnote when a non-letter follows (`Quelle:`, `Stand 2024`, not `Standort`).
    private static let footnoteWords = [
        "quelle", "quellen", "source", "stand", "anmerkung", "anmerkungen", "hinweis", "hinweise", "fußnote",
        "fussnote", "footnote", "note", "notes", "zeichenerklärung", "erläuterung", "erläuterungen", "copyright",
    ]

    /// Starts like a footnote: a sign, a cue word, or `1)` … `99)`.
    static func hasFootnoteCue(_ text: String) -> Bool {
        let lower = text.lowercased()
        if footnoteSigns.contains(where: { lower.hasPrefix($0) }) { return true }
        let word = lower.prefix { $0.isLetter }
        if footnoteWords.contains(String(word)) { return true }
        let digits = lower.prefix { $0.isASCII && $0.isNumber }
        return (1...2).contains(digits.count) && lower.dropFirst(digits.count).first == ")"
    }

    /// Another candidate delimiter that splits the record into `width` fields, if any: the sign
    /// of a line written with the wrong delimiter.
    static func otherDelimiter(_ records: CSVRecords, _ record: Int, width: Int, delimiter: UInt8) -> UInt8? {
        var line: [UInt8] = []
        for field in 0..<records.fieldCount(record) {
            if field > 0 { line.append(delimiter) }
            line += records.cells[records.cellRange(records.cellIndex(record, field))]
        }
        return candidateDelimiters.first { other in
            other != delimiter && CSVRecords.scan(line, delimiter: other, limit: 1).fieldCount(0) == width
        }
    }

    /// Throws `.inconsistentRow` for the first data row whose field count differs from the header's.
    static func checkWidths(
        _ records: CSVRecords, rows: Range<Int>, header: Int, delimiter: UInt8, path: String?
    ) throws {
        let width = records.fieldCount(header)
        guard let bad = rows.first(where: { records.fieldCount($0) != width }) else { return }
        let found = records.fieldCount(bad)
        var what = "expected \(width) fields (as in the header on line \(records.lines[header]), separated by "
            + "\(name(of: delimiter))) but found \(found)"
        if let other = otherDelimiter(records, bad, width: width, delimiter: delimiter) {
            what += "; this line seems to use \(name(of: other)) as delimiter"
        }
        throw TableReadError(
            .inconsistentRow, what,
            hint: "Make every line use \(name(of: delimiter)) (quote fields that contain it); "
                + "columns are never shifted to fit", path: path, line: records.lines[bad])
    }

    static func name(of delimiter: UInt8) -> String {
        delimiter == 0x09 ? "tab" : "'\(String(UnicodeScalar(delimiter)))'"
    }
}
