import QuartierModel

/// The values of one time step of a series on the geography its table refers to: one value per column and
/// geography area (nil where the value is missing or the area has no row).
struct SeriesVintage {
    /// The time as written (`2021-06-30`, `2013`, `2023/24`), its sort key in years, and its format.
    var label: String
    var time: Double
    var format: SeriesCube.Format
    /// The input the rows come from and the geography (`areas` or a boundary input).
    var table: String
    var geography: String
    var referenceDate: String?
    /// Per column read: values in the order of the geography's areas.
    var values: [String: [Double?]]
    /// Rows read, and geography areas without a row.
    var rows: Int
    var areasWithoutRow: [String]

    /// Splits a table of the series into its vintages, checked: every time parses and all have one format, one row
    /// per (key, time), every key is an area of the declared geography, every value is a number or missing.
    /// - Parameters:
    ///   - areaIDs: the keys of the geography's areas, in order.
    ///   - place: where the part is declared, for messages (`[[series]] 'x' (file.toml:12)`).
    static func read(
        _ table: IndicatorTable, part: SeriesSpec.Part, spec: SeriesSpec, key: String, source: String,
        areaIDs: [String], place: String
    ) throws -> [SeriesVintage] {
        func column(_ name: String, _ what: String) throws -> Int {
            guard let index = table.columnIndex(name) else {
                throw QuartierError.user(
                    "\(place): table '\(part.table)' (\(source)) has no \(what) column '\(name)'; columns: "
                        + table.columns.map(\.name).joined(separator: ", "))
            }
            return index
        }
        let k = try column(key, "key")
        let t = try part.time == nil ? column(spec.time ?? "", "time") : nil
        let valueColumns = try spec.columnsRead.map { ($0, try column($0, "value")) }
        let filters = try part.filter.map { (try column($0.key, "where"), $0.value) }
        let areaIndex = Dictionary(areaIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var format: (SeriesCube.Format, line: Int, text: String)?
        var vintages: [Double: SeriesVintage] = [:]
        var seen: [String: Int] = [:]
        var unknown: Set<String> = []
        var present: [Double: Set<Int>] = [:]
        for (row, values) in table.rows.enumerated() {
            guard filters.allSatisfy({ values[$0.0].keyText == $0.1 }) else { continue }
            let line = row < table.lineNumbers.count ? table.lineNumbers[row] : row + 2
            let text = part.time ?? t.flatMap { values[$0].keyText } ?? ""
            guard let (time, rowFormat) = SeriesCube.parse(text) else {
                throw QuartierError.user(
                    "\(place): table '\(part.table)' line \(line): time '\(text)' is no year (2021), date (2021-06-30, "
                        + "30.06.2021) or school year (2023/24)")
            }
            if let format, format.0 != rowFormat {
                throw QuartierError.user(
                    "\(place): the time column '\(spec.time ?? "time")' of table '\(part.table)' mixes formats: "
                        + "'\(format.text)' (\(format.0.rawValue), line \(format.line)) and '\(text)' "
                        + "(\(rowFormat.rawValue), line \(line))")
            }
            format = format ?? (rowFormat, line, text)
            guard let id = values[k].keyText, let area = areaIndex[id] else {
                unknown.insert(values[k].keyText ?? "(empty)")
                continue
            }
            let seenKey = "\(id)\u{1}\(time)"
            if let first = seen[seenKey] {
                throw QuartierError.user(
                    "\(place): table '\(part.table)': area '\(id)' at '\(text)' appears twice (lines \(first) and "
                        + "\(line)); one row per area and time step")
            }
            seen[seenKey] = line
            var vintage =
                vintages[time]
                ?? SeriesVintage(
                    label: text, time: time, format: rowFormat, table: part.table, geography: part.geography,
                    referenceDate: part.referenceDate ?? (rowFormat == .date ? text : nil),
                    values: Dictionary(
                        uniqueKeysWithValues: spec.columnsRead.map {
                            ($0, [Double?](repeating: nil, count: areaIDs.count))
                        }
                    ), rows: 0, areasWithoutRow: [])
            for (name, index) in valueColumns {
                if case .missing = values[index] { continue }
                guard let number = NumberText.value(of: values[index]), number.isFinite else {
                    throw QuartierError.user(
                        "\(place): table '\(part.table)' line \(line): '\(name)' = "
                            + "'\(values[index].stringValue ?? "")' is not a number")
                }
                vintage.values[name]?[area] = number
            }
            vintage.rows += 1
            vintages[time] = vintage
            present[time, default: []].insert(area)
        }
        if !unknown.isEmpty {
            let shown = unknown.sorted()
            throw QuartierError.user(
                "\(place): table '\(part.table)' has \(unknown.count) keys that are no area of its geography "
                    + "'\(part.geography)': \(AreaLoader.list(shown)); each table's keys must be those of the "
                    + "geography it declares (geography = \"areas\" or a boundary input with the vintage's areas)")
        }
        guard !vintages.isEmpty else {
            throw QuartierError.user(
                "\(place): table '\(part.table)' has no rows"
                    + (part.filter.isEmpty ? "" : " where \(part.filter.map { "\($0.key) = '\($0.value)'" }.sorted())"))
        }
        return vintages.keys.sorted().compactMap { time in
            guard var vintage = vintages[time] else { return nil }
            let rows = present[time] ?? []
            vintage.areasWithoutRow = areaIDs.indices.filter { !rows.contains($0) }.map { areaIDs[$0] }
            return vintage
        }
    }
}
