import CGDAL
import Foundation
import QuartierModel

/// An open OGR data source (file or connection string), read-only. The owner of the GDAL dataset
/// handle: it closes it in `deinit`; layers and cursors keep it alive.
///
/// See https://gdal.org/en/stable/api/raster_c_api.html#_CPPv410GDALOpenEx
package final class Dataset {
    let handle: GDALDatasetH
    /// The path or connection string it was opened from.
    package let path: String

    /// Opens a vector source.
    /// - Parameters:
    ///   - path: a file path, or a connection string such as `PG:dbname=… host=…` or `/vsizip/…`.
    ///   - openOptions: driver open options (`KEY=VALUE`), e.g. `HEADERS=FORCE` for XLSX.
    /// - Throws: `GDALError` `.fileNotFound`, `.openFailed` or `.noLayers`, naming the source.
    package init(opening path: String, openOptions: [String] = []) throws {
        GDALRuntime.initialize()
        if !Dataset.isConnectionString(path) && !FileManager.default.fileExists(atPath: path) {
            throw GDALError(
                code: .fileNotFound, message: "no such file or folder", path: path,
                hint: "Check the path; relative paths in an analysis file resolve against the file's folder")
        }
        if !Dataset.isConnectionString(path), let problem = RegularFile.specialFileProblem(path) {
            throw GDALError(code: .openFailed, message: "the path \(problem)", path: path)
        }
        if !Dataset.isConnectionString(path) {
            try ZipContent.check(path)
            try ShapefileParts.check(path)
        }
        let options = CStringList(openOptions)
        CPLErrorState.reset()
        let flags = UInt32(GDAL_OF_VECTOR) | UInt32(GDAL_OF_VERBOSE_ERROR) | UInt32(GDAL_OF_READONLY)
        guard let handle = GDALOpenEx(path, flags, nil, options.constPointer, nil) else {
            let gdal = CPLErrorState.lastMessage
            throw GDALError(
                code: .openFailed, message: "GDAL cannot open this as a vector data source", path: path,
                gdalMessage: gdal, hint: Dataset.openHint(gdal))
        }
        self.handle = handle
        self.path = path
        // A driver may open a damaged file and report what it could not read (XLSX, ODS: broken XML).
        if let failure = CPLErrorState.takeFailure() {
            throw GDALError(
                code: .readFailed, message: "GDAL reported an error while opening the file", path: path,
                gdalMessage: failure, hint: Dataset.openHint("damaged"))
        }
        if GDALDatasetGetLayerCount(handle) == 0 {
            throw GDALError(
                code: .noLayers, message: "the source holds no vector layer", path: path,
                hint: "Is it a raster or an empty database?")
        }
    }

    deinit { GDALClose(handle) }

    /// What to tell the user when GDAL cannot open a source, by what GDAL said.
    static func openHint(_ gdalMessage: String?) -> String {
        let text = gdalMessage?.lowercased() ?? ""
        if text.contains("malformed") || text.contains("truncat") || text.contains("corrupt") {
            return "The file is damaged or truncated (an incomplete download or copy?); fetch or export it again"
        }
        if text.contains("password") || text.contains("connection") || text.contains("could not connect") {
            return "Check the connection string (host, port, dbname, user) and that the database server runs"
        }
        return "Quartier reads any OGR vector format (GeoPackage, Shapefile, GeoJSON, FlatGeobuf, CSV, XLSX, ODS, "
            + "PG:…); the file may be of another type or empty, check what it is (e.g. with `file`)"
    }

    /// True for sources that are not plain paths: `PG:…`, `OAPIF:…`, `/vsicurl/…` and the like.
    package static func isConnectionString(_ path: String) -> Bool {
        if path.hasPrefix("/vsi") { return true }
        guard let colon = path.firstIndex(of: ":") else { return false }
        let prefix = path[..<colon]
        return prefix.count >= 2 && prefix.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// The GDAL driver's short name, e.g. "GPKG".
    package var driverName: String {
        guard let driver = GDALGetDatasetDriver(handle), let name = GDALGetDriverShortName(driver) else {
            return "unknown"
        }
        return String(cString: name)
    }

    /// The names of all layers, in the source's order.
    package var layerNames: [String] {
        (0..<GDALDatasetGetLayerCount(handle)).compactMap { i in
            GDALDatasetGetLayer(handle, i).flatMap { OGR_L_GetName($0) }.map { String(cString: $0) }
        }
    }

    /// A layer by name, or the first layer when `name` is nil.
    /// - Throws: `GDALError(.layerNotFound)` listing the layers that exist.
    package func layer(named name: String?) throws -> VectorLayer {
        if let name {
            guard let layer = GDALDatasetGetLayerByName(handle, name) else {
                let available = layerNames.map { "'\($0)'" }.joined(separator: ", ")
                throw GDALError(
                    code: .layerNotFound, message: "there is no layer '\(name)'", path: path,
                    hint: "Available layers: \(available)")
            }
            return try checked(VectorLayer(handle: layer, dataset: self))
        }
        guard let first = GDALDatasetGetLayer(handle, 0) else {
            throw GDALError(code: .noLayers, message: "the source holds no vector layer", path: path)
        }
        return try checked(VectorLayer(handle: first, dataset: self))
    }

    /// The layer, once its definition is read: drivers that load a layer lazily (XLSX, ODS) report
    /// damage then.
    private func checked(_ layer: VectorLayer) throws -> VectorLayer {
        CPLErrorState.reset()
        _ = OGR_L_GetLayerDefn(layer.handle)
        if let failure = CPLErrorState.takeFailure() {
            throw layer.readError("GDAL reported an error while reading the layer", gdalMessage: failure)
        }
        return layer
    }

    /// All layers, in order.
    package func layers() -> [VectorLayer] {
        (0..<GDALDatasetGetLayerCount(handle)).compactMap { i in
            GDALDatasetGetLayer(handle, i).map { VectorLayer(handle: $0, dataset: self) }
        }
    }
}

@available(*, unavailable)
extension Dataset: Sendable {}
