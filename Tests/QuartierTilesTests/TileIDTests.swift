import QuartierTiles
import Testing

@Suite("TileID") struct TileIDTests {
    @Test func ordersByZoomThenColumnThenRow() {
        #expect(TileID(z: 0, x: 0, y: 0) < TileID(z: 1, x: 0, y: 0))
        #expect(TileID(z: 3, x: 1, y: 5) < TileID(z: 3, x: 2, y: 0))
    }
}
