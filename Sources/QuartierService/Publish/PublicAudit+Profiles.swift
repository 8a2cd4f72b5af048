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
                // The area's own steps, and the parent's and reference unit's beside them where the table names
                // their unit (`data-eltern-einheit`, `data-gesamt-einheit`): each against its level's public table.
                for table in Self.seriesTables(html) {
                    let parts = table.name.split(separator: ":", maxSplits: 1).map(String.init)
                    guard parts.count == 2 else { continue }
                    var columns = [(kind: "wert", level: level, id: id)]
                    for kind in ["eltern", "gesamt"] {
                        let unit = Self.attribute("data-\(kind)-einheit", in: table.head)?
                            .split(separator: ":", maxSplits: 1).map(String.init)
                        if let unit, unit.count == 2 { columns.append((kind, unit[0], unit[1])) }
                    }
                    for column in columns {
                        guard let cells = seriesCells[parts[0]]?[column.level] else { continue }
                        for (time, row) in table.rows {
                            guard let text = Self.attribute("data-\(column.kind)", in: row), let value = Double(text)
                            else { continue }
                            let what =
                                column.kind == "wert"
                                ? "'\(parts[1])' at \(time) (\(value))"
                                : "'\(parts[1])' of \(column.level) \(column.id) at \(time) (\(value))"
                            check(
                                id, what, shownValue: value,
                                published: cells.cell(parts[1], id: column.id, time: time))
                        }
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

    /// The series tables of a page: each table's `data-series` name, its opening tag, and its rows by time (the row
    /// header's text) with the rest of the row.
    static func seriesTables(_ html: String) -> [(name: String, head: Substring, rows: [(String, Substring)])] {
        html.components(separatedBy: "<table class=\"reihe\"").dropFirst().compactMap { table in
            let head = table.prefix { $0 != ">" }
            guard let name = attribute("data-series", in: head) else { return nil }
            let body = table.components(separatedBy: "</table>").first ?? ""
            let rows = body.components(separatedBy: "<tr><th scope=\"row\">").dropFirst().map { row in
                (String(row.prefix { $0 != "<" }), Substring(row))
            }
            return (name, head, rows)
        }
    }
}
