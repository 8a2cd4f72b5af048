import Foundation
import QuartierGDAL
import QuartierModel

/// The plausibility of coordinates against the CRS's area of use (PROJ's database): x and y swapped,
/// a wrong CRS or a stray coordinate 20,000 km away put the extent far outside it.
extension InputSource {
    /// How far (degrees) the extent may reach beyond the area of use: projected CRSs are used a zone or
    /// two beyond it (Berlin in EPSG:25832), never a continent away.
    static let areaOfUseTolerance = 10.0

    /// Fails when the extent (in `srs`), in longitude/latitude, reaches more than `areaOfUseTolerance`
    /// degrees beyond the area of use of `area` (the input's CRS, or the CRS it is reprojected to), or
    /// cannot be transformed to longitude/latitude at all.
    func checkAreaOfUse(_ extent: BoundingBox, srs: SpatialReference, area crs: SpatialReference) throws {
        guard let area = crs.areaOfUse else { return }
        let label = crs.crsDescription.label
        let hint =
            "Check the CRS (crs = \"EPSG:…\" in [inputs.\(spec.name)] or --crs), the axis order (x = easting or "
            + "longitude) and stray coordinates (quartier inspect shows the extent)"
        let lonLat: BoundingBox?
        if srs.isGeographic {
            lonLat = extent
        } else {
            lonLat = try? Inspector.geographicExtent(
                extent, transformer: CoordinateTransformer(from: srs, to: SpatialReference.wgs84()))
        }
        guard let lonLat, [lonLat.minX, lonLat.minY, lonLat.maxX, lonLat.maxY].allSatisfy(\.isFinite) else {
            throw error(
                .crsMismatch,
                "the coordinates (\(extent.minX), \(extent.minY) – \(extent.maxX), \(extent.maxY)) cannot be "
                    + "located on Earth in \(srs.crsDescription.label)", hint: hint)
        }
        let t = InputSource.areaOfUseTolerance
        let inside =
            lonLat.minX >= area.minX - t && lonLat.maxX <= area.maxX + t && lonLat.minY >= area.minY - t
            && lonLat.maxY <= area.maxY + t
        guard !inside else { return }
        func degrees(_ box: BoundingBox) -> String {
            String(format: "%.1f–%.1f° E, %.1f–%.1f° N", box.minX, box.maxX, box.minY, box.maxY)
        }
        throw error(
            .crsMismatch,
            "the coordinates lie at \(degrees(lonLat)), more than \(Int(t))° outside the area of use of \(label) "
                + "(\(degrees(area))): a wrong CRS, swapped x and y, or stray coordinates", hint: hint)
    }
}
