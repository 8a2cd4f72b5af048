import QuartierModel
import Testing

/// A closed ring from `(x, y)` pairs (the first pair is repeated at the end).
private func ring(_ pairs: [(Double, Double)]) -> Ring {
    let coordinates = pairs.map { Coordinate(x: $0.0, y: $0.1) }
    return coordinates + coordinates.prefix(1)
}

private func point(_ x: Double, _ y: Double) -> Coordinate { Coordinate(x: x, y: y) }

@Suite("PointInPolygon")
struct PointInPolygonTests {
    /// 10 × 10 square with a 4 × 4 hole from (3, 3) to (7, 7).
    let squareWithHole = Polygon(
        exterior: ring([(0, 0), (10, 0), (10, 10), (0, 10)]),
        holes: [ring([(3, 3), (3, 7), (7, 7), (7, 3)])])

    /// A U opening upwards: arms x ∈ [0, 2] and [4, 6], base y ∈ [0, 2], height 6; the notch is
    /// x ∈ (2, 4), y ∈ (2, 6].
    let uShape = Polygon(exterior: ring([(0, 0), (6, 0), (6, 6), (4, 6), (4, 2), (2, 2), (2, 6), (0, 6)]))

    @Test func squareWithHoleSeparatesRingFromHole() {
        #expect(PointInPolygon.contains(squareWithHole, point(1, 1)))
        #expect(PointInPolygon.contains(squareWithHole, point(8.5, 5)))
        #expect(!PointInPolygon.contains(squareWithHole, point(5, 5)), "the hole's interior is outside")
        #expect(!PointInPolygon.contains(squareWithHole, point(4.5, 6.9)))
        #expect(!PointInPolygon.contains(squareWithHole, point(11, 5)))
        #expect(!PointInPolygon.contains(squareWithHole, point(-0.001, 5)))
    }

    @Test(arguments: [(3.0, 5.0), (7.0, 4.0), (5.0, 3.0), (5.0, 7.0), (3.0, 3.0), (7.0, 7.0)])
    func holeBoundaryCountsAsInside(x: Double, y: Double) {
        #expect(PointInPolygon.contains(squareWithHole, point(x, y)))
    }

    @Test func concaveUShape() {
        #expect(PointInPolygon.contains(uShape, point(1, 5)), "left arm")
        #expect(PointInPolygon.contains(uShape, point(5, 5)), "right arm")
        #expect(PointInPolygon.contains(uShape, point(3, 1)), "base")
        #expect(!PointInPolygon.contains(uShape, point(3, 4)), "the notch is outside")
        #expect(!PointInPolygon.contains(uShape, point(-1, 4)), "left of the U, ray crosses four edges")
        #expect(!PointInPolygon.contains(uShape, point(3, 6.5)), "above the notch")
        #expect(PointInPolygon.contains(uShape, point(2, 4)), "on the notch's left wall")
        #expect(PointInPolygon.contains(uShape, point(3, 2)), "on the notch's floor")
        #expect(PointInPolygon.contains(uShape, point(4, 6)), "on a notch corner")
    }

    @Test(arguments: [
        (0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0),  // vertices
        (5.0, 0.0), (10.0, 5.0), (5.0, 10.0), (0.0, 5.0),  // edge midpoints
        (0.0, 0.25), (9.999, 10.0),
    ])
    func squareBoundaryCountsAsInside(x: Double, y: Double) {
        let square = Polygon(exterior: ring([(0, 0), (10, 0), (10, 10), (0, 10)]))
        #expect(PointInPolygon.contains(square, point(x, y)))
        #expect(PointInPolygon.contains(Polygon(exterior: square.exterior.reversed()), point(x, y)))
    }

    @Test(arguments: [(2.0, 2.0), (1.0, 3.0), (0.5, 3.5), (4.0, 0.0), (0.0, 4.0), (0.0, 2.0)])
    func slantedEdgeBoundaryCountsAsInside(x: Double, y: Double) {
        let triangle = Polygon(exterior: ring([(0, 0), (4, 0), (0, 4)]))
        #expect(PointInPolygon.contains(triangle, point(x, y)))
    }

    @Test func collinearButBeyondAnEdgeIsOutside() {
        let square = Polygon(exterior: ring([(0, 0), (10, 0), (10, 10), (0, 10)]))
        #expect(!PointInPolygon.contains(square, point(15, 0)))
        #expect(!PointInPolygon.contains(square, point(-5, 10)))
        #expect(!PointInPolygon.contains(square, point(0, 10.5)))
        let triangle = Polygon(exterior: ring([(0, 0), (4, 0), (0, 4)]))
        #expect(!PointInPolygon.contains(triangle, point(5, -1)), "on the hypotenuse's line, past its end")
    }

    @Test func rayThroughVerticesIsCountedOnce() {
        let diamond = Polygon(exterior: ring([(2, 0), (4, 2), (2, 4), (0, 2)]))
        #expect(PointInPolygon.contains(diamond, point(1, 2)), "ray passes through the vertex (4, 2)")
        #expect(PointInPolygon.contains(diamond, point(3.5, 2)))
        #expect(!PointInPolygon.contains(diamond, point(-1, 2)), "ray passes through two vertices")
        #expect(!PointInPolygon.contains(diamond, point(5, 2)))
        #expect(!PointInPolygon.contains(diamond, point(-1, 4)), "ray touches the top vertex")
        // A horizontal edge on the ray's line.
        #expect(!PointInPolygon.contains(uShape, point(-1, 6)))
        #expect(!PointInPolygon.contains(uShape, point(-1, 2)))
        #expect(PointInPolygon.contains(uShape, point(1, 2)))
    }

    @Test func bboxButOutsidePolygon() {
        let triangle = Polygon(exterior: ring([(0, 0), (10, 0), (0, 10)]))
        let box = BoundingBox(covering: triangle.exterior)
        #expect(box?.contains(point(9, 9)) == true)
        #expect(!PointInPolygon.contains(triangle, point(9, 9)))
    }

    @Test func unclosedRingIsClosedImplicitly() {
        let open = Polygon(exterior: [point(0, 0), point(10, 0), point(10, 10), point(0, 10)])
        #expect(PointInPolygon.contains(open, point(5, 5)))
        #expect(PointInPolygon.contains(open, point(0, 5)), "on the implicit closing edge")
        #expect(!PointInPolygon.contains(open, point(-1, 5)))
    }

    @Test func multiPolygonIsTheUnionOfItsParts() {
        let left = Polygon(exterior: ring([(0, 0), (1, 0), (1, 1), (0, 1)]))
        let right = squareWithHole.mapped { point($0.x + 20, $0.y) }
        let geometry = Geometry.multiPolygon([left, right])
        #expect(PointInPolygon.contains(geometry, point(0.5, 0.5)))
        #expect(PointInPolygon.contains(geometry, point(21, 1)))
        #expect(!PointInPolygon.contains(geometry, point(25, 5)), "hole of the second part")
        #expect(!PointInPolygon.contains(geometry, point(10, 0.5)), "between the parts")
        #expect(PointInPolygon.contains(.polygon(left), point(1, 1)))
    }

    @Test func nonPolygonalAndEmptyGeometriesContainNothing() {
        let p = point(0, 0)
        #expect(!PointInPolygon.contains(.point(p), p))
        #expect(!PointInPolygon.contains(.lineString([p, point(1, 1)]), p))
        #expect(!PointInPolygon.contains(.multiPoint([p]), p))
        #expect(!PointInPolygon.contains(.multiLineString([[p, point(1, 0)]]), p))
        #expect(!PointInPolygon.contains(.collection([.polygon(squareWithHole)]), point(1, 1)))
        #expect(!PointInPolygon.contains(.polygon(Polygon(exterior: [])), p))
        #expect(!PointInPolygon.contains(.multiPolygon([]), p))
    }

    @Test func nonFinitePointsAreOutside() {
        for p in [point(.nan, 5), point(5, .nan), point(.infinity, 5), point(-.infinity, 5), point(5, .infinity)] {
            #expect(!PointInPolygon.contains(squareWithHole, p))
        }
    }
}

extension Polygon {
    /// The same polygon with every coordinate mapped (test helper).
    fileprivate func mapped(_ transform: (Coordinate) -> Coordinate) -> Polygon {
        Polygon(exterior: exterior.map(transform), holes: holes.map { $0.map(transform) })
    }
}
