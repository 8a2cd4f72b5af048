import CGDAL
package import QuartierModel

/// Geometry operations that need GEOS, through OGR.
///
/// See https://gdal.org/en/stable/api/vector_c_api.html (OGR_G_UnionCascaded, OGR_G_PointOnSurface).
package enum GeometryOperations {
    /// The union of polygonal geometries (dissolving shared borders), or nil when there is none.
    /// - Throws: `GDALError(.invalidGeometry)` when GEOS cannot compute the union.
    package static func union(_ geometries: [Geometry]) throws -> Geometry? {
        GDALRuntime.initialize()
        guard !geometries.isEmpty, let collection = OGR_G_CreateGeometry(wkbMultiPolygon) else { return nil }
        defer { OGR_G_DestroyGeometry(collection) }
        for polygon in geometries.flatMap(\.polygons) {
            if let handle = OGRGeometryBridge.makeHandle(.polygon(polygon)) { OGR_G_AddGeometryDirectly(collection, handle) }
        }
        CPLErrorState.reset()
        guard let union = OGR_G_UnionCascaded(collection) else {
            throw GDALError(
                code: .invalidGeometry, message: "GEOS could not dissolve the polygons", gdalMessage: CPLErrorState.lastMessage,
                hint: "Check the member geometries for validity (quartier inspect)")
        }
        defer { OGR_G_DestroyGeometry(union) }
        return OGRGeometryBridge.geometry(from: union)
    }

    /// A point guaranteed to lie inside a polygonal geometry (GEOS PointOnSurface), for assigning an area
    /// to the parent that contains it; nil for an empty geometry.
    package static func pointOnSurface(_ geometry: Geometry) -> Coordinate? {
        GDALRuntime.initialize()
        guard let handle = OGRGeometryBridge.makeHandle(geometry) else { return nil }
        defer { OGR_G_DestroyGeometry(handle) }
        guard let point = OGR_G_PointOnSurface(handle) else { return nil }
        defer { OGR_G_DestroyGeometry(point) }
        guard OGR_G_IsEmpty(point) == 0 else { return nil }
        return Coordinate(x: OGR_G_GetX(point, 0), y: OGR_G_GetY(point, 0))
    }
}
