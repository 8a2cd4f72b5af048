package import QuartierModel
import Foundation

/// The spherical Web Mercator projection (EPSG:3857) and the WebMercatorQuad tile grid.
///
/// Formulas: EPSG Guidance Note 7-2, §1.3.3.2 "Popular Visualisation Pseudo Mercator" (EPSG:1024);
/// tile grid: OGC Two Dimensional Tile Matrix Set, Annex D.1 (WebMercatorQuad). Metres on a sphere
/// of radius 6,378,137 m; latitudes beyond ±85.05112878° are clamped and the clamping is reported.
package enum WebMercator {
    /// Semi-major axis of WGS 84, used as the sphere radius, in metres.
    package static let radius = 6_378_137.0
    /// Latitude at which the projected square closes (atan(sinh(π)) in degrees).
    package static let maxLatitude = 85.05112878
    /// Half the width of the projected world, in metres (π · radius ≈ 20,037,508.34 m).
    package static let halfWorld = Double.pi * radius

    /// Projects lon/lat degrees (EPSG:4326, traditional GIS order) to EPSG:3857 metres.
    ///
    /// - Returns: the projected coordinate and whether the latitude had to be clamped.
    package static func project(_ lonLat: Coordinate) -> (coordinate: Coordinate, clamped: Bool) {
        let lat = min(max(lonLat.y, -maxLatitude), maxLatitude)
        let x = lonLat.x * .pi / 180 * radius
        let phi = lat * .pi / 180
        let y = log(tan(.pi / 4 + phi / 2)) * radius
        return (Coordinate(x: x, y: y), lat != lonLat.y)
    }

    /// Projects a whole geometry to EPSG:3857 metres; `clampedCount` counts clamped vertices.
    package static func project(_ geometry: Geometry) -> (geometry: Geometry, clampedCount: Int) {
        var clamped = 0
        let projected = geometry.mapCoordinates { c -> Coordinate in
            let p = project(c)
            if p.clamped { clamped += 1 }
            return p.coordinate
        }
        return (projected, clamped)
    }

    /// Inverse projection: EPSG:3857 metres to lon/lat degrees.
    package static func unproject(_ metres: Coordinate) -> Coordinate {
        let lon = metres.x / radius * 180 / .pi
        let lat = (2 * atan(exp(metres.y / radius)) - .pi / 2) * 180 / .pi
        return Coordinate(x: lon, y: lat)
    }

    /// The bounds of a tile in EPSG:3857 metres (OGC TMS Annex D.1; row 0 is the northernmost).
    package static func tileBounds(_ tile: TileID) -> BoundingBox {
        let size = 2 * halfWorld / Double(1 << tile.z)
        let minX = -halfWorld + Double(tile.x) * size
        let maxY = halfWorld - Double(tile.y) * size
        return BoundingBox(minX: minX, minY: maxY - size, maxX: minX + size, maxY: maxY)
    }

    /// The bounds of a tile in lon/lat degrees.
    package static func tileBoundsLonLat(_ tile: TileID) -> BoundingBox {
        let m = tileBounds(tile)
        let sw = unproject(Coordinate(x: m.minX, y: m.minY))
        let ne = unproject(Coordinate(x: m.maxX, y: m.maxY))
        return BoundingBox(minX: sw.x, minY: sw.y, maxX: ne.x, maxY: ne.y)
    }
}
