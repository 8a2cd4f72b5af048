import CGDAL
import Foundation
package import QuartierModel

/// The vector formats Quartier writes through GDAL.
package enum VectorFormat: String, Sendable, CaseIterable, Codable {
    /// OGC GeoPackage in the layer's (working) CRS, with a spatial index.
    case geoPackage = "gpkg"
    /// RFC 7946 GeoJSON: EPSG:4326 lon/lat, right-hand rule, 6 decimals.
    case geoJSON = "geojson"

    var driverName: String { self == .geoPackage ? "GPKG" : "GeoJSON" }
    package var fileExtension: String { rawValue }
}

/// Writes a value layer to a file through GDAL, atomically: into a temporary file in the target
/// folder, renamed into place only when complete, so a failed run never leaves a half-written output.
///
/// See https://gdal.org/en/stable/drivers/vector/gpkg.html and
/// https://gdal.org/en/stable/drivers/vector/geojson.html (RFC7946, COORDINATE_PRECISION).
package enum LayerWriter {
    /// - Parameters:
    ///   - layer: the features; its `crs` is written as the layer CRS (GeoPackage) or reprojected
    ///     from (GeoJSON, which is always EPSG:4326).
    ///   - path: the final file path; an existing file is replaced only on success.
    ///   - layerName: the layer name inside the file (default: the file's base name).
    ///   - tables: GeoPackage only: attribute tables (geometry type "None") written into the same file,
    ///     each named by its `name` (e.g. QGIS's `layer_styles`).
    /// - Throws: `GDALError` `.writeFailed`, `.crsMissing` (GeoJSON needs a CRS), `.driverMissing`.
    package static func write(
        _ layer: FeatureLayer, to path: String, format: VectorFormat, layerName: String? = nil,
        tables: [FeatureLayer] = []
    ) throws {
        GDALRuntime.initialize()
        guard let driver = GDALGetDriverByName(format.driverName) else {
            throw GDALError(code: .driverMissing, message: "this GDAL has no \(format.driverName) driver")
        }
        let url = URL(fileURLWithPath: path)
        let name = layerName ?? url.deletingPathExtension().lastPathComponent
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
            try writeFile(layer, tables: format == .geoPackage ? tables : [], driver: driver, temporary: temporary, srs: srs, format: format, name: name)
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
        try writeLayer(layer, into: dataset, temporary: temporary, srs: srs, format: format, name: name)
        for table in tables {
            try writeLayer(table, into: dataset, temporary: temporary, srs: nil, format: format, name: table.name)
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
        let options =
            format == .geoJSON
            ? CStringList(["RFC7946=YES", "COORDINATE_PRECISION=6", "WRITE_NAME=YES"])
            : layer.geometryType == "None"
                ? CStringList(["FID=id"]) : CStringList(["SPATIAL_INDEX=YES", "GEOMETRY_NAME=geom", "FID=fid"])
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
        _ = GDALDatasetStartTransaction(dataset, 0)
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
        CPLErrorState.reset()
        guard GDALDatasetCommitTransaction(dataset) == OGRERR_NONE || CPLErrorState.lastFailure == nil else {
            throw failure("could not commit the features")
        }
    }
}
