import QuartierAccess
import QuartierModel
import Testing

@Suite("Nearest")
struct NearestTests {
    /// Against a brute-force scan over `Coordinate.distance(to:)` on seeded random data (exact equality).
    @Test(arguments: [1, 3, 8])
    func equalsBruteForce(k: Int) throws {
        let origins = randomPoints(10_000, side: 30_000, seed: 42)
        let facilities = randomPoints(257, side: 30_000, seed: 43)
        let r = try Nearest.compute(origins: origins, facilities: facilities, k: k)
        for (i, o) in origins.enumerated() {
            let sorted = facilities.enumerated().map { (d: o.distance(to: $0.element), j: $0.offset) }
                .sorted { $0.d != $1.d ? $0.d < $1.d : $0.j < $1.j }
            #expect(r.distance[i] == sorted[0].d)
            #expect(r.facility[i] == sorted[0].j)
            #expect(r.kthDistance[i] == sorted[k - 1].d)
        }
        #expect(!r.states.contains(.undefined))
    }

    @Test func matchesFixture() throws {
        let f = try #require(AccessFixture.shared)
        let r = try Nearest.compute(origins: f.origins, facilities: f.facilities, k: 3)
        let distance = try #require(f.reference["nearest_distance"])
        let facility = try #require(f.reference["nearest_facility"])
        let third = try #require(f.reference["third_nearest_distance"])
        for i in f.origins.indices {
            #expect(isClose(r.distance[i], distance[i]))
            #expect(r.facility[i].map(Double.init) == facility[i])
            #expect(isClose(r.kthDistance[i], third[i]))
        }
    }

    @Test func undefinedOriginsAndFewerFacilitiesThanK() throws {
        let r = try Nearest.compute(
            origins: [Coordinate(x: 0, y: 0), Coordinate(x: .infinity, y: 0)],
            facilities: [Coordinate(x: 3, y: 4), Coordinate(x: 6, y: 8)], k: 5)
        #expect(r.distance == [5, nil])
        #expect(r.facility == [0, nil])
        #expect(r.kthDistance == [10, nil])
        #expect(r.states == [.ok, .undefined])
    }

    @Test func rejectsBadInput() {
        #expect(throws: AccessError.noFacilities) { try Nearest.compute(origins: [], facilities: []) }
        #expect(throws: AccessError.invalidK(0)) {
            try Nearest.compute(origins: [], facilities: [Coordinate(x: 0, y: 0)], k: 0)
        }
        #expect(throws: AccessError.invalidFacilityPosition(facility: 1)) {
            try Nearest.compute(origins: [], facilities: [Coordinate(x: 0, y: 0), Coordinate(x: .nan, y: 0)])
        }
    }
}
