import QuartierAccess
import QuartierModel
import Testing

@Suite("Gravity")
struct GravityTests {
    @Test func powerDecayMatchesPySALAccess() throws {
        let f = try #require(AccessFixture.shared)
        let r = try Gravity.compute(
            origins: f.origins, facilities: f.facilities, capacities: f.capacities,
            decay: .power(beta: 1.5, minDistance: 1), maxDistance: 3000)
        let expected = try #require(f.reference["gravity_power"])
        for i in f.origins.indices {
            #expect(isClose(r.value[i], expected[i]), "origin \(i)")
        }
    }

    @Test func gaussianDecayMatchesPySALAccess() throws {
        let f = try #require(AccessFixture.shared)
        let r = try Gravity.compute(
            origins: f.origins, facilities: f.facilities, capacities: f.capacities,
            decay: .gaussian(sigma: 1000), maxDistance: 3000)
        let expected = try #require(f.reference["gravity_gaussian"])
        for i in f.origins.indices {
            #expect(isClose(r.value[i], expected[i]), "origin \(i)")
        }
    }

    @Test func facilityOnTheOriginUsesTheMinimumDistance() throws {
        let r = try Gravity.compute(
            origins: [Coordinate(x: 0, y: 0), Coordinate(x: 10_000, y: 0)],
            facilities: [Coordinate(x: 0, y: 0)], capacities: [3], decay: .power(beta: 2), maxDistance: 5000)
        #expect(r.value == [3, nil])
        #expect(r.states == [.ok, .noProvisionInReach])
        let unlimited = try Gravity.compute(
            origins: [Coordinate(x: 10_000, y: 0)], facilities: [Coordinate(x: 0, y: 0)],
            decay: .power(beta: 1), maxDistance: .infinity)
        #expect(unlimited.value == [1e-4])
    }

    @Test func rejectsBadDecay() {
        #expect(throws: AccessError.self) {
            try Gravity.compute(
                origins: [], facilities: [Coordinate(x: 0, y: 0)], decay: .gaussian(sigma: 0), maxDistance: 10)
        }
        #expect(throws: AccessError.self) {
            try Gravity.compute(
                origins: [], facilities: [Coordinate(x: 0, y: 0)], decay: .power(beta: 1, minDistance: 0),
                maxDistance: 10)
        }
    }
}
