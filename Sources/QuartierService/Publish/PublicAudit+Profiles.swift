import Foundation
import QuartierDisclosure
import QuartierModel

/// The area profiles in the audit (issue 21, item 3): the profile set is one more public product, so every number a
/// page states in its machine-readable attributes — each indicator's value and the counts behind it
/// (`data-value`, `data-numerator`, `data-denominator` of its row) and each step of a series (`data-wert` of the
/// series tables) — must be the public layer's (or public series table's) value of that area; a number shown where
/// the public files have none (suppressed, or missing) is a finding. Reported per level as
/// `profiles:<level>` with the number of values compared.
extension PublicAudit {
    static func auditProfiles(
        folder: String, record: DisclosureRecord, outputs: [Manifest.FileRef], shown: [String: [FeatureLayer]],
        seriesCells: [String: [String: SeriesCells]]
    ) throws -> [DisclosureAudit.Report] {
        var reports: [DisclosureAudit.Report] = []
        for entry in outputs where entry.role == .areaProfiles && entry.effectiveTier == .public {
            guard let level = entry.level else { continue }
            let idField =
                level == LayerRef.areasName ? record.unitIdField : record.levels.first { $0.name == level }?.idField
            guard let idField else { continue }
            let pages = ((folder as NSString).appendingPathComponent(entry.path) as NSString).deletingLastPathComponent
            let files = try FileManager.default.contentsOfDirectory(atPath: pages).filter {
                $0.hasSuffix(".html") && $0 != "index.html"
            }.sorted()
            let rates = Dictionary(
                outputs.filter { $0.level == level && $0.effectiveTier == .public }.flatMap { $0.fields ?? [] }.map {
                    ($0.name, $0)
                }, uniquingKeysWith: { first, _ in first })
            var publishedCells: [String: [String: Shown]] = [:]
            func cells(_ field: String) -> [String: Shown] {
                if let known = publishedCells[field] { return known }
                let read = published(field, level: level, key: idField, shown: shown)
                publishedCells[field] = read
                return read
            }
            var compared = 0
            var findings: [DisclosureAudit.Interval] = []
            func check(_ id: String, _ what: String, shownValue: Double, published: Shown?) {
                compared += 1
                if case .value(let v)? = published, abs(v - shownValue) <= 1e-6 * max(1, abs(v)) { return }
                let reason =
                    published == .suppressed
                    ? "a profile shows \(what) where the public files suppress it"
                    : "a profile shows \(what) that no public file has"
                findings.append(
                    .init(level: level, id: id, primary: false, lower: shownValue, upper: shownValue, finding: reason))
            }
            for file in files {
                let html = try String(contentsOfFile: (pages as NSString).appendingPathComponent(file), encoding: .utf8)
                let id = Self.attribute("data-id", in: html) ?? String(file.dropLast(5))
                for row in Self.tags(html, containing: "data-indicator=\"") {
                    guard let field = Self.attribute("data-indicator", in: row) else { continue }
                    let parts: [(String, String?)] = [
                        ("data-value", field), ("data-numerator", rates[field]?.numerator),
                        ("data-denominator", rates[field]?.denominator),
                    ]
                    for (attribute, source) in parts {
                        guard let source, let text = Self.attribute(attribute, in: row), let value = Double(text)
                        else { continue }
                        let cell = cells(source)[id]
                        check(id, "'\(source)' (\(text))", shownValue: value, published: cell)
                    }
                }
                for (name, table) in Self.seriesTables(html) {
                    let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
                    guard parts.count == 2, let cells = seriesCells[parts[0]]?[level] else { continue }
                    for (time, value) in table {
                        let cell = cells.cell(parts[1], id: id, time: time)
                        check(id, "'\(parts[1])' at \(time) (\(value))", shownValue: value, published: cell)
                    }
                }
                // The parent's and the reference unit's steps beside the area's: their level's public table.
                for comparator in Self.seriesComparators(html) {
                    let parts = comparator.series.split(separator: ":", maxSplits: 1).map(String.init)
                    guard parts.count == 2, let cells = seriesCells[parts[0]]?[comparator.level] else { continue }
                    for (time, value) in comparator.values {
                        let cell = cells.cell(parts[1], id: comparator.id, time: time)
                        check(
                            id, "'\(parts[1])' of \(comparator.level) \(comparator.id) at \(time) (\(value))",
                            shownValue: value, published: cell)
                    }
                }
            }
            reports.append(
                DisclosureAudit.Report(
                    field: "profiles:\(level) (\(files.count) pages, \(compared) values compared)",
                    minCount: record.minCount, cells: findings))
        }
        return reports
    }

    /// A public series table of one level, indexed by unit and time.
    struct SeriesCells {
        let layer: FeatureLayer
        private var rows: [String: Int] = [:]

        /// - Parameters: key: the unit's key field; time: the series' time field.
        init(_ layer: FeatureLayer, key: String, time: String) {
            self.layer = layer
            guard let k = layer.fieldIndex(key), let t = layer.fieldIndex(time) else { return }
            for (row, feature) in layer.features.enumerated() {
                guard let id = feature.attributes[k].stringValue, let label = feature.attributes[t].stringValue
                else { continue }
                rows["\(id)\u{1F}\(label)"] = row
            }
        }

        /// The cell of a column for a unit at a time, as the public table shows it (nil: no such row or column).
        func cell(_ column: String, id: String, time: String) -> Shown? {
            guard let row = rows["\(id)\u{1F}\(time)"], let c = layer.fieldIndex(column) else { return nil }
            let attributes = layer.features[row].attributes
            if let value = attributes[c].doubleValue { return .value(value) }
            if case .missing(.suppressed) = attributes[c] { return .suppressed }
            let status = layer.fieldIndex(column + "_status").flatMap { attributes[$0].stringValue }
            return status == MissingReason.suppressed.rawValue ? .suppressed : .other
        }
    }

    /// The opening tags of `html` that contain `marker`.
    static func tags(_ html: String, containing marker: String) -> [Substring] {
        var found: [Substring] = []
        var rest = html[...]
        while let hit = rest.range(of: marker) {
            let start = rest[..<hit.lowerBound].lastIndex(of: "<") ?? hit.lowerBound
            let end = rest[hit.upperBound...].firstIndex(of: ">") ?? rest.endIndex
            found.append(rest[start..<end])
            rest = rest[end...]
        }
        return found
    }

    /// The value of an attribute in a tag (the first occurrence), unescaped for `&amp;` and `&quot;`.
    static func attribute(_ name: String, in text: some StringProtocol) -> String? {
        guard let start = text.range(of: " \(name)=\"") else { return nil }
        let value = text[start.upperBound...].prefix { $0 != "\"" }
        return String(value).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The comparators' columns of the series tables that name their unit (`data-eltern-einheit`,
    /// `data-gesamt-einheit` = `level:id`): each with the (time, value) of every row that shows a number.
    static func seriesComparators(
        _ html: String
    ) -> [(series: String, level: String, id: String, values: [(String, Double)])] {
        html.components(separatedBy: "<table class=\"reihe\"").dropFirst().flatMap {
            table -> [(series: String, level: String, id: String, values: [(String, Double)])] in
            let head = table.prefix { $0 != ">" }
            guard let name = attribute("data-series", in: head) else { return [] }
            let body = table.components(separatedBy: "</table>").first ?? ""
            let rows = body.components(separatedBy: "<tr><th scope=\"row\">").dropFirst()
            return ["eltern", "gesamt"].compactMap { kind in
                guard let unit = attribute("data-\(kind)-einheit", in: head) else { return nil }
                let parts = unit.split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { return nil }
                let values = rows.compactMap { row -> (String, Double)? in
                    let time = String(row.prefix { $0 != "<" })
                    guard let text = attribute("data-\(kind)", in: row), let value = Double(text) else { return nil }
                    return (time, value)
                }
                return (name, parts[0], parts[1], values)
            }
        }
    }

    /// The series tables of a page: `data-series` name → (time, value) of every row with a `data-wert`.
    static func seriesTables(_ html: String) -> [(String, [(String, Double)])] {
        html.components(separatedBy: "<table class=\"reihe\"").dropFirst().compactMap { table in
            guard let name = attribute("data-series", in: table.prefix(200)) else { return nil }
            let body = table.components(separatedBy: "</table>").first ?? ""
            let rows = body.components(separatedBy: "<tr><th scope=\"row\">").dropFirst().compactMap {
                row -> (String, Double)? in
                let time = String(row.prefix { $0 != "<" })
                guard let text = attribute("data-wert", in: row), let value = Double(text) else { return nil }
                return (time, value)
            }
            return (name, rows)
        }
    }
}
