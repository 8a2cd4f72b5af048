import QuartierModel
import QuartierStats
import Testing

@Suite("WeightsBuilder.contiguity")
struct ContiguityTests {
    static func square(_ x: Double, _ y: Double, _ size: Double = 1) -> Geometry {
        .polygon(Polygon(exterior: [
            Coordinate(x: x, y: y), Coordinate(x: x + size, y: y), Coordinate(x: x + size, y: y + size),
            Coordinate(x: x, y: y + size), Coordinate(x: x, y: y),
        ]))
    }

    static func rows(_ w: SpatialWeights) -> [[Int]] { (0..<w.count).map { Array(w.neighbors(of: $0)) } }

    /// Reference: libpysal 4.14.1 `Queen`/`Rook.from_dataframe` on the 542 Planungsräume (`queen.gal`, `rook.gal`).
    @Test(arguments: [Contiguity.queen, .rook])
    func berlinMatchesLibpysal(kind: Contiguity) throws {
        let berlin = try #require(BerlinGeometryFixture.shared)
        #expect(berlin.ids.count == 542)
        let mine = WeightsBuilder.contiguity(berlin.geometries, ids: berlin.ids, kind: kind)
        let reference = try berlin.libpysal(kind == .queen ? "queen.gal" : "rook.gal")
        #expect(differences(mine, reference) == [])
        #expect(mine.neighbors.count == Int(berlin.reference["\(kind.rawValue)_nonzero"] ?? ""))
        #expect(mine.islands.isEmpty)
    }

    @Test func gridInteriorCellsHaveEightQueenAndFourRookNeighbours() {
        let cells = SyntheticPolygons.grid(columns: 100, rows: 100, cellSize: 100)
        let ids = cells.indices.map { "c\($0)" }
        let queen = WeightsBuilder.contiguity(cells, ids: ids, kind: .queen)
        let rook = WeightsBuilder.contiguity(cells, ids: ids, kind: .rook)
        let queenCounts = queen.cardinalities
        let rookCounts = rook.cardinalities
        var wrong: [Int] = []
        for row in 0..<100 {
            for column in 0..<100 {
                let i = row * 100 + column
                let edge = (row == 0 || row == 99 ? 1 : 0) + (column == 0 || column == 99 ? 1 : 0)
                // Interior 8/4, edge 5/3, corner 3/2.
                if queenCounts[i] != [8, 5, 3][edge] || rookCounts[i] != [4, 3, 2][edge] { wrong.append(i) }
            }
        }
        #expect(wrong == [])
        #expect(Array(rook.neighbors(of: 101)) == [1, 100, 102, 201])
        #expect(Array(queen.neighbors(of: 101)) == [0, 1, 2, 100, 102, 200, 201, 202])
    }

    @Test func slivers() {
        // Two unit squares 0.05 apart: neighbours only once snapping closes the gap.
        let geometries = [Self.square(0, 0), Self.square(1.05, 0)]
        for kind in Contiguity.allCases {
            #expect(WeightsBuilder.contiguity(geometries, ids: ["a", "b"], kind: kind).islands == [0, 1])
            let snapped = WeightsBuilder.contiguity(geometries, ids: ["a", "b"], kind: kind, snap: 0.1)
            #expect(Self.rows(snapped) == [[1], [0]])
            #expect(WeightsBuilder.contiguity(geometries, ids: ["a", "b"], kind: kind, snap: 0.04).islands == [0, 1])
        }
    }

    @Test func rookNeedsAnIdenticalEdge() {
        // b's left border has an extra vertex halfway along a's right edge: they share vertices, not an edge.
        let a = Self.square(0, 0)
        let b = Geometry.polygon(Polygon(exterior: [
            Coordinate(x: 1, y: 0), Coordinate(x: 2, y: 0), Coordinate(x: 2, y: 1), Coordinate(x: 1, y: 1),
            Coordinate(x: 1, y: 0.5), Coordinate(x: 1, y: 0),
        ]))
        #expect(Self.rows(WeightsBuilder.contiguity([a, b], ids: ["a", "b"], kind: .queen)) == [[1], [0]])
        #expect(WeightsBuilder.contiguity([a, b], ids: ["a", "b"], kind: .rook).islands == [0, 1])
        // A reversed, clockwise copy of the shared edge still counts.
        let c = Geometry.polygon(Polygon(exterior: [
            Coordinate(x: 1, y: 0), Coordinate(x: 1, y: 1), Coordinate(x: 2, y: 1), Coordinate(x: 2, y: 0),
            Coordinate(x: 1, y: 0),
        ]))
        #expect(Self.rows(WeightsBuilder.contiguity([a, c], ids: ["a", "c"], kind: .rook)) == [[1], [0]])
    }

    @Test func cornerTouchIsQueenOnly() {
        let geometries = [Self.square(0, 0), Self.square(1, 0), Self.square(0, 1), Self.square(1, 1)]
        let ids = ["a", "b", "c", "d"]
        #expect(Self.rows(WeightsBuilder.contiguity(geometries, ids: ids, kind: .queen)) == [
            [1, 2, 3], [0, 2, 3], [0, 1, 3], [0, 1, 2],
        ])
        let rook = WeightsBuilder.contiguity(geometries, ids: ids, kind: .rook)
        #expect(Self.rows(rook) == [[1, 2], [0, 3], [0, 3], [1, 2]])
    }

    @Test func holesAndMultipolygons() {
        // "ring" is a 10 × 10 square with a 4 × 4 hole filled by "inner"; "pair" has two parts, one sharing an
        // edge with "ring", the other with "east".
        let hole: Ring = [
            Coordinate(x: 3, y: 3), Coordinate(x: 3, y: 7), Coordinate(x: 7, y: 7), Coordinate(x: 7, y: 3),
            Coordinate(x: 3, y: 3),
        ]
        guard case .polygon(let outer) = Self.square(0, 0, 10), case .polygon(let left) = Self.square(-10, 0, 10),
            case .polygon(let right) = Self.square(30, 0)
        else { return }
        let geometries: [Geometry?] = [
            .polygon(Polygon(exterior: outer.exterior, holes: [hole])),
            Self.square(3, 3, 4),
            .multiPolygon([left, right]),
            Self.square(31, 0),
            nil,
            .polygon(Polygon(exterior: [])),
            .point(Coordinate(x: 0, y: 0)),
        ]
        let ids = ["ring", "inner", "pair", "east", "none", "empty", "point"]
        for kind in Contiguity.allCases {
            let w = WeightsBuilder.contiguity(geometries, ids: ids, kind: kind)
            #expect(Self.rows(w) == [[1, 2], [0], [0, 3], [2], [], [], []])
            #expect(w.islands == [4, 5, 6])
        }
    }

    @Test func islandsAreConnectedToTheirNearestNeighbour() throws {
        let geometries: [Geometry?] = [Self.square(0, 0), Self.square(1, 0), Self.square(100, 100), nil]
        let w = WeightsBuilder.contiguity(geometries, ids: ["a", "b", "far", "none"], kind: .queen)
        #expect(w.islands == [2, 3])
        let points = geometries.map { $0.flatMap(Centroids.centroid(of:)) ?? Coordinate(x: .nan, y: .nan) }
        let connected = WeightsBuilder.connectingIslands(w, points: points)
        #expect(Self.rows(connected) == [[1], [0, 2], [1], []])
        #expect(connected.islands == [3])
        #expect(connected.weights == [1, 1, 1, 1])
        let standardized = WeightsBuilder.connectingIslands(w.rowStandardized(), points: points)
        #expect(standardized.transform == .rowStandardized)
        #expect(Array(standardized.weights(of: 1)) == [0.5, 0.5])
    }

    /// 100,000 cells: hashing keeps this linear (well under 1 s in release). The speed itself is measured against
    /// libpysal in `make bench` (scripts/bench-hotspots.sh), never bounded by wall-clock time in a test.
    @Test func hundredThousandCells() {
        let cells = SyntheticPolygons.grid(columns: 400, rows: 250, cellSize: 50)
        let ids = cells.indices.map(String.init)
        let clock = ContinuousClock()
        var queen: SpatialWeights?
        let elapsed = clock.measure {
            queen = WeightsBuilder.contiguity(cells, ids: ids, kind: .queen)
        }
        #expect(queen?.cardinalities[401] == 8)
        let interior: Int = 8 * 398 * 248
        let border: Int = 2 * 5 * (398 + 248) + 4 * 3
        #expect(queen?.neighbors.count == interior + border)
        print("queen contiguity of 100,000 cells: \(elapsed)")
    }
}
