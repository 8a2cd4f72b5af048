import CGDAL
package import QuartierModel

extension GeometryOperations {
    /// A pair of polygonal geometries to overlay: indexes into the two lists given to `intersectionAreas`.
    package struct OverlayPair: Sendable, Hashable {
        package var first: Int
        package var second: Int

        package init(_ first: Int, _ second: Int) {
            self.first = first
            self.second = second
        }
    }

    /// The area of the intersection of each pair (GEOS through OGR_G_Intersection and OGR_G_Area), in squared CRS
    /// units (m² in a metric CRS). Each geometry is converted to OGR once, however many pairs it is in. A pair with
    /// an empty or missing geometry has area 0.
    ///
    /// See https://gdal.org/en/stable/api/vector_c_api.html (OGR_G_Intersection, OGR_G_Area, OGR_G_Intersects).
    /// - Throws: `GDALError(.invalidGeometry)` when GEOS cannot intersect a pair that overlaps.
    package static func intersectionAreas(
        _ first: [Geometry?], _ second: [Geometry?], pairs: [OverlayPair]
    ) throws -> [Double] {
        GDALRuntime.initialize()
        var firstHandles: [Int: OGRGeometryH] = [:]
        var secondHandles: [Int: OGRGeometryH] = [:]
        defer {
            for handle in firstHandles.values { OGR_G_DestroyGeometry(handle) }
            for handle in secondHandles.values { OGR_G_DestroyGeometry(handle) }
        }
        func handle(_ index: Int, _ geometries: [Geometry?], _ cache: inout [Int: OGRGeometryH]) -> OGRGeometryH? {
            if let cached = cache[index] { return cached }
            guard index >= 0, index < geometries.count, let geometry = geometries[index], !geometry.isEmpty,
                let made = OGRGeometryBridge.makeHandle(geometry)
            else { return nil }
            cache[index] = made
            return made
        }
        var areas: [Double] = []
        areas.reserveCapacity(pairs.count)
        for pair in pairs {
            guard let a = handle(pair.first, first, &firstHandles), let b = handle(pair.second, second, &secondHandles),
                OGR_G_Intersects(a, b) != 0
            else {
                areas.append(0)
                continue
            }
            CPLErrorState.reset()
            guard let piece = OGR_G_Intersection(a, b) else {
                throw GDALError(
                    code: .invalidGeometry,
                    message: "GEOS could not intersect two polygons (pair \(pair.first), "
                        + "\(pair.second))", gdalMessage: CPLErrorState.lastMessage,
                    hint: "Check both inputs' geometries for validity (quartier inspect)")
            }
            defer { OGR_G_DestroyGeometry(piece) }
            areas.append(OGR_G_Area(piece))
        }
        return areas
    }
}
