import Foundation
import QuartierModel

/// A series in long form (one row per area and time step) as a cube `values[step][area]` over the areas' order.
///
/// Times are years (`2021`), dates (`2021-06-30`, `30.06.2021`) or school years (`2023/24`), one format per column,
/// evenly spaced (years and school years by a whole number of years, dates by a whole number of months), so that a
/// missing edition is an error, not a silent jump. Refused, with the file and line: mixed formats, a time that is
/// none of them, duplicate (key, time) rows, keys that are no area, a non-numeric value.
struct SeriesCube {
    /// The step labels as written, in time order.
    var steps: [String]
    var values: [[Double?]]

    enum Format: String { case year, date, schoolYear = "school year" }

    init(_ table: IndicatorTable, path: String, key: String, time: String, field: String, areaIDs: [String]) throws {
        func column(_ name: String, _ flag: String) throws -> Int {
            guard let index = table.columnIndex(name) else {
                throw QuartierError.user(
                    "series '\(path)' has no column '\(name)' (\(flag)); columns: "
                        + table.columns.map(\.name).joined(separator: ", "))
            }
            return index
        }
        let (k, t, v) = (try column(key, "--id"), try column(time, "--time"), try column(field, "--field"))
        let areaIndex = Dictionary(areaIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var format: (Format, line: Int, text: String)?
        var stepKeys: [Double: String] = [:]
        var cells: [(area: Int, step: Double, value: Double?, line: Int)] = []
        var unknown: [String] = []
        var seen: [String: Int] = [:]
        for (row, values) in table.rows.enumerated() {
            let line = row < table.lineNumbers.count ? table.lineNumbers[row] : row + 2
            guard let text = values[t].keyText, let (sortKey, rowFormat) = Self.parse(text) else {
                throw QuartierError.user(
                    "series '\(path)' line \(line): time '\(values[t].keyText ?? "")' in '\(time)' is no year (2021), "
                        + "date (2021-06-30, 30.06.2021) or school year (2023/24)")
            }
            if let format, format.0 != rowFormat {
                throw QuartierError.user(
                    "series '\(path)': the time column '\(time)' mixes formats: '\(format.text)' (\(format.0.rawValue), "
                        + "line \(format.line)) and '\(text)' (\(rowFormat.rawValue), line \(line))")
            }
            format = format ?? (rowFormat, line, text)
            stepKeys[sortKey] = text
            guard let id = values[k].keyText, let area = areaIndex[id] else {
                unknown.append(values[k].keyText ?? "(empty)")
                continue
            }
            if let first = seen["\(id)\u{1}\(sortKey)"] {
                throw QuartierError.user(
                    "series '\(path)': area '\(id)' at '\(text)' appears twice (lines \(first) and \(line)); "
                        + "one row per area and time step")
            }
            seen["\(id)\u{1}\(sortKey)"] = line
            if case .missing = values[v] {
                cells.append((area, sortKey, nil, line))
            } else if let number = values[v].doubleValue, number.isFinite {
                cells.append((area, sortKey, number, line))
            } else {
                throw QuartierError.user("series '\(path)' line \(line): '\(field)' is not a number")
            }
        }
        if !unknown.isEmpty {
            throw QuartierError.user(
                "series '\(path)': \(unknown.count) rows have a key that is no area of the area input: "
                    + Array(Set(unknown)).sorted().prefix(10).joined(separator: ", ")
                    + "; the series must refer to the areas' geography (carry older vintages over first)")
        }
        let ordered = stepKeys.keys.sorted()
        try Self.checkSpacing(ordered, labels: stepKeys, format: format?.0, path: path)
        let position = Dictionary(ordered.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        steps = ordered.compactMap { stepKeys[$0] }
        values = Array(repeating: Array(repeating: nil, count: areaIDs.count), count: ordered.count)
        for cell in cells {
            guard let step = position[cell.step] else { continue }
            values[step][cell.area] = cell.value
        }
    }

    /// The sort key (in years) and format of a time text; nil when it is none of the formats.
    static func parse(_ text: String) -> (Double, Format)? {
        let digits = { (s: Substring) in s.allSatisfy(\.isASCII) && s.allSatisfy(\.isNumber) }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.count == 4, digits(Substring(trimmed)), let year = Int(trimmed) { return (Double(year), .year) }
        let school = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        if school.count == 2, school[0].count == 4, school[1].count == 2, digits(school[0]), digits(school[1]),
            let year = Int(school[0]), let next = Int(school[1]), next == (year + 1) % 100
        {
            return (Double(year), .schoolYear)
        }
        let iso = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        let german = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        let parts: [Substring]? =
            iso.count == 3 && iso[0].count == 4 ? iso : (german.count == 3 && german[2].count == 4 ? german.reversed() : nil)
        guard let parts, parts.allSatisfy(digits), let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        return (Double(y) + Double(m - 1) / 12 + Double(d - 1) / 372, .date)
    }

    /// Steps must be evenly spaced: whole years for years and school years, whole months for dates.
    static func checkSpacing(_ keys: [Double], labels: [Double: String], format: Format?, path: String) throws {
        guard keys.count >= 3, let format else { return }
        let unit = format == .date ? 1.0 / 12 : 1.0
        let gaps = zip(keys.dropFirst(), keys).map { (($0 - $1) / unit).rounded() }
        guard let first = gaps.first, let bad = gaps.firstIndex(where: { $0 != first }) else { return }
        throw QuartierError.user(
            "series '\(path)': the time steps are not evenly spaced: '\(labels[keys[bad]] ?? "")' → "
                + "'\(labels[keys[bad + 1]] ?? "")' after steps of \(Int(first)) \(format == .date ? "month" : "year")(s); "
                + "is an edition missing?")
    }
}
