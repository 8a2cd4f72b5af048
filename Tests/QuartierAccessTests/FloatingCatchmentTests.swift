import QuartierAccess
import QuartierModel
import Testing

@Suite("FloatingCatchment")
struct FloatingCatchmentTests {
    @Test func twoStepMatchesPySALAccess() throws {
        let f = try #require(AccessFixture.shared)
        let r = try FloatingCatchment.twoStep(
            origins: f.origins, demand: f.demand, facilities: f.facilities, capacities: f.capacities, radius: 1500)
        let expected = try #require(f.reference["fca2"])
        for i in f.origins.indices {
            #expect(isClose(r.access[i], expected[i]), "origin \(i)")
            #expect((r.states[i] == .ok) == (expected[i] != nil))
        }
        #expect(r.states.contains(.noProvisionInReach))
        #expect(!r.nearestDistance.contains(nil))
    }

    @Test func enhancedMatchesPySALAccess() throws {
        let f = try #require(AccessFixture.shared)
        let r = try FloatingCatchment.enhanced(
            origins: f.origins, demand: f.demand, facilities: f.facilities, capacities: f.capacities,
            steps: [(500, 1), (1000, 0.68), (1500, 0.22)])
        let expected = try #require(f.reference["e2sfca"])
        for i in f.origins.indices {
            #expect(isClose(r.access[i], expected[i]), "origin \(i)")
        }
    }

    @Test func gaussianMatchesPySALAccess() throws {
        let f = try #require(AccessFixture.shared)
        let r = try FloatingCatchment.gaussian(
            origins: f.origins, demand: f.demand, facilities: f.facilities, capacities: f.capacities,
            sigma: 750, radius: 1500)
        let expected = try #require(f.reference["gaussian_fca"])
        for i in f.origins.indices {
            #expect(isClose(r.access[i], expected[i]), "origin \(i)")
        }
    }

    /// Invariant (Luo & Wang 2003): with a catchment holding everything, A_i = Σ S / Σ P for every origin.
    @Test func catchmentLargerThanStudyAreaGivesTotalSupplyOverTotalDemand() throws {
        let f = try #require(AccessFixture.shared)
        let r = try FloatingCatchment.twoStep(
            origins: f.origins, demand: f.demand, facilities: f.facilities, capacities: f.capacities,
            radius: 50_000)
        let expected = f.capacities.reduce(0, +) / f.demand.reduce(0, +)
        for a in r.access {
            #expect(isClose(a, expected))
        }
        #expect(!r.unreachedSupply.contains(true))
    }

    /// Invariant: Σ P_i A_i = Σ S_j over facilities whose catchment holds demand.
    @Test(arguments: [500.0, 1000, 1500, 3000])
    func demandWeightedAccessEqualsReachedSupply(radius: Double) throws {
        let f = try #require(AccessFixture.shared)
        let r = try FloatingCatchment.twoStep(
            origins: f.origins, demand: f.demand, facilities: f.facilities, capacities: f.capacities, radius: radius)
        let total = zip(f.demand, r.access).reduce(0.0) { $0 + $1.0 * ($1.1 ?? 0) }
        let reached = zip(f.capacities, r.unreachedSupply).reduce(0.0) { $0 + ($1.1 ? 0 : $1.0) }
        #expect(isClose(total, reached))
        #expect(isClose(r.reachedSupply, reached))
        for j in f.facilities.indices {
            #expect((r.supplyRatio[j] == nil) == r.unreachedSupply[j])
        }
    }

    @Test func oneStepOfWeightOneIsTwoStep() throws {
        let f = try #require(AccessFixture.shared)
        let plain = try FloatingCatchment.twoStep(
            origins: f.origins, demand: f.demand, facilities: f.facilities, capacities: f.capacities, radius: 1200)
        let stepped = try FloatingCatchment.enhanced(
            origins: f.origins, demand: f.demand, facilities: f.facilities, capacities: f.capacities,
            steps: [(1200, 1)])
        #expect(plain.access == stepped.access)
        #expect(plain.states == stepped.states)
    }

    @Test func facilityAtExactlyTheRadiusCounts() throws {
        let origins = [Coordinate(x: 0, y: 0), Coordinate(x: 5000, y: 0)]
        let r = try FloatingCatchment.twoStep(
            origins: origins, demand: [100, 50], facilities: [Coordinate(x: 1500, y: 0)], capacities: [2],
            radius: 1500)
        #expect(r.access[0] == 0.02)
        #expect(r.states == [.ok, .noProvisionInReach])
        #expect(r.access[1] == nil)
        #expect(r.nearestDistance[1] == 3500)
        #expect(r.supplyRatio == [0.02])
    }

    @Test func emptyCatchmentIsUnreachedSupplyAndZeroCapacityContributesZero() throws {
        let r = try FloatingCatchment.twoStep(
            origins: [Coordinate(x: 0, y: 0)], demand: [10],
            facilities: [Coordinate(x: 100, y: 0), Coordinate(x: 9000, y: 0)], capacities: [0, 3], radius: 1000)
        #expect(r.access == [0])
        #expect(r.states == [.ok])
        #expect(r.unreachedSupply == [false, true])
        #expect(r.supplyRatio == [0, nil])
        #expect(r.reachedSupply == 0)
    }

    @Test func missingDemandIsUndefined() throws {
        let r = try FloatingCatchment.twoStep(
            origins: [Coordinate(x: 0, y: 0), Coordinate(x: 10, y: 0), Coordinate(x: .nan, y: 0)],
            demand: [.nan, 4, 1], facilities: [Coordinate(x: 0, y: 0)], radius: 100)
        #expect(r.states == [.undefined, .ok, .undefined])
        #expect(r.access == [nil, 0.25, nil])
        #expect(r.nearestDistance == [0, 10, nil])
    }

    @Test func daiGaussianFallsToZeroAtTheBandwidth() {
        let decay = DistanceDecay.daiGaussian(bandwidth: 1000)
        #expect(decay.weight(0) == 1)
        #expect(abs(decay.weight(1000)) < 1e-15)
        #expect(decay.weight(1001) == 0)
    }

    @Test func rejectsBadInput() {
        let o = [Coordinate(x: 0, y: 0)]
        let fac = [Coordinate(x: 1, y: 1)]
        #expect(throws: AccessError.invalidRadius(0)) {
            try FloatingCatchment.twoStep(origins: o, demand: [1], facilities: fac, radius: 0)
        }
        #expect(throws: AccessError.invalidCapacity(facility: 0, value: -1)) {
            try FloatingCatchment.twoStep(origins: o, demand: [1], facilities: fac, capacities: [-1], radius: 10)
        }
        #expect(throws: AccessError.noFacilities) {
            try FloatingCatchment.twoStep(origins: o, demand: [1], facilities: [], radius: 10)
        }
        #expect(throws: AccessError.lengthMismatch(what: "demand", expected: 1, actual: 2)) {
            try FloatingCatchment.twoStep(origins: o, demand: [1, 2], facilities: fac, radius: 10)
        }
        #expect(AccessError.invalidRadius(0).description.contains("a radius of 0"))
        #expect(AccessError.invalidCapacity(facility: 7, value: .nan).description.contains("facility 7"))
        #expect(throws: AccessError.self) {
            try FloatingCatchment.twoStep(origins: o, demand: [1], facilities: fac, radius: .nan)
        }
        #expect(throws: AccessError.self) {
            try FloatingCatchment.twoStep(origins: o, demand: [1], facilities: fac, capacities: [.nan], radius: 5)
        }
    }

    /// Bigger than one chunk, so step 1 sums over several chunks in parallel.
    @Test func manyOriginsKeepTheInvariants() throws {
        let origins = randomPoints(20_000, side: 20_000, seed: 7)
        let facilities = randomPoints(300, side: 20_000, seed: 8)
        var rng = SplitMix64(seed: 9)
        let demand = origins.map { _ in Double(rng.next() % 100) }
        let r = try FloatingCatchment.twoStep(
            origins: origins, demand: demand, facilities: facilities, radius: 1000)
        let total = zip(demand, r.access).reduce(0.0) { $0 + $1.0 * ($1.1 ?? 0) }
        #expect(isClose(total, r.reachedSupply))
        let again = try FloatingCatchment.twoStep(
            origins: origins, demand: demand, facilities: facilities, radius: 1000)
        #expect(again.access == r.access)
    }
}
