import QuartierModel
import Testing

private func square(_ x: Double, _ y: Double, size: Double = 1) -> Polygon {
    Polygon(exterior: [
        Coordinate(x: x, y: y), Coordinate(x: x + size, y: y), Coordinate(x: x + size, y: y + size),
        Coordinate(x: x, y: y + size), Coordinate(x: x, y: y),
    ])
}

/// The lowest index of a geometry containing `point`, by brute force over every geometry.
private func bruteLocate(_ geometries: [Geometry?], _ point: Coordinate) -> Int? {
    geometries.indices.first { i in geometries[i].map { PointInPolygon.contains($0, point) } ?? false }
}

@Suite("PolygonIndex")
struct PolygonIndexTests {
    static let columns = 30
    static let rows = 30
    static let cellSize = 100.0
    static let origin = Coordinate(x: 390_000, y: 5_810_000)
    static let grid = SyntheticPolygons.grid(
        columns: columns, rows: rows, cellSize: cellSize, origin: origin, jitter: 0.2, seed: 42)
    static let extent = SyntheticPolygons.gridExtent(columns: columns, rows: rows, cellSize: cellSize, origin: origin)
    static let points = SyntheticPolygons.randomPoints(count: 20_000, in: extent, seed: 7)
    /// Brute force over every cell, computed once for the tests that share it.
    static let bruteForce = points.map { bruteLocate(grid, $0) }

    @Test(arguments: [Int.min, 0, 1, 2, Int.max])
    func anyNodeCapacityWorksForSmallInputs(nodeCapacity: Int) {
        for count in [1, 2, 3, 17] {
            let squares = (0 ..< count).map { Optional(Geometry.polygon(square(Double($0), 0))) }
            let index = PolygonIndex(squares, nodeCapacity: nodeCapacity)
            #expect(index.count == count)
            #expect(index.locate(Coordinate(x: Double(count) - 0.5, y: 0.5)) == count - 1)
            #expect(index.locate(Coordinate(x: 1, y: 0.5)) == 0, "right edge of 0, left edge of 1: lowest")
            #expect(index.candidates(containing: Coordinate(x: 1, y: 1)) == Array(0 ..< Swift.min(2, count)))
        }
    }

    @Test func nilEmptyAndNonPolygonalGeometriesAreSkipped() {
        let geometries: [Geometry?] = [
            nil, .polygon(Polygon(exterior: [])), .point(Coordinate(x: 0.5, y: 0.5)), .multiPolygon([]),
            .polygon(square(0, 0)), .lineString([Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 1)]),
            .polygon(Polygon(exterior: [Coordinate(x: .nan, y: 0), Coordinate(x: 1, y: 1), Coordinate(x: 0, y: 1)])),
            .multiPolygon([Polygon(exterior: []), square(0, 0)]),
        ]
        let index = PolygonIndex(geometries)
        #expect(index.count == 2)
        #expect(index.locate(Coordinate(x: 0.5, y: 0.5)) == 4)
        #expect(index.candidates(containing: Coordinate(x: 0.5, y: 0.5)) == [4, 7])
        #expect(index.locate(Coordinate(x: 2, y: 2)) == nil)
    }

    @Test func anIndexOfNothingFindsNothing() {
        for geometries in [[], [nil, nil], [Geometry.point(Coordinate(x: 0, y: 0))]] as [[Geometry?]] {
            let index = PolygonIndex(geometries)
            #expect(index.count == 0)
            #expect(index.locate(Coordinate(x: 0, y: 0)) == nil)
            #expect(index.candidates(containing: Coordinate(x: 0, y: 0)).isEmpty)
            #expect(index.candidates(intersecting: BoundingBox(minX: -1, minY: -1, maxX: 1, maxY: 1)).isEmpty)
            #expect(index.locateAll(Array(repeating: Coordinate(x: 0, y: 0), count: 10_000)).allSatisfy { $0 == nil })
        }
    }

    @Test func pointInBboxButOutsidePolygon() {
        let triangle = Polygon(exterior: [
            Coordinate(x: 0, y: 0), Coordinate(x: 10, y: 0), Coordinate(x: 0, y: 10), Coordinate(x: 0, y: 0),
        ])
        let index = PolygonIndex([.polygon(triangle)])
        #expect(index.candidates(containing: Coordinate(x: 9, y: 9)) == [0])
        #expect(index.locate(Coordinate(x: 9, y: 9)) == nil)
        #expect(index.locate(Coordinate(x: 1, y: 1)) == 0)
    }

    @Test func sharedBorderGoesToTheLowestIndex() {
        let left = Geometry.polygon(square(0, 0, size: 10))
        let right = Geometry.polygon(square(10, 0, size: 10))
        let onBorder = Coordinate(x: 10, y: 5)
        #expect(PointInPolygon.contains(left, onBorder) && PointInPolygon.contains(right, onBorder))
        #expect(PolygonIndex([left, right]).locate(onBorder) == 0)
        #expect(PolygonIndex([right, left]).locate(onBorder) == 0)
        #expect(PolygonIndex([nil, right, left]).locate(onBorder) == 1)
        #expect(PolygonIndex([left, right]).locate(Coordinate(x: 10.5, y: 5)) == 1)
    }

    @Test func islandInAHoleIsFoundDespiteAHigherIndex() {
        let outer = Geometry.polygon(
            Polygon(exterior: square(0, 0, size: 10).exterior, holes: [square(3, 3, size: 4).exterior]))
        let island = Geometry.polygon(square(3, 3, size: 4))
        let index = PolygonIndex([outer, island])
        #expect(index.locate(Coordinate(x: 5, y: 5)) == 1)
        #expect(index.locate(Coordinate(x: 1, y: 5)) == 0)
        #expect(index.locate(Coordinate(x: 3, y: 5)) == 0, "the hole's border is in both; lowest index wins")
    }

    @Test func multiPolygonsAreLocatedByAnyPart() {
        let parts = Geometry.multiPolygon([square(0, 0), square(100, 100)])
        let middle = Geometry.polygon(square(50, 50))
        let index = PolygonIndex([middle, parts])
        #expect(index.locate(Coordinate(x: 100.5, y: 100.5)) == 1)
        #expect(index.locate(Coordinate(x: 0.5, y: 0.5)) == 1)
        #expect(index.locate(Coordinate(x: 50.5, y: 50.5)) == 0, "inside the multipolygon's bbox, not its parts")
        #expect(index.candidates(containing: Coordinate(x: 50.5, y: 50.5)) == [0, 1])
    }

    @Test(arguments: [2, 3, 16, 64, Int.max])
    func locateAgreesWithBruteForceOnAJitteredGrid(nodeCapacity: Int) {
        let geometries = Self.grid.map { Optional($0) }
        let index = PolygonIndex(geometries, nodeCapacity: nodeCapacity)
        #expect(index.count == Self.columns * Self.rows)
        let found = Self.points.map(index.locate)
        #expect(found == Self.bruteForce)
        #expect(!found.contains(nil), "the tessellation has no gaps")
    }

    @Test func everyGridVertexIsLocatedAtItsLowestCell() {
        let geometries = Self.grid.map { Optional($0) }
        let index = PolygonIndex(geometries)
        let vertices = Set(Self.grid.flatMap(\.coordinates))
        for vertex in vertices {
            let found = index.locate(vertex)
            #expect(found != nil)
            #expect(found == bruteLocate(geometries, vertex))
        }
    }

    @Test func locateAllEqualsTheSequentialMap() {
        let index = PolygonIndex(Self.grid.map { Optional($0) })
        let outside = SyntheticPolygons.randomPoints(
            count: 5_000, in: BoundingBox(minX: 389_000, minY: 5_809_000, maxX: 394_000, maxY: 5_814_000), seed: 9)
        let points = Self.points + outside + [Coordinate(x: .nan, y: 0), Coordinate(x: .infinity, y: 5_811_000)]
        let parallel = index.locateAll(points)
        #expect(parallel == points.map(index.locate))
        #expect(parallel.contains(nil) && parallel.contains { $0 != nil })
        #expect(index.locateAll([]).isEmpty)
        #expect(index.locateAll(Array(points.prefix(3))) == points.prefix(3).map(index.locate))
    }

    @Test func candidatesEqualBruteForceBoxTests() {
        let geometries = Self.grid.map { Optional($0) }
        let boxes = geometries.map { $0?.envelope }
        let index = PolygonIndex(geometries, nodeCapacity: 4)
        var random = SplitMix64(seed: 11)
        for _ in 0 ..< 500 {
            let x = random.nextDouble(in: Self.extent.minX - 200, Self.extent.maxX + 200)
            let y = random.nextDouble(in: Self.extent.minY - 200, Self.extent.maxY + 200)
            let query = BoundingBox(
                minX: x, minY: y, maxX: x + random.nextDouble(in: 0, 400), maxY: y + random.nextDouble(in: 0, 400))
            let expected = boxes.indices.filter { boxes[$0]?.intersects(query) == true }
            #expect(index.candidates(intersecting: query) == expected)
            let corner = Coordinate(x: x, y: y)
            let containing = boxes.indices.filter { boxes[$0]?.contains(corner) == true }
            #expect(index.candidates(containing: corner) == containing)
        }
        #expect(index.candidates(intersecting: Self.extent).count == geometries.count)
    }
}
