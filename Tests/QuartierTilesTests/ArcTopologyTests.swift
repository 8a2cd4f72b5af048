import QuartierModel
import Testing

@testable import QuartierTiles

/// Shared arcs (TopoJSON join/cut) and the generalisation built on them.
@Suite("ArcTopology")
struct ArcTopologyTests {
    private func square(_ x: Double, _ y: Double, _ size: Double = 1) -> Polygon {
        Polygon(exterior: [
            Coordinate(x: x, y: y), Coordinate(x: x + size, y: y), Coordinate(x: x + size, y: y + size),
            Coordinate(x: x, y: y + size), Coordinate(x: x, y: y),
        ])
    }

    @Test func twoNeighboursShareOneArc() throws {
        let topology = ArcTopology(polygons: [[square(0, 0)], [square(1, 0)]])
        // The common edge x = 1 is one arc, used forwards by one square and backwards by the other.
        let left = try #require(topology.features[0]?.first?.first)
        let right = try #require(topology.features[1]?.first?.first)
        let shared = Set(left.map { $0 >= 0 ? $0 : ~$0 }).intersection(right.map { $0 >= 0 ? $0 : ~$0 })
        #expect(shared.count == 1)
        let arc = try #require(shared.first)
        #expect(left.contains(arc) != right.contains(arc))  // opposite directions
        #expect(topology.arcs[Int(arc)].allSatisfy { $0.x == 1 })
        // Rebuilding the rings from the arcs gives back the squares.
        #expect(Set(ArcTopology.ring(left, arcs: topology.arcs)) == Set(square(0, 0).exterior))
        #expect(Set(ArcTopology.ring(right, arcs: topology.arcs)) == Set(square(1, 0).exterior))
    }

    @Test func islandAndItsHoleAreOneClosedArc() throws {
        let outer = Polygon(exterior: square(0, 0, 10).exterior, holes: [square(4, 4, 2).exterior.reversed()])
        let island = square(4, 4, 2)
        let topology = ArcTopology(polygons: [[outer], [island]])
        let hole = try #require(topology.features[0]?.first?.last)
        let exterior = try #require(topology.features[1]?.first?.first)
        #expect(hole.count == 1 && exterior.count == 1)
        #expect(hole[0] == ~exterior[0] || hole[0] == exterior[0])
        #expect(topology.arcs.count == 2)
    }

    @Test func generalisationKeepsNeighboursIdenticalAndNeverDropsARing() throws {
        // Two strips sharing a wiggly border of 200 vertices, and a tiny square.
        let wiggle = (0...200).map { Coordinate(x: Double($0), y: 10 + ($0 % 2 == 0 ? 0.01 : -0.01)) }
        let bottom = Polygon(
            exterior: [Coordinate(x: 0, y: 0), Coordinate(x: 200, y: 0)] + wiggle.reversed() + [Coordinate(x: 0, y: 0)])
        let top = Polygon(
            exterior: wiggle + [Coordinate(x: 200, y: 20), Coordinate(x: 0, y: 20), wiggle[0]])
        let tiny = square(500, 500, 0.001)
        let generalizer = TileGeneralizer(projected: [.polygon(bottom), .polygon(top), .polygon(tiny)])
        let out = generalizer.geometries(tolerance: 1)
        guard case .polygon(let b) = out[0], case .polygon(let t) = out[1], case .polygon(let s) = out[2] else {
            Issue.record("not polygons")
            return
        }
        let border = { (ring: [Coordinate]) in Set(ring.filter { $0.y > 5 && $0.y < 15 }) }
        #expect(border(b.exterior) == border(t.exterior))
        #expect(border(b.exterior).count == 2)  // the wiggle collapses to its end points
        #expect(s.exterior.count == 5)  // too small to simplify: kept as it is
    }

    @Test func douglasPeuckerKeepsEndsAndFarPoints() {
        let line = [
            Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0.1), Coordinate(x: 2, y: 5), Coordinate(x: 3, y: 0.1),
            Coordinate(x: 4, y: 0),
        ]
        #expect(LineSimplifier.simplify(line, tolerance: 1) == [line[0], line[2], line[4]])
        #expect(LineSimplifier.simplify(line, tolerance: 0) == line)
        let ring = square(0, 0, 10).exterior
        #expect(LineSimplifier.simplify(ring, tolerance: 1).count == 5)
    }
}
