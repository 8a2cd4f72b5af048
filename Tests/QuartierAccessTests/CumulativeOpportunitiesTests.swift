import QuartierAccess
import QuartierModel
import Testing

@Suite("CumulativeOpportunities")
struct CumulativeOpportunitiesTests {
    @Test func matchesPySALAccessAndCounts() throws {
        let f = try #require(AccessFixture.shared)
        let r = try CumulativeOpportunities.compute(
            origins: f.origins, facilities: f.facilities, capacities: f.capacities, radius: 1500)
        let capacity = try #require(f.reference["cumulative"])
        let count = try #require(f.reference["count_within"])
        for i in f.origins.indices {
            #expect(isClose(r.capacity[i], capacity[i] ?? 0), "origin \(i)")
            #expect(r.count[i].map(Double.init) == count[i])
            #expect((r.states[i] == .noProvisionInReach) == (count[i] == 0))
        }
    }

    @Test func boundaryIsInclusiveAndCapacityDefaultsToOne() throws {
        let r = try CumulativeOpportunities.compute(
            origins: [Coordinate(x: 0, y: 0)],
            facilities: [Coordinate(x: 0, y: 1000), Coordinate(x: 0, y: 1000.0000001)], radius: 1000)
        #expect(r.count == [1])
        #expect(r.capacity == [1])
    }

    @Test func rejectsZeroRadius() {
        #expect(throws: AccessError.invalidRadius(0)) {
            try CumulativeOpportunities.compute(origins: [], facilities: [Coordinate(x: 0, y: 0)], radius: 0)
        }
    }
}
