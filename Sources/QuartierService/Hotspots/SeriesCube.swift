import Foundation
import QuartierModel

/// A series in long form (one row per area and time step) as a cube `values[step][area]` over the areas' order.
///
/// Times are years (`2021`), dates (`2021-06-30`, `30.06.2021`) or school years (`2023/24`), one format per column,
/// evenly spaced (years and school years by a whole number of years, dates by a whole number of months), so that a
/// missing edition is an error, not a silent jump. Read as a `[[series]]` table (`SeriesVintage.read`), refused with
/// the file and line: mixed formats, a time that is none of them, duplicate (key, time) rows, keys that are no area,
/// a non-numeric value.
struct SeriesCube {
    /// The step labels as written, in time order.
    var steps: [String]
    var values: [[Double?]]

    enum Format: String {
        case year, date
        case schoolYear = "school year"
    }

    init(_ table: IndicatorTable, path: String, key: String, time: String, field: String, areaIDs: [String]) throws {
        // The same reading and checks as a `[[series]]` long-form table on the current areas.
        let part = SeriesSpec.Part(
            table: path, geography: SeriesSpec.currentGeography, time: nil, filter: [:], referenceDate: nil, line: 0)
        let spec = SeriesSpec(
            name: "series", columns: [field], key: key, time: time, rates: [:], carry: .area, minOverlap: 0,
            coverage: 1, trend: false, alpha: 0.05, parts: [part], line: 0)
        let vintages = try SeriesVintage.read(
            table, part: part, spec: spec, key: key, source: path, areaIDs: areaIDs, place: "series '\(path)'")
        let labels = Dictionary(vintages.map { ($0.time, $0.label) }, uniquingKeysWith: { a, _ in a })
        try Self.checkSpacing(vintages.map(\.time), labels: labels, format: vintages.first?.format, path: path)
        steps = vintages.map(\.label)
        values = vintages.map { $0.values[field] ?? [] }
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
            iso.count == 3 && iso[0].count == 4
            ? iso : (german.count == 3 && german[2].count == 4 ? german.reversed() : nil)
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
