import Logging
import Foundation
import QuartierModel

extension OutputSpec {
    /// `"postgis"` in formats: the selected layer into the run's database, in the schema of the output's tier.
    func writeTable(
        _ layer: FeatureLayer, key: String, fields: [Manifest.FieldRecord], hotspots: [Manifest.HotspotFields],
        context: PlanContext, sink: OutputSink
    ) throws {
        guard let database = sink.database, let spec = context.analysis?.database else {
            throw QuartierError.internal("[outputs.\(name)] writes to PostGIS but the run has no database")
        }
        let entry = DatabaseRecord.Table(
            schema: spec.schema(for: tier), table: tableName, layer: name, level: self.layer.description,
            idField: key, fields: fields, hotspots: hotspots.isEmpty ? nil : hotspots, tier: tier, rows: 0)
        let comments = DatabaseComments.make(
            layer, fields: fields, indicators: context.analysis?.indicators ?? [:],
            title: "\(context.analysis?.title ?? context.analysis?.name ?? "Quartier"): [outputs.\(name)]",
            tier: tier)
        context.progress.update("writing \(entry.qualifiedName)")
        try context.timer.measure("write:\(entry.qualifiedName)") {
            try database.write(layer, key: key, entry: entry, comments: comments)
        }
        context.logger.info(
            "wrote \(entry.qualifiedName) (staged until the run's end, \(layer.features.count) features)")
    }
}

/// The comments of a table Quartier writes: the table's (what it is, its tier) and each column's (the indicator
/// catalogue's title, unit, source and reference date; else what the field is: a count, a rate of which counts, a
/// hotspot class, a status).
enum DatabaseComments {
    static func make(
        _ layer: FeatureLayer, fields: [Manifest.FieldRecord], indicators: [String: IndicatorEntry], title: String,
        tier: OutputTier
    ) -> DatabaseRun.Comments {
        var columns: [String: String] = [:]
        let records = Dictionary(fields.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for field in layer.fields {
            var parts: [String] = []
            if let entry = indicators[field.name] {
                parts.append(entry.title + (entry.unit.isEmpty ? "" : " [\(entry.unit)]"))
                parts.append("Source: \(entry.source), reference date \(entry.referenceDate)")
                if !entry.attribution.isEmpty { parts.append(entry.attribution) }
            } else if let alias = field.alias {
                parts.append(alias)
            }
            if let record = records[field.name] {
                switch record.role {
                case .id: parts.append("area id (primary key)")
                case .count: parts.append("count" + (record.summed == true ? ", summed over the members" : ""))
                case .rate:
                    let formula = [record.numerator, record.denominator].compactMap { $0 }.joined(separator: " / ")
                    parts.append("rate" + (formula.isEmpty ? "" : " = \(formula)")
                        + (record.scale.map { " × " + String(format: "%g", $0) } ?? ""))
                case .hotspot: parts.append("hotspot statistic")
                case .indicator, .status, .value:
                    if let weights = record.weights { parts.append("mean weighted by " + weights.joined(separator: " + ")) }
                }
            }
            if !parts.isEmpty { columns[field.name] = parts.joined(separator: ". ") }
            if layer.fieldIndex(field.name + "_status") == nil {
                columns[field.name + "_status"] =
                    "Why \(field.name) is missing (null): "
                    + MissingReason.allCases.filter { $0 != .empty }.map(\.rawValue).joined(separator: ", ")
            }
        }
        let table = "\(title) (tier \(tier.rawValue), written by Quartier \(QuartierVersion.current))"
        return DatabaseRun.Comments(table: table, columns: columns)
    }
}
