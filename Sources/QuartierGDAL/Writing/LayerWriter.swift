import CGDAL
import Foundation
package import QuartierModel

/// The vector formats Quartier writes.
package enum VectorFormat: String, Sendable, CaseIterable, Codable {
    /// OGC GeoPackage in the layer's (working) CRS, with a spatial index.
    case geoPackage = "gpkg"
    /// RFC 7946 GeoJSON: EPSG:4326 lon/lat, right-hand rule, 6 decimals (Quartier's own writer).
    case geoJSON = "geojson"
    /// FlatGeobuf in the layer's CRS, with its packed Hilbert R-tree spatial index.
    case flatGeobuf = "fgb"

    var driverName: String {
        switch self {
        case .geoPackage: return "GPKG"
        case .geoJSON: return "GeoJSON"
        case .flatGeobuf: return "FlatGeobuf"
        }
    }
    package var fileExtension: String { rawValue }
}

/// Writes a value layer to a file, atomically: into a temporary file in the target folder, renamed into place
/// only when complete, so a failed run (a full disk included) never leaves a half-written output and keeps the
/// previous one.
///
/// GeoJSON is Quartier's own streaming writer (`GeoJSONWriter`); GeoPackage and FlatGeobuf go through GDAL.
/// See https://gdal.org/en/stable/drivers/vector/gpkg.html and
/// https://gdal.org/en/stable/drivers/vector/flatgeobuf.html.
package enum LayerWriter {
    /// - Parameters:
    ///   - layer: the features; its `crs` is written as the layer CRS (GeoPackage, FlatGeobuf) or reprojected
    ///     from (GeoJSON, which is always EPSG:4326).
    ///   - path: the final file path; an existing file is replaced only on success.
    ///   - layerName: the layer name inside the file (default: the file's base name).
    ///   - tables: GeoPackage only: attribute tables (geometry type "None") written into the same file,
    ///     each named by its `name` (e.g. QGIS's `layer_styles`).
    ///   - geoJSONMembers: GeoJSON only: foreign members (RFC 7946 §6.1) of the FeatureCollection, each a name and
    ///     its value as JSON text (e.g. `quartier:indicators`), written in this order after `name`.
    ///   - workers: GeoJSON only: blocks of features encoded at once (default: one per core); the same bytes for
    ///     any number.
    /// - Throws: `GDALError` `.writeFailed`, `.crsMissing` (GeoJSON needs a CRS), `.transformFailed`,
    ///   `.driverMissing`.
    package static func write(
        _ layer: FeatureLayer, to path: String, format: VectorFormat, layerName: String? = nil,
        tables: [FeatureLayer] = [], geoJSONMembers: [(name: String, json: String)] = [], workers: Int? = nil
    ) throws {
        GDALRuntime.initialize()
        let url = URL(fileURLWithPath: path)
        let name = layerName ?? url.deletingPathExtension().lastPathComponent
        if format == .flatGeobuf, layer.geometryType != "None",
            let missing = layer.features.firstIndex(where: { $0.geometry?.isEmpty ?? true })
        {
            // GDAL's FlatGeobuf driver skips such features without a word: refuse rather than lose rows.
            let fid = layer.features[missing].fid.map { " (fid \($0))" } ?? ""
            throw GDALError(
                code: .writeFailed,
                message: "FlatGeobuf cannot hold feature \(missing + 1)\(fid): it has no geometry, and GDAL's "
                    + "FlatGeobuf driver would leave it out", path: path, layer: layer.name,
                hint: "Write GeoPackage (.gpkg) or GeoJSON (.geojson), which keep features without geometry")
        }
        var srs: SpatialReference?
        if let crs = layer.crs {
            srs = try SpatialReference(crs)
        } else if format == .geoJSON {
            throw GDALError(
                code: .crsMissing, message: "GeoJSON (RFC 7946) output needs the layer's CRS to reproject to "
                    + "EPSG:4326, and the layer has none", path: path, layer: layer.name,
                hint: "Declare the input's CRS with crs = \"EPSG:…\" or --crs")
        }
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).\(format.fileExtension)"
        ).path
        do {
            if format == .geoJSON {
                try writeGeoJSON(
                    layer, name: name, members: geoJSONMembers, temporary: temporary, target: path, workers: workers)
            } else {
                guard let driver = GDALGetDriverByName(format.driverName) else {
                    throw GDALError(code: .driverMissing, message: "this GDAL has no \(format.driverName) driver")
                }
                try writeFile(
                    layer, tables: format == .geoPackage ? tables : [], driver: driver, temporary: temporary, srs: srs,
                    format: format, name: name)
            }
            guard rename(temporary, path) == 0 else {
                throw GDALError(
                    code: .writeFailed, message: "could not move the finished file into place: "
                        + String(cString: strerror(errno)), path: path)
            }
        } catch {
            for suffix in ["", "-journal", "-wal", "-shm"] { unlink(temporary + suffix) }
            throw error
        }
    }

    private static func writeGeoJSON(
        _ layer: FeatureLayer, name: String, members: [(name: String, json: String)], temporary: String, target: String,
        workers: Int?
    ) throws {
        guard let crs = layer.crs else { return }  // checked by the caller
        let file = try OutputFile(creating: temporary, target: target)
        let makeTransformer: (() throws -> CoordinateTransformer)? =
            crs.epsg == 4326
            ? nil
            : { try CoordinateTransformer(from: try SpatialReference(crs), to: try SpatialReference.wgs84()) }
        try GeoJSONWriter(layer: layer, name: name, members: members).write(
            to: file, makeTransformer: makeTransformer, workers: workers)
        try file.close()
    }

    private static func failure(_ message: String, _ temporary: String, _ name: String) -> GDALError {
        GDALError(
            code: .writeFailed, message: message, path: temporary, layer: name,
            gdalMessage: CPLErrorState.lastMessage, hint: "Check that the output folder is writable and has space")
    }

    private static func writeFile(
        _ layer: FeatureLayer, tables: [FeatureLayer], driver: GDALDriverH, temporary: String, srs: SpatialReference?,
        format: VectorFormat, name: String
    ) throws {
        CPLErrorState.reset()
        guard let dataset = GDALCreate(driver, temporary, 0, 0, 0, GDT_Unknown, nil) else {
            throw failure("could not create the output file", temporary, name)
        }
        var closed = false
        defer { if !closed { GDALClose(dataset) } }
        // GeoPackage: every layer in one transaction; the R-tree is built by the driver after the rows (its
        // deferred spatial index creation), not row by row. FlatGeobuf has no transactions (and sorts its
        // index when the file is closed).
        let transaction = GDALDatasetStartTransaction(dataset, 0) == OGRERR_NONE
        try writeLayer(layer, into: dataset, temporary: temporary, srs: srs, format: format, name: name)
        for table in tables {
            try writeLayer(table, into: dataset, temporary: temporary, srs: nil, format: format, name: table.name)
        }
        CPLErrorState.reset()
        if transaction, GDALDatasetCommitTransaction(dataset) != OGRERR_NONE {
            throw failure("could not commit the features", temporary, name)
        }
        CPLErrorState.reset()
        GDALClose(dataset)
        closed = true
        if CPLErrorState.lastFailure != nil { throw failure("could not finish the file", temporary, name) }
    }

    private static func writeLayer(
        _ layer: FeatureLayer, into dataset: GDALDatasetH, temporary: String, srs: SpatialReference?,
        format: VectorFormat, name: String
    ) throws {
        func failure(_ message: String) -> GDALError { Self.failure(message, temporary, name) }
        let options: CStringList
        switch format {
        case .geoJSON: options = CStringList(["RFC7946=YES", "COORDINATE_PRECISION=6", "WRITE_NAME=YES"])
        case .flatGeobuf: options = CStringList(["SPATIAL_INDEX=YES"])
        case .geoPackage:
            options =
                layer.geometryType == "None"
                ? CStringList(["FID=id"]) : CStringList(["SPATIAL_INDEX=YES", "GEOMETRY_NAME=geom", "FID=fid"])
        }
        let geometryType = OGRGeometryBridge.wkbType(named: layer.geometryType)
        guard
            let ogrLayer = GDALDatasetCreateLayer(dataset, name, srs?.handle, geometryType, options.pointer)
        else { throw failure("could not create the layer") }

        let plan = FieldPlan(layer)
        for field in plan.columns {
            guard let definition = OGR_Fld_Create(field.name, FieldPlan.ogrType(field.type, nativeLists: format == .geoJSON))
            else {
                throw failure("could not define field '\(field.name)'")
            }
            defer { OGR_Fld_Destroy(definition) }
            if let alias = field.alias { OGR_Fld_SetAlternativeName(definition, alias) }
            guard OGR_L_CreateField(ogrLayer, definition, 1) == OGRERR_NONE else {
                throw failure("could not create field '\(field.name)'")
            }
        }
        guard let featureDefinition = OGR_L_GetLayerDefn(ogrLayer) else { throw failure("no layer definition") }
        for feature in layer.features {
            guard let ogrFeature = OGR_F_Create(featureDefinition) else { throw failure("out of memory") }
            defer { OGR_F_Destroy(ogrFeature) }
            plan.fill(ogrFeature, from: feature)
            if let geometry = feature.geometry, let handle = OGRGeometryBridge.makeHandle(geometry) {
                OGR_F_SetGeometryDirectly(ogrFeature, handle)
            }
            CPLErrorState.reset()
            guard OGR_L_CreateFeature(ogrLayer, ogrFeature) == OGRERR_NONE else {
                throw failure("could not write feature \(feature.fid.map(String.init) ?? "?")")
            }
        }
    }
}
