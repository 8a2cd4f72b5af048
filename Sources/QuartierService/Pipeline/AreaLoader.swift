import Foundation
import Logging
import QuartierGDAL
import QuartierModel

/// Loads the area layer of an analysis: checks its CRS, reads it reprojected to the working CRS with
/// validity checks (repair only when asked), and checks that its keys are present and unique.
struct AreaLoader {
    let source: InputSource
    /// The CRS to reproject to; nil keeps the source's CRS (or none, with a warning).
    let working: SpatialReference?
    let logger: Logger
    /// A grid of cell centres: make its squares at once (false: only for output, `FeatureLayer.withGridSquares()`).
    var squares = true

    /// Lists at most ten ids, then how many more.
    static func list<T>(_ items: [T]) -> String {
        let shown = items.prefix(10).map { "\($0)" }.joined(separator: ", ")
        return items.count > 10 ? "\(shown) and \(items.count - 10) more" : shown
    }

    /// The fields to read, in the layer's order: `spec.fields` and `also`; nil (every field) when `spec.fields` is
    /// nil or names a field the layer lacks, so that the step reports the missing field as it always does.
    static func selection(_ source: InputSource, also: [String?]) -> [String]? {
        guard let wanted = source.spec.fields else { return nil }
        let names = Set(wanted + also.compactMap { $0 })
        let layerNames = source.layer.fields.map(\.name)
        guard names.isSubset(of: layerNames) else { return nil }
        return layerNames.filter(names.contains)
    }

    func load(progress: @escaping (Int) -> Void) throws -> (FeatureLayer, Manifest.InputRef) {
        let spec = source.spec
        if let grid = spec.grid {
            return try GridAreaLoader(source: source, grid: grid, working: working, squares: squares, logger: logger)
                .load(progress: progress)
        }
        var sourceSRS = source.spatialReference
        var transformer: CoordinateTransformer?
        if let working {
            let srs = try source.requireCRS(for: "reprojecting to the working CRS \(working.crsDescription.label)")
            sourceSRS = srs
            if !srs.isSame(as: working) { transformer = try CoordinateTransformer(from: srs, to: working) }
        } else if sourceSRS == nil {
            logger.warning(
                "input '\(spec.name)': the layer has no CRS; joins work without one, but GeoJSON output and distances need it (crs = \"EPSG:…\" or --crs)"
            )
        }
        try source.checkCRSFitsExtent(working: working)
        let options = ReadOptions(
            transformer: transformer, checkValidity: true, repair: spec.repair, progress: progress,
            progressInterval: 100)
        var (layer, report) = try source.layer.readAll(
            options, crsOverride: sourceSRS?.crsDescription, fields: AreaLoader.selection(source, also: [spec.idField]))
        layer.crs = working?.crsDescription ?? sourceSRS?.crsDescription

        guard report.featuresRead > 0 else {
            throw source.error(.emptyLayer, "the layer has no features", hint: "Check the layer name and the file")
        }
        if !report.invalidFIDs.isEmpty && !spec.repair {
            throw source.error(
                .invalidGeometry,
                "\(report.invalidFIDs.count) invalid geometries (feature ids \(AreaLoader.list(report.invalidFIDs)))",
                hint: "Repair them in a GIS, or add repair = true to [inputs.\(spec.name)] (line \(spec.line)) to let "
                    + "GDAL's MakeValid repair them")
        }
        if !report.repairedFIDs.isEmpty {
            logger.warning(
                Logger.Message(
                    stringLiteral:
                        "input '\(spec.name)': repaired \(report.repairedFIDs.count) invalid geometries with MakeValid "
                        + "(feature ids \(AreaLoader.list(report.repairedFIDs)))"))
        }
        if !report.emptyFIDs.isEmpty {
            logger.warning(
                Logger.Message(
                    stringLiteral:
                        "input '\(spec.name)': \(report.emptyFIDs.count) features have an empty geometry "
                        + "(feature ids \(AreaLoader.list(report.emptyFIDs))); they are kept without geometry"))
        }
        if let idField = spec.idField { try checkKeys(layer, idField: idField) }

        let sha = Dataset.isConnectionString(spec.source) ? nil : try? FileSupport.sha256(ofFile: spec.source)
        let ref = Manifest.InputRef(
            name: spec.name, path: GDALError.redactPassword(spec.source), sha256: sha, layer: source.layer.name,
            featureCount: report.featuresRead, crs: sourceSRS.map { Manifest.CRSRef($0.crsDescription) },
            attribution: spec.attribution, referenceDate: spec.referenceDate)
        return (layer, ref)
    }

    /// Keys must be present and unique: a join on a duplicated or empty key would be silently wrong.
    private func checkKeys(_ layer: FeatureLayer, idField: String) throws {
        let index = try source.fieldIndex(idField, in: layer.fields)
        if layer.fields[index].type != .string {
            logger.warning(
                Logger.Message(
                    stringLiteral:
                        "input '\(source.spec.name)': key field '\(idField)' is \(layer.fields[index].type.rawValue), not String; "
                        + "keys with leading zeros (PLR_ID, AGS) may have lost them in the source"))
        }
        var seen: [String: Int64] = [:]
        var duplicates: [String] = []
        var missing: [Int64] = []
        for feature in layer.features {
            guard let key = feature.attributes[index].stringValue, !key.isEmpty else {
                missing.append(feature.fid ?? -1)
                continue
            }
            if seen[key] != nil { duplicates.append(key) } else { seen[key] = feature.fid ?? -1 }
        }
        if !missing.isEmpty {
            throw source.error(
                .fieldNotFound,
                "\(missing.count) features have no value in the key field (feature ids "
                    + "\(AreaLoader.list(missing)))", field: idField, hint: "Every area needs a key")
        }
        if !duplicates.isEmpty {
            throw source.error(
                .fieldNotFound, "the key field has duplicate values: \(AreaLoader.list(duplicates))", field: idField,
                hint: "Choose a unique key field with id = \"…\"")
        }
    }
}
