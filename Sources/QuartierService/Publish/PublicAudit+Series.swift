import Foundation
import QuartierDisclosure
import QuartierGDAL
import QuartierModel

/// The public `[[series]]` in the audit: each time step of a series is a table of its own (the areas' and every
/// roll-up's values at that step, as the public `<name>_public.gpkg` files show them), audited like the layers'
/// fields over the same units and memberships. Reported as `<series>:<field>@<time>`.
extension PublicAudit {
    /// - Parameter shown: the public layers of the areas, whose goal gaps are checked against the series.
    static func auditSeries(
        folder: String, record: DisclosureRecord, outputs: [Manifest.FileRef], shown areaLayers: [FeatureLayer],
        layers: inout [String: [String]]
    ) throws -> [DisclosureAudit.Report] {
        var reports: [DisclosureAudit.Report] = []
        for series in record.series ?? [] where !series.counts.isEmpty {
            // level → the series' rows at that level, as published.
            var tables: [String: FeatureLayer] = [:]
            let entries = outputs.filter { entry in
                entry.role == .series && entry.effectiveTier == .public && entry.path.hasSuffix(".gpkg")
                    && (entry.layer == "\(series.name)_public" || entry.layer?.hasPrefix("\(series.name)_") == true)
            }
            for entry in entries {
                guard let level = entry.level,
                    level == LayerRef.areasName || record.levels.contains(where: { $0.name == level })
                else { continue }
                let dataset = try Dataset(opening: (folder as NSString).appendingPathComponent(entry.path))
                guard let layer = try dataset.layers().first(where: { $0.name == entry.layer }) else {
                    throw QuartierError.user(
                        "\(entry.path) has no layer '\(entry.layer ?? "")' that the manifest lists")
                }
                tables[level] = try layer.readAll().layer
                layers[level, default: []].append(entry.path)
            }
            guard let areas = tables[LayerRef.areasName], let time = areas.fieldIndex(series.timeField) else {
                continue
            }
            var steps: [String] = []
            for feature in areas.features {
                if let label = feature.attributes[time].stringValue, !steps.contains(label) { steps.append(label) }
            }
            reports += goalGaps(series, table: areas, latest: steps.last, layers: areaLayers, record: record)
            for step in steps {
                let shown = tables.mapValues { table -> [FeatureLayer] in
                    guard let t = table.fieldIndex(series.timeField) else { return [] }
                    var rows = table
                    rows.features = table.features.filter { $0.attributes[t].stringValue == step }
                    return [rows]
                }
                for field in series.counts {
                    let (table, suppressed) = cells(field, record: record, shown: shown)
                    guard !suppressed.isEmpty else { continue }
                    var report = try DisclosureAudit.run(
                        table, field: field, suppressed: suppressed, primary: suppressed, minCount: record.minCount)
                    report.field = "\(series.name):\(field)@\(step)"
                    reports.append(report)
                }
            }
        }
        return reports
    }

    /// A goal's gap beside its published target tells the latest value: per public series column with a `_gap` field
    /// in a public layer of the areas, the gap must be missing where the series' latest step is not published, and
    /// equal to ± (latest − target) where it is. Every area whose latest value is hidden is a cell of the report;
    /// a gap that does not follow from published values is a finding.
    static func goalGaps(
        _ series: DisclosureRecord.Series, table: FeatureLayer, latest: String?, layers: [FeatureLayer],
        record: DisclosureRecord
    ) -> [DisclosureAudit.Report] {
        guard let latest, let key = table.fieldIndex(record.unitIdField), let time = table.fieldIndex(series.timeField)
        else { return [] }
        let columns = table.fields.map(\.name).filter {
            $0 != record.unitIdField && $0 != series.timeField && !$0.hasSuffix("_status")
        }
        var reports: [DisclosureAudit.Report] = []
        for column in columns {
            var last: [String: Double?] = [:]
            guard let c = table.fieldIndex(column) else { continue }
            for feature in table.features where feature.attributes[time].stringValue == latest {
                if let id = feature.attributes[key].stringValue { last[id] = feature.attributes[c].doubleValue }
            }
            for layer in layers {
                guard let gap = layer.fieldIndex(column + "_gap"), let target = layer.fieldIndex(column + "_target"),
                    let id = layer.fieldIndex(record.unitIdField)
                else { continue }
                var report = DisclosureAudit.Report(
                    field: "\(series.name):\(column)_gap", minCount: record.minCount, cells: [])
                for feature in layer.features {
                    guard let area = feature.attributes[id].stringValue, let shownLast = last[area] else { continue }
                    let g = feature.attributes[gap].doubleValue
                    let t = feature.attributes[target].doubleValue
                    if let value = shownLast {
                        guard let g, let t, abs(abs(g) - abs(value - t)) > 1e-6 else { continue }
                        report.cells.append(
                            .init(
                                level: LayerRef.areasName, id: area, primary: false, lower: g, upper: g,
                                finding: "the gap does not follow from the published latest value and target"))
                    } else {
                        report.cells.append(
                            .init(
                                level: LayerRef.areasName, id: area, primary: false, lower: g ?? 0, upper: g,
                                finding: g.map { _ in "a gap is published where the latest value is not" }))
                    }
                }
                if !report.cells.isEmpty { reports.append(report) }
            }
        }
        return reports
    }
}
