package import QuartierModel

/// What every tile writer checks and records for each tile added: a valid WebMercatorQuad id, no tile
/// added twice, the zoom range and the lon/lat bounds of the tiles (for PMTiles' header and MBTiles'
/// `metadata`). Empty tiles count here even though no writer stores them.
struct TileCoverage {
    private var seen: Set<UInt64> = []
    private(set) var minZoom = Int.max
    private(set) var maxZoom = Int.min
    /// The union of the tiles' lon/lat bounds; nil before the first tile.
    private(set) var bounds: BoundingBox?

    /// Tiles recorded.
    var count: Int { seen.count }

    /// Records `tile` and returns its PMTiles tile id (`TileID.hilbertID`).
    /// - Throws: `.invalidTile` outside the grid, `.duplicateTile` when added before.
    mutating func record(_ tile: TileID) throws(TileWriteError) -> UInt64 {
        guard let id = tile.hilbertID else { throw TileWriteError(code: .invalidTile, tile: tile) }
        guard seen.insert(id).inserted else { throw TileWriteError(code: .duplicateTile, tile: tile) }
        minZoom = min(minZoom, tile.z)
        maxZoom = max(maxZoom, tile.z)
        bounds = BoundingBox.union(bounds, WebMercator.tileBoundsLonLat(tile))
        return id
    }

    /// `given`, else the tiles' bounds, else the whole Web Mercator world.
    func bounds(or given: BoundingBox?) -> BoundingBox {
        given ?? bounds ?? BoundingBox(minX: -180, minY: -85.051_128_8, maxX: 180, maxY: 85.051_128_8)
    }
}
