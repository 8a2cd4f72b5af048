import QuartierModel
import Testing

@Suite("Geometry values")
struct GeometryTests {
    let square: Ring = [
        Coordinate(x: 0, y: 0), Coordinate(x: 10, y: 0), Coordinate(x: 10, y: 10), Coordinate(x: 0, y: 10),
        Coordinate(x: 0, y: 0),
    ]
    let hole: Ring = [
        Coordinate(x: 2, y: 2), Coordinate(x: 4, y: 2), Coordinate(x: 4, y: 4), Coordinate(x: 2, y: 4),
        Coordinate(x: 2, y: 2),
    ]

    @Test func signedAreaIsPositiveCounterClockwise() {
        #expect(Polygon.signedArea(square) == 100)
        #expect(Polygon.signedArea(square.reversed()) == -100)
        #expect(Polygon.signedArea([]) == 0)
    }

    @Test func polygonAreaSubtractsHoles() {
        #expect(Polygon(exterior: square, holes: [hole]).area == 96)
        #expect(Geometry.multiPolygon([Polygon(exterior: square), Polygon(exterior: hole)]).area == 104)
        #expect(Geometry.point(Coordinate(x: 1, y: 1)).area == 0)
    }

    @Test func rightHandRuleOrientsExteriorCCWAndHolesCW() {
        let wrong = Polygon(exterior: square.reversed(), holes: [hole])
        let fixed = wrong.rightHandRule()
        #expect(Polygon.signedArea(fixed.exterior) > 0)
        #expect(Polygon.signedArea(fixed.holes[0]) < 0)
        #expect(fixed.area == wrong.area)
    }

    @Test func envelopeCoversAllParts() throws {
        let g = Geometry.collection([.point(Coordinate(x: -5, y: 3)), .polygon(Polygon(exterior: square))])
        let box = try #require(g.envelope)
        #expect(box.array == [-5, 0, 10, 10])
        #expect(Geometry.multiPoint([]).envelope == nil)
        #expect(Geometry.multiPoint([]).isEmpty)
    }

    @Test func mapCoordinatesKeepsStructure() {
        let g = Geometry.polygon(Polygon(exterior: square, holes: [hole]))
        let moved = g.mapCoordinates { Coordinate(x: $0.x + 1, y: $0.y * 2) }
        #expect(moved.coordinates.count == g.coordinates.count)
        #expect(moved.polygons[0].holes.count == 1)
        #expect(moved.coordinates[1] == Coordinate(x: 11, y: 0))
    }

    @Test func boundingBoxPredicates() throws {
        let box = try #require(BoundingBox(covering: square))
        #expect(box.contains(Coordinate(x: 5, y: 5)))
        #expect(!box.contains(Coordinate(x: 11, y: 5)))
        #expect(box.intersects(BoundingBox(minX: 9, minY: 9, maxX: 20, maxY: 20)))
        #expect(!box.intersects(BoundingBox(minX: 11, minY: 0, maxX: 20, maxY: 5)))
        #expect(box.isPlausiblyGeographic)
        #expect(!BoundingBox(minX: 370000, minY: 5799520, maxX: 415786, maxY: 5837259).isPlausiblyGeographic)
        #expect(BoundingBox.union(nil, box) == box)
        #expect(box.center == Coordinate(x: 5, y: 5))
    }

    @Test func missingValuesAreNotNumbers() {
        #expect(AttributeValue.missing(.secret).doubleValue == nil)
        #expect(AttributeValue.missing(.noRow).stringValue == nil)
        #expect(AttributeValue.integer(0).doubleValue == 0)
        #expect(AttributeValue.string("01100101").stringValue == "01100101")
        #expect(MissingReason.noRow.rawValue == "no_row")
    }
}
