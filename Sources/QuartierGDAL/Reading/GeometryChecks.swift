import CGDAL
import QuartierModel

/// What both readers (the feature cursor and the Arrow stream) do with each geometry: count empty ones, check
/// validity, repair, reproject, then copy it into a value. One place, so that both give the same layer.
struct GeometryChecks {
    let options: ReadOptions
    let layer: VectorLayer

    /// The value of an OGR geometry owned by the caller, which may be transformed in place; nil for none or empty.
    /// - Throws: `GDALError(.transformFailed)` when it cannot be reprojected.
    func value(of handle: OGRGeometryH?, fid: Int64, report: inout GeometryReport) throws -> Geometry? {
        guard var geometry = handle, OGR_G_IsEmpty(geometry) == 0 else {
            if options.checkValidity { report.emptyFIDs.append(fid) }
            return nil
        }
        var repaired: OGRGeometryH?
        defer { if let repaired { OGR_G_DestroyGeometry(repaired) } }
        if options.checkValidity, OGR_G_IsValid(geometry) == 0 {
            report.invalidFIDs.append(fid)
            if options.repair, let copy = OGR_G_MakeValid(geometry) {
                repaired = copy
                report.repairedFIDs.append(fid)
                geometry = copy
            }
        }
        if let transformer = options.transformer {
            CPLErrorState.reset()
            guard OGR_G_Transform(geometry, transformer.handle) == OGRERR_NONE else {
                throw GDALError(
                    code: .transformFailed,
                    message: "feature \(fid) cannot be transformed from \(transformer.source.label) to "
                        + transformer.target.label,
                    path: layer.dataset.path, layer: layer.name, gdalMessage: CPLErrorState.lastMessage,
                    hint: "Check the input's CRS; override it with crs = \"EPSG:…\" or --crs")
            }
        }
        return OGRGeometryBridge.geometry(from: geometry)
    }

    /// The value of a geometry given as WKB. Without checks or reprojection, plain geometries are decoded straight
    /// into the value; everything else (curves, empty parts, NaN coordinates, checks) goes through an OGR geometry
    /// made from the same bytes, so the value is the one the cursor gives.
    func value(ofWKB bytes: UnsafeBufferPointer<UInt8>, fid: Int64, report: inout GeometryReport) throws -> Geometry? {
        if !options.checkValidity, options.transformer == nil, let plain = Self.plain(bytes) { return plain }
        guard let base = bytes.baseAddress, bytes.count <= Int(Int32.max) else {
            return try value(of: nil, fid: fid, report: &report)
        }
        var handle: OGRGeometryH?
        let err = OGR_G_CreateFromWkb(base, nil, &handle, Int32(bytes.count))
        defer { if let handle { OGR_G_DestroyGeometry(handle) } }
        guard err == OGRERR_NONE, let handle else {
            throw layer.readError("feature \(fid): its geometry's WKB cannot be read (OGR error \(err))")
        }
        return try value(of: handle, fid: fid, report: &report)
    }

    /// The decoded WKB when it has coordinates and every one is finite; nil otherwise.
    static func plain(_ bytes: UnsafeBufferPointer<UInt8>) -> Geometry? {
        guard let geometry = try? WKB.geometry(bytes) else { return nil }
        let coordinates = geometry.coordinates
        guard !coordinates.isEmpty, coordinates.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else { return nil }
        return geometry
    }
}
