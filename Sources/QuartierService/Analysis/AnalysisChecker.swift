import Foundation
package import Logging
import QuartierGDAL
import QuartierModel
import QuartierTOML

/// `quartier check`: validates an analysis file without running it: syntax and keys, the working CRS,
/// every input opens with its layer, id field and CRS, and every output field exists.
package enum AnalysisChecker {
    /// - Returns: one line per verified input and output, for the user.
    /// - Throws: the first problem, as `ConfigurationError`, `GDALError` or `QuartierError`.
    package static func check(_ path: String, logger: Logger) throws -> [String] {
        if IndicatorCatalogue.isCatalogue(path) { return try IndicatorCatalogue.load(path).checkLines() }
        let analysis = try AnalysisFile.load(path)
        var lines = ["analysis '\(analysis.name)': syntax and keys OK"]
        let working = try AnalysisRunner.workingCRS(analysis)
        lines.append("working CRS: \(working.crsDescription.label) (\(working.name))")
        var later: [String] = []
        var allFields = Set<String>()
        var unread = Set<String>()
        var areaCount = 0
        for spec in analysis.inputs {
            let source = try InputSource(spec, logger: logger)
            var fields = source.layer.fields
            if let chosen = spec.fields {
                // `fields = […]` on the area input: each must exist, and the steps see only these, the key and a
                // grid's centres.
                for name in chosen { _ = try source.fieldIndex(name, in: fields) }
                let read = Set(chosen + [spec.idField, spec.grid?.x, spec.grid?.y].compactMap { $0 })
                unread = Set(fields.map(\.name)).subtracting(read)
                fields = fields.filter { read.contains($0.name) }
            }
            allFields.formUnion(fields.map(\.name))
            if let id = spec.idField { _ = try source.fieldIndex(id, in: fields) }
            if spec.name == analysis.areas.input {
                _ = try source.requireCRS(for: "reprojecting to the working CRS \(working.crsDescription.label)")
                try source.checkCRSFitsExtent()
                areaCount = try source.layer.featureCount()
                // A field the source lacks may come from a step (joins, access, indexes, …); those are only
                // known when the steps run, so with steps it is noted here and checked by `run`.
                let names = Set(fields.map(\.name))
                for output in analysis.outputs {
                    for field in output.fields ?? [] where !names.contains(field) {
                        guard analysis.steps.hasSteps else {
                            _ = try source.fieldIndex(field, in: fields)
                            continue
                        }
                        later.append(field)
                    }
                }
            }
            let crs = source.spatialReference.map { $0.crsDescription.label } ?? "no CRS"
            lines.append(
                "input '\(spec.name)': layer '\(source.layer.name)' opens (\(source.layer.geometryTypeName), "
                    + "\(fields.count) fields, \(crs)\(source.crsWasOverridden ? ", overridden" : ""))")
        }
        let joins = try checkJoins(analysis, logger: logger)
        lines += joins.lines
        let known = allFields.union(joins.columns)
        lines += try checkHotspots(analysis, fields: known, areaCount: areaCount, unread: unread.subtracting(known))
        if !later.isEmpty {
            lines.append("output fields from steps, checked when the analysis runs: " + later.joined(separator: ", "))
        }
        for output in analysis.outputs {
            lines.append(
                "output '\(output.name)': "
                    + output.formats.map { "\(output.name).\($0.rawValue)" }.joined(separator: ", "))
        }
        if let publish = analysis.publish {
            lines.append(
                "publish '\(publish.name)' (layer \(publish.layer)): \(publish.name).geojson, \(publish.name).gpkg, "
                    + "\(publish.name).csv, tiles.pmtiles, tilejson.json, style.json, style-qgis-<layer>.json; "
                    + (publish.suppression.isActive
                        ? "counts below \(IndicatorLegend.label(publish.suppression.minCount)) suppressed"
                        : "no suppression"))
        }
        return lines
    }
}
