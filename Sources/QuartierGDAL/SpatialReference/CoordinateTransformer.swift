import CGDAL
package import QuartierModel

/// Transforms coordinates between two CRSs through OSR/PROJ, in traditional GIS order.
///
/// See https://gdal.org/en/stable/api/ogr_srs_api.html#_CPPv430OCTNewCoordinateTransformation
package final class CoordinateTransformer {
    let handle: OGRCoordinateTransformationH
    package let source: CRSDescription
    package let target: CRSDescription

    /// - Throws: `GDALError(.transformFailed)` when PROJ finds no operation between the two.
    package init(from source: SpatialReference, to target: SpatialReference) throws {
        CPLErrorState.reset()
        guard let handle = OCTNewCoordinateTransformation(source.handle, target.handle) else {
            throw GDALError(
                code: .transformFailed,
                message: "PROJ knows no transformation from \(source.name) to \(target.name)",
                gdalMessage: CPLErrorState.lastMessage)
        }
        self.handle = handle
        self.source = source.crsDescription
        self.target = target.crsDescription
    }

    deinit { OCTDestroyCoordinateTransformation(handle) }

    /// Transforms coordinates in place, all or nothing.
    /// - Throws: `GDALError(.transformFailed)` naming the first coordinate PROJ could not transform.
    package func transform(_ coordinates: inout [Coordinate]) throws {
        guard !coordinates.isEmpty else { return }
        var xs = coordinates.map(\.x)
        var ys = coordinates.map(\.y)
        var ok = [Int32](repeating: 0, count: coordinates.count)
        let count = Int32(coordinates.count)
        let result = OCTTransformEx(handle, count, &xs, &ys, nil, &ok)
        if result != 0, !ok.contains(0) {
            for i in coordinates.indices { coordinates[i] = Coordinate(x: xs[i], y: ys[i]) }
            return
        }
        let bad = ok.firstIndex(of: 0) ?? 0
        let c = coordinates[bad]
        throw GDALError(
            code: .transformFailed,
            message: "PROJ could not transform (\(c.x), \(c.y)) from \(source.label) to \(target.label)",
            hint: "Check that the input's CRS is right; override it with crs = \"EPSG:…\" or --crs")
    }

    /// One coordinate.
    package func transform(_ coordinate: Coordinate) throws -> Coordinate {
        var list = [coordinate]
        try transform(&list)
        return list[0]  // transform keeps the count: one in, one out
    }

    /// Every coordinate of a geometry.
    package func transform(_ geometry: Geometry) throws -> Geometry {
        var flat = geometry.coordinates
        try transform(&flat)
        var index = 0
        return geometry.mapCoordinates { _ in
            defer { index += 1 }
            return flat[index]  // same traversal order as `coordinates`
        }
    }
}

@available(*, unavailable)
extension CoordinateTransformer: Sendable {}
