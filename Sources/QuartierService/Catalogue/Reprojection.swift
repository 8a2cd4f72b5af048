import QuartierGDAL
package import QuartierModel

/// Coordinates and geometries from one CRS into another (PROJ, through the GDAL wrapper), for readers of a run's
/// outputs that offer other CRSs (the server's `crs` parameter) without handling GDAL themselves. Axis order is
/// the traditional GIS order (x = easting or longitude).
package struct Reprojection {
    private let transformer: CoordinateTransformer

    /// - Parameters: CRS definitions as GDAL reads them (`EPSG:25833`, an OGC URI, WKT).
    package init(from source: String, to target: String) throws {
        transformer = try CoordinateTransformer(
            from: try SpatialReference(definition: source), to: try SpatialReference(definition: target))
    }

    package func transform(_ geometry: Geometry) throws -> Geometry {
        try transformer.transform(geometry)
    }

    package func transform(_ points: inout [Coordinate]) throws {
        try transformer.transform(&points)
    }
}

@available(*, unavailable)
extension Reprojection: Sendable {}
