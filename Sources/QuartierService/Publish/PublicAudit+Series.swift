import Foundation
import QuartierDisclosure
import QuartierGDAL
import QuartierModel

/// The public `[[series]]` in the audit: each time step of a series is a table of its own (the areas' and every
/// roll-up's values at that step, as the public `<name>_public.gpkg` files show them), audited like the layers'
/// fields over the same units and memberships. Reported as `<series>:<field>@<time>`.
extension PublicAudit {
    static func auditSeries(
        folder: String, record: DisclosureRecord, outputs: [Manifest.FileRef], layers: inout [String: [String]]
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
}
