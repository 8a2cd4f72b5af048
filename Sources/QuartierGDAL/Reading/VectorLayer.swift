import CGDAL
import Foundation
package import QuartierModel

/// A layer of an open `Dataset`: schema, CRS, counts and a cursor over its features. It keeps its
/// dataset alive; its handle is borrowed from the dataset and never freed here.
package final class VectorLayer {
    let handle: OGRLayerH
    package let dataset: Dataset

    init(handle: OGRLayerH, dataset: Dataset) {
        self.handle = handle
        self.dataset = dataset
    }

    package var name: String {
        OGR_L_GetName(handle).map { String(cString: $0) } ?? ""
    }

    /// The declared geometry type as OGR names it ("Polygon", "MultiPolygon", "Point", "None", …).
    package var geometryTypeName: String {
        OGRGeometryBridge.typeName(OGR_L_GetGeomType(handle))
    }

    /// The attribute fields, typed as OGR reads them.
    package var fields: [FieldDefinition] {
        guard let definition = OGR_L_GetLayerDefn(handle) else { return [] }
        return (0..<OGR_FD_GetFieldCount(definition)).compactMap { i in
            guard let field = OGR_FD_GetFieldDefn(definition, i) else { return nil }
            let name = OGR_Fld_GetNameRef(field).map { String(cString: $0) } ?? "field\(i)"
            let alias = OGR_Fld_GetAlternativeNameRef(field).map { String(cString: $0) }
            return FieldDefinition(
                name: name, type: VectorLayer.fieldType(OGR_Fld_GetType(field)),
                alias: alias?.isEmpty == false ? alias : nil)
        }
    }

    static func fieldType(_ type: OGRFieldType) -> FieldType {
        switch type.rawValue {
        case OFTInteger.rawValue: return .integer
        case OFTInteger64.rawValue: return .integer64
        case OFTReal.rawValue: return .real
        case OFTDate.rawValue: return .date
        case OFTDateTime.rawValue: return .dateTime
        case OFTTime.rawValue: return .time
        case OFTBinary.rawValue: return .binary
        case OFTIntegerList.rawValue: return .integerList
        case OFTInteger64List.rawValue: return .integer64List
        case OFTRealList.rawValue: return .realList
        case OFTStringList.rawValue: return .stringList
        default: return .string
        }
    }

    /// The layer's declared CRS, or nil when it has none (e.g. a Shapefile without `.prj`).
    package var spatialReference: SpatialReference? {
        SpatialReference.cloning(OGR_L_GetSpatialRef(handle))
    }

    /// Whether the driver answers a spatial filter from an index (a GeoPackage's R-tree, FlatGeobuf's packed
    /// R-tree): OGR's `FastSpatialFilter` capability.
    package var hasFastSpatialFilter: Bool {
        OGR_L_TestCapability(handle, "FastSpatialFilter") != 0
    }

    /// The number of features, counted by the driver (forced: may scan the layer).
    /// - Throws: `GDALError(.readFailed)` when the driver fails (e.g. a damaged file).
    package func featureCount() throws -> Int {
        CPLErrorState.reset()
        let count = OGR_L_GetFeatureCount(handle, 1)
        if count < 0 || CPLErrorState.lastFailure != nil {
            throw readError("could not count the features")
        }
        return Int(count)
    }

    /// The extent in the layer's CRS, or nil for a layer without geometries.
    package func extent() throws -> BoundingBox? {
        var envelope = OGREnvelope()
        CPLErrorState.reset()
        let err = OGR_L_GetExtent(handle, &envelope, 1)
        if let failure = CPLErrorState.lastFailure, err != OGRERR_NONE {
            throw GDALError(
                code: .readFailed, message: "could not compute the extent", path: dataset.path, layer: name,
                gdalMessage: failure)
        }
        guard err == OGRERR_NONE else { return nil }
        return BoundingBox(minX: envelope.MinX, minY: envelope.MinY, maxX: envelope.MaxX, maxY: envelope.MaxY)
    }

    /// A cursor over the features, from the first one.
    /// - Parameter options: reprojection, validity checks and repair applied while reading.
    package func features(_ options: ReadOptions = ReadOptions()) -> FeatureCursor {
        features(options, fieldIndices: nil)
    }

    private func features(_ options: ReadOptions, fieldIndices: [Int32]?) -> FeatureCursor {
        CPLErrorState.reset()
        OGR_L_ResetReading(handle)
        // A failure while rewinding is thrown by the cursor's first `next()`.
        return FeatureCursor(
            layer: self, options: options, fieldIndices: fieldIndices, pendingFailure: CPLErrorState.takeFailure())
    }

    /// How `readAll` reads a layer.
    package enum Reader: Sendable {
        /// Through the Arrow stream for the drivers that offer it (GeoPackage, FlatGeobuf, GeoJSON), otherwise and
        /// for a schema it does not read through the feature cursor.
        case automatic
        /// Through the feature cursor only.
        case cursor
    }

    /// `QUARTIER_READER=cursor` in the environment makes `Reader.automatic` read with the cursor (benchmarks, or a
    /// driver that misbehaves).
    private static var cursorChosen: Bool {
        ProcessInfo.processInfo.environment["QUARTIER_READER"] == "cursor"
    }

    /// The drivers whose layers `Reader.automatic` reads through the Arrow stream.
    package static let arrowDrivers: Set<String> = ["GPKG", "FlatGeobuf", "GeoJSON"]

    /// Reads every feature into a value layer. Both readers give the same layer.
    /// - Parameters:
    ///   - crsOverride: the CRS to assume instead of the declared one (per-input override).
    ///   - fieldNames: the fields to read (the layer has these, in this order); nil reads all. GDAL skips the others.
    /// - Throws: `GDALError(.fieldNotFound)` for a field name the layer lacks; read errors as the cursor throws them.
    package func readAll(
        _ options: ReadOptions = ReadOptions(), crsOverride: CRSDescription? = nil, fields fieldNames: [String]? = nil,
        reader: Reader = .automatic
    ) throws -> (layer: FeatureLayer, report: GeometryReport) {
        let useArrow = reader == .automatic && !Self.cursorChosen && Self.arrowDrivers.contains(dataset.driverName)
        if useArrow, let read = try readAllThroughArrow(options, crsOverride: crsOverride, fields: fieldNames) {
            return read
        }
        return try selecting(fieldNames) { indices in
            let cursor = features(options, fieldIndices: indices)
            var features: [Feature] = []
            while let feature = try cursor.next() { features.append(feature) }
            return (valueLayer(features, options: options, crsOverride: crsOverride, fields: indices), cursor.report)
        }
    }

    /// Reads every feature through GDAL's Arrow stream, or returns nil when the stream is not offered or holds a
    /// column that is not read (then read it with the cursor: `readAll(reader: .cursor)`).
    package func readAllThroughArrow(
        _ options: ReadOptions = ReadOptions(), crsOverride: CRSDescription? = nil, fields fieldNames: [String]? = nil
    ) throws -> (layer: FeatureLayer, report: GeometryReport)? {
        try selecting(fieldNames) { indices in
            let all = (0..<Int32(fields.count)).map { $0 }
            let reader = ArrowLayerReader(layer: self, options: options, fieldIndices: indices ?? all)
            guard let (features, report) = try reader.read() else { return nil }
            return (valueLayer(features, options: options, crsOverride: crsOverride, fields: indices), report)
        }
    }

    /// Runs `body` with a cursor over the features that reads only `fieldNames` (nil: every field; GDAL skips the
    /// others) and the definitions of the fields its features carry, in that order.
    /// - Throws: `GDALError(.fieldNotFound)` for a field name the layer lacks, and what `body` throws.
    package func withFeatures<T>(
        _ options: ReadOptions, fields fieldNames: [String]?, _ body: (FeatureCursor, [FieldDefinition]) throws -> T
    ) throws -> T {
        try selecting(fieldNames) { indices in
            let all = fields
            return try body(features(options, fieldIndices: indices), indices.map { $0.map { all[Int($0)] } } ?? all)
        }
    }

    /// Runs `body` with the indices of `fieldNames` (nil for all fields) while GDAL ignores the other fields.
    private func selecting<T>(_ fieldNames: [String]?, _ body: ([Int32]?) throws -> T) throws -> T {
        guard let fieldNames else { return try body(nil) }
        let names = fields.map(\.name)
        let indices = try fieldNames.map { name in
            guard let index = names.firstIndex(of: name) else {
                throw GDALError(
                    code: .fieldNotFound, message: "there is no field '\(name)'", path: dataset.path, layer: self.name,
                    hint: "Fields: \(names.joined(separator: ", "))")
            }
            return Int32(index)
        }
        let ignored = CStringList(names.filter { !fieldNames.contains($0) })
        _ = OGR_L_SetIgnoredFields(handle, ignored.mutableConstPointer)
        defer { _ = OGR_L_SetIgnoredFields(handle, nil) }
        return try body(indices)
    }

    private func valueLayer(
        _ features: [Feature], options: ReadOptions, crsOverride: CRSDescription?, fields indices: [Int32]?
    )
        -> FeatureLayer
    {
        let crs = options.transformer?.target ?? crsOverride ?? spatialReference?.crsDescription
        let all = fields
        let selected = indices.map { $0.map { all[Int($0)] } } ?? all
        return FeatureLayer(
            name: name, fields: selected, features: features, crs: crs, geometryType: geometryTypeName)
    }

    func tooManyFeatures(_ maximum: Int) -> GDALError {
        GDALError(
            code: .tooLarge, message: "the layer has more than \(maximum) features (rows), the most Quartier reads",
            path: dataset.path, layer: name, hint: "Is it the right file or sheet? Split or filter it")
    }

    func readError(_ message: String, gdalMessage: String? = nil) -> GDALError {
        GDALError(
            code: .readFailed, message: message, path: dataset.path, layer: name,
            gdalMessage: gdalMessage ?? CPLErrorState.lastMessage,
            hint: "The file may be truncated or damaged; fetch it again or repair it (e.g. with ogr2ogr)")
    }
}

@available(*, unavailable)
extension VectorLayer: Sendable {}
