import QuartierModel
import Testing

/// numpy's `isclose` rule, as ARCHITECTURE.md asks: |a − b| ≤ 1e-7 + 1e-5·|b|.
private func isClose(_ a: Double, _ b: Double) -> Bool {
    abs(a - b) <= 1e-7 + 1e-5 * abs(b)
}

@Suite("SyntheticPolygons")
struct SyntheticPolygonsTests {
    @Test func gridIsDeterministicForASeed() {
        let a = SyntheticPolygons.grid(columns: 7, rows: 5, cellSize: 10, jitter: 0.2, seed: 99)
        let b = SyntheticPolygons.grid(columns: 7, rows: 5, cellSize: 10, jitter: 0.2, seed: 99)
        let c = SyntheticPolygons.grid(columns: 7, rows: 5, cellSize: 10, jitter: 0.2, seed: 100)
        #expect(a == b)
        #expect(a != c)
        #expect(a.count == 35)
    }

    @Test(arguments: [0.0, 0.1, 0.24, 0.9])
    func gridTilesItsExtentExactly(jitter: Double) {
        let origin = Coordinate(x: -50, y: 20)
        let cells = SyntheticPolygons.grid(columns: 12, rows: 9, cellSize: 5, origin: origin, jitter: jitter, seed: 5)
        let extent = SyntheticPolygons.gridExtent(columns: 12, rows: 9, cellSize: 5, origin: origin)
        #expect(BoundingBox(covering: cells.flatMap(\.coordinates)) == extent)
        #expect(isClose(cells.reduce(0) { $0 + $1.area }, extent.width * extent.height))
        for cell in cells {
            let ring = cell.polygons[0].exterior
            #expect(ring.count == 5 && ring.first == ring.last)
            #expect(Polygon.signedArea(ring) > 0, "counter-clockwise, not folded")
        }
    }

    @Test func neighboursShareBitIdenticalVertices() {
        let columns = 6
        let cells = SyntheticPolygons.grid(columns: columns, rows: 4, cellSize: 1, jitter: 0.2, seed: 8)
        let rings = cells.map { $0.polygons[0].exterior }
        for row in 0 ..< 4 {
            for column in 0 ..< columns - 1 {
                let here = rings[row * columns + column]
                let east = rings[row * columns + column + 1]
                #expect(here[1] == east[0] && here[2] == east[3])
            }
        }
        for column in 0 ..< columns {
            #expect(rings[column][3] == rings[columns + column][0])
        }
    }

    @Test func degenerateGridArgumentsGiveNothing() {
        #expect(SyntheticPolygons.grid(columns: 0, rows: 5, cellSize: 1, jitter: 0.1, seed: 1).isEmpty)
        #expect(SyntheticPolygons.grid(columns: 5, rows: -1, cellSize: 1, jitter: 0.1, seed: 1).isEmpty)
    }

    @Test func randomPointsAreUniformInTheBoxAndDeterministic() {
        let box = BoundingBox(minX: 10, minY: -5, maxX: 20, maxY: 5)
        let points = SyntheticPolygons.randomPoints(count: 10_000, in: box, seed: 1)
        #expect(points.count == 10_000)
        #expect(points.allSatisfy { box.contains($0) && $0.x < box.maxX && $0.y < box.maxY })
        #expect(points == SyntheticPolygons.randomPoints(count: 10_000, in: box, seed: 1))
        #expect(points != SyntheticPolygons.randomPoints(count: 10_000, in: box, seed: 2))
        // Mean of a uniform variable; standard error ≈ 10 / √12 / √10000 ≈ 0.029, so 0.15 is > 5 SE.
        #expect(abs(points.reduce(0) { $0 + $1.x } / 10_000 - 15) < 0.15)
        #expect(abs(points.reduce(0) { $0 + $1.y } / 10_000 - 0) < 0.15)
        #expect(SyntheticPolygons.randomPoints(count: 0, in: box, seed: 1).isEmpty)
    }
}
