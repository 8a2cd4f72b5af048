import CGDAL
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
        CPLErrorState.reset()
        OGR_L_ResetReading(handle)
        // A failure while rewinding is thrown by the cursor's first `next()`.
        return FeatureCursor(layer: self, options: options, pendingFailure: CPLErrorState.takeFailure())
    }

    /// Reads every feature into a value layer.
    /// - Parameter crsOverride: the CRS to assume instead of the declared one (per-input override).
    package func readAll(_ options: ReadOptions = ReadOptions(), crsOverride: CRSDescription? = nil) throws
        -> (layer: FeatureLayer, report: GeometryReport)
    {
        let cursor = features(options)
        var features: [Feature] = []
        while let feature = try cursor.next() { features.append(feature) }
        let crs = options.transformer?.target ?? crsOverride ?? spatialReference?.crsDescription
        let layer = FeatureLayer(
            name: name, fields: fields, features: features, crs: crs, geometryType: geometryTypeName)
        return (layer, cursor.report)
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
