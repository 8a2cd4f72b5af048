/// A tile of the WebMercatorQuad tile matrix set: zoom, column x (west → east), row y (north → south).
package struct TileID: Sendable, Hashable, Comparable {
    package var z: Int
    package var x: Int
    package var y: Int

    package init(z: Int, x: Int, y: Int) {
        self.z = z
        self.x = x
        self.y = y
    }

    package static func < (a: TileID, b: TileID) -> Bool { (a.z, a.x, a.y) < (b.z, b.x, b.y) }
}
