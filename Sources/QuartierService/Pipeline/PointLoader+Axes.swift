import QuartierGDAL
import QuartierModel

/// Latitude and longitude swapped in a geographic point file (EPSG:4326 read as x = latitude): the CRS's area of
/// use is the whole Earth, so only the areas the points belong to can tell. When not one point lies within the
/// areas' extent but most would with x and y swapped, the input is refused with that diagnosis.
extension PointLoader {
    /// - Parameters:
    ///   - points: the points as the file gives them, in `source` (longitude, latitude).
    ///   - areas: the areas' extent in the working CRS.
    ///   - source: the points' own CRS (checked only when geographic).
    /// - Throws: `QuartierError.user` naming the input when its axes look swapped.
    static func checkAxisOrder(
        _ points: FeatureLayer, within areas: BoundingBox, source: SpatialReference, working: SpatialReference,
        name: String, path: String
    ) throws {
        guard source.isGeographic,
            let box = try? Inspector.geographicExtent(
                areas, transformer: CoordinateTransformer(from: working, to: source))
        else { return }
        let coordinates = points.features.compactMap { feature -> Coordinate? in
            if case .point(let c) = feature.geometry { return c }
            return nil
        }
        guard !coordinates.isEmpty else { return }
        func inside(_ x: Double, _ y: Double) -> Bool {
            x >= box.minX && x <= box.maxX && y >= box.minY && y <= box.maxY
        }
        guard !coordinates.contains(where: { inside($0.x, $0.y) }) else { return }
        let swapped = coordinates.filter { inside($0.y, $0.x) }.count
        guard swapped * 2 > coordinates.count else { return }
        throw QuartierError.user(
            "input '\(name)' (\(path)): none of its \(coordinates.count) points lies within the areas, but with "
                + "latitude and longitude swapped \(swapped) would: the file gives latitude first. Swap the "
                + "coordinate columns (x = longitude, y = latitude), or correct the source's axis order")
    }
}
