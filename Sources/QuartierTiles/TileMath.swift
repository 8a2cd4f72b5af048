package import QuartierModel
import Foundation

/// Tile-grid arithmetic on the WebMercatorQuad grid (OGC Two Dimensional Tile Matrix Set, Annex D.1).
package enum TileMath {
    /// The tile holding a lon/lat position at `zoom` (latitude clamped to ±85.05112878°).
    ///
    /// Positions on the east or south edge of the world fall into the last column or row.
    package static func tile(containing lonLat: Coordinate, zoom: Int) -> TileID {
        let n = 1 << zoom
        let (m, _) = WebMercator.project(lonLat)
        let size = 2 * WebMercator.halfWorld / Double(n)
        let fx = ((m.x + WebMercator.halfWorld) / size).rounded(.down)
        let fy = ((WebMercator.halfWorld - m.y) / size).rounded(.down)
        // Clamped as Doubles first: a finite 1e300 would trap in Int(_:).
        let x = fx.isFinite ? Int(min(max(fx, 0), Double(n - 1))) : 0
        let y = fy.isFinite ? Int(min(max(fy, 0), Double(n - 1))) : 0
        return TileID(z: zoom, x: x, y: y)
    }

    /// Every tile at `zoom` that intersects a lon/lat bounding box, row-major from the north-west.
    ///
    /// - Parameters:
    ///   - bbox: `[minLon, minLat, maxLon, maxLat]` in degrees (EPSG:4326); an antimeridian-crossing
    ///     box (minX > maxX) is not supported and yields the tiles of `[minX, 180] ∪ [-180, maxX]`.
    ///   - zoom: 0…30.
    package static func tilesCovering(bbox: BoundingBox, zoom: Int) -> [TileID] {
        guard zoom >= 0, zoom <= 30 else { return [] }
        if bbox.minX > bbox.maxX {
            let west = BoundingBox(minX: bbox.minX, minY: bbox.minY, maxX: 180, maxY: bbox.maxY)
            let east = BoundingBox(minX: -180, minY: bbox.minY, maxX: bbox.maxX, maxY: bbox.maxY)
            return tilesCovering(bbox: west, zoom: zoom) + tilesCovering(bbox: east, zoom: zoom)
        }
        let nw = tile(containing: Coordinate(x: bbox.minX, y: bbox.maxY), zoom: zoom)
        let se = tile(containing: Coordinate(x: bbox.maxX, y: bbox.minY), zoom: zoom)
        var tiles: [TileID] = []
        tiles.reserveCapacity((se.x - nw.x + 1) * (se.y - nw.y + 1))
        for y in nw.y...se.y {
            for x in nw.x...se.x {
                tiles.append(TileID(z: zoom, x: x, y: y))
            }
        }
        return tiles
    }

    /// Tiles covering `bbox` at every zoom from `minZoom` through `maxZoom`.
    package static func tilesCovering(bbox: BoundingBox, zooms: ClosedRange<Int>) -> [TileID] {
        zooms.flatMap { tilesCovering(bbox: bbox, zoom: $0) }
    }
}
