import Foundation
import Logging
import QuartierGDAL
import QuartierModel

/// Reads an indicator table input: CSV (and TXT/TSV) with Quartier's reader for German statistics
/// files, anything else (XLSX, ODS, a database table) through GDAL.
enum TableLoader {
    static let csvExtensions: Set<String> = ["csv", "txt", "tsv"]
    /// The most rows read from a table (a documented limit: German small-area tables have thousands).
    static let maximumRows = 1_000_000
    /// The most columns read from a table.
    static let maximumColumns = 1_000

    /// - Parameter textColumns: columns that must stay text whatever they look like (join keys).
    static func load(_ spec: InputSpec, textColumns: Set<String>, logger: Logger) throws -> (IndicatorTable, Manifest.InputRef) {
        let ext = URL(fileURLWithPath: spec.source).pathExtension.lowercased()
        var table: IndicatorTable
        var layerName = ""
        if !Dataset.isConnectionString(spec.source), csvExtensions.contains(ext) {
            let options = CSVReadOptions(
                headerRow: spec.headerRow, skipFooter: spec.skipFooter, delimiter: spec.delimiter, textColumns: textColumns)
            table = try GermanCSV.read(path: spec.source, options: options)
        } else {
            let source = try InputSource(spec, logger: logger)
            layerName = source.layer.name
            try checkColumns(source.layer.fields.count, spec)
            let (layer, _) = try source.layer.readAll(ReadOptions(maximumFeatures: maximumRows))
            table = IndicatorTable(gdalLayer: layer, driver: source.dataset.driverName)
        }
        try checkColumns(table.columns.count, spec)
        if table.rows.count > maximumRows {
            throw QuartierError.user(
                "input '\(spec.name)' (\(spec.source)): the table has \(table.rows.count) rows; at most \(maximumRows) "
                    + "are read. Is it the right file? Split or filter it")
        }
        let (coded, replaced) = MissingCodes(spec.missingCodes).apply(to: table)
        table = coded
        for (code, count) in replaced.sorted(by: { $0.key < $1.key }) {
            logger.info("input '\(spec.name)': \(count) cells coded '\(code)' read as missing (\(spec.missingCodes[code]?.rawValue ?? ""))")
        }
        if table.rows.isEmpty {
            throw QuartierError.user("input '\(spec.name)' (\(spec.source)): the table has no rows")
        }
        let sha = Dataset.isConnectionString(spec.source) ? nil : try? FileSupport.sha256(ofFile: spec.source)
        let ref = Manifest.InputRef(
            name: spec.name, path: GDALError.redactPassword(spec.source), sha256: sha, layer: layerName,
            featureCount: table.rows.count, crs: nil, attribution: spec.attribution, referenceDate: spec.referenceDate)
        return (table, ref)
    }

    private static func checkColumns(_ count: Int, _ spec: InputSpec) throws {
        guard count > maximumColumns else { return }
        throw QuartierError.user(
            "input '\(spec.name)' (\(spec.source)): the table has \(count) columns; at most \(maximumColumns) are read. "
                + "Keep the columns the analysis needs")
    }
}

extension IndicatorTable {
    /// A table from a GDAL layer without geometry (XLSX, ODS, a database table): GDAL's field types.
    init(gdalLayer layer: FeatureLayer, driver: String) {
        let columns = layer.fields.map { field -> FieldDefinition in
            switch field.type {
            case .integer, .integer64: return FieldDefinition(name: field.name, type: .integer)
            case .real: return FieldDefinition(name: field.name, type: .real)
            default: return FieldDefinition(name: field.name, type: .string)
            }
        }
        self.init(
            columns: columns, rows: layer.features.map(\.attributes), lineNumbers: layer.features.indices.map { $0 + 2 },
            badCells: [],
            dialect: TableDialect(
                encoding: "GDAL \(driver)", delimiter: "", headerRow: 1, footerRowsSkipped: 0, decimalSeparators: [:],
                thousandsSeparators: [:]))
    }
}

/// Reads a point input (Kitas, schools) reprojected to the working CRS.
enum PointLoader {
    /// - Parameter areas: the areas' extent in the working CRS, when the points belong to them (a point file with
    ///   latitude and longitude swapped is refused, `checkAxisOrder`).
    static func load(
        _ spec: InputSpec, working: SpatialReference?, within areas: BoundingBox? = nil, logger: Logger
    ) throws -> (FeatureLayer, Manifest.InputRef) {
        let source = try InputSource(spec, logger: logger)
        var transformer: CoordinateTransformer?
        if let working {
            let srs = try source.requireCRS(for: "reprojecting the points to the areas' CRS \(working.crsDescription.label)")
            try source.checkCRSFitsExtent()
            if !srs.isSame(as: working) { transformer = try CoordinateTransformer(from: srs, to: working) }
        } else if source.spatialReference != nil {
            logger.warning("input '\(spec.name)': the areas have no CRS; the points are assumed to be in the same CRS")
        }
        var layer: FeatureLayer
        if let working, let areas, let srs = source.spatialReference, srs.isGeographic {
            // Checked in the file's own longitude/latitude, then reprojected.
            (layer, _) = try source.layer.readAll(ReadOptions(transformer: nil))
            try checkAxisOrder(
                layer, within: areas, source: srs, working: working, name: spec.name,
                path: GDALError.redactPassword(spec.source))
            if let transformer {
                for i in layer.features.indices {
                    do {
                        layer.features[i].geometry = try layer.features[i].geometry.map { try transformer.transform($0) }
                    } catch {
                        throw QuartierError.user(
                            "input '\(spec.name)' (\(GDALError.redactPassword(spec.source))): feature \(i + 1) cannot be "
                                + "transformed from \(srs.crsDescription.label) to \(working.crsDescription.label)")
                    }
                }
            }
        } else {
            (layer, _) = try source.layer.readAll(ReadOptions(transformer: transformer))
        }
        layer.crs = working?.crsDescription ?? layer.crs
        let sha = Dataset.isConnectionString(spec.source) ? nil : try? FileSupport.sha256(ofFile: spec.source)
        let ref = Manifest.InputRef(
            name: spec.name, path: GDALError.redactPassword(spec.source), sha256: sha, layer: source.layer.name,
            featureCount: layer.features.count, crs: source.spatialReference.map { Manifest.CRSRef($0.crsDescription) },
            attribution: spec.attribution, referenceDate: spec.referenceDate)
        return (layer, ref)
    }

    /// Fails when not one feature is a point: polygons given as points would all count as "without geometry".
    static func requirePoints(_ layer: FeatureLayer, source: String) throws {
        guard !layer.features.isEmpty else { return }
        let points = layer.features.contains { feature in
            switch feature.geometry {
            case .point: return true
            case .multiPoint(let cs): return cs.count == 1
            default: return false
            }
        }
        guard !points else { return }
        throw QuartierError.user(
            "points '\(source)' (layer '\(layer.name)'): none of the \(layer.features.count) features is a point "
                + "(the layer holds \(layer.geometryType)); count needs a point layer")
    }
}
