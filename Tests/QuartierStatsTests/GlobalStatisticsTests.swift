import QuartierStats
import Testing

/// Global Moran, Geary, General G and Moran_Rate against esda 2.9 on Berlin S4 (queen, 536 areas);
/// reference values from Tests/Fixtures/stats/berlin_reference.json, tolerance `isClose`.
@Suite("Global statistics against esda")
struct GlobalStatisticsTests {
    let berlin = BerlinFixture.shared

    @Test(arguments: ["R", "B"]) func moran(transform: String) throws {
        let w = transform == "R" ? berlin.queen.rowStandardized() : berlin.queen.binary()
        let m = try GlobalMoran.compute(berlin.s4, weights: w, permutations: 0, seed: 1)
        let ref = "moran_\(transform)"
        #expect(isClose(m.i, berlin.number(ref, "I")))
        #expect(isClose(m.expected, berlin.number(ref, "EI")))
        #expect(isClose(m.varianceNormal, berlin.number(ref, "VI_norm")))
        #expect(isClose(m.zNormal, berlin.number(ref, "z_norm")))
        #expect(isClose(m.pNormal, berlin.number(ref, "p_norm"), atol: 1e-12))
        #expect(isClose(m.varianceRandom, berlin.number(ref, "VI_rand")))
        #expect(isClose(m.zRandom, berlin.number(ref, "z_rand")))
        #expect(isClose(m.pRandom, berlin.number(ref, "p_rand"), atol: 1e-12))
        #expect(m.pSimulated == nil)
    }

    @Test func moranPermutationPValue() throws {
        let w = berlin.queen.rowStandardized()
        let m = try GlobalMoran.compute(berlin.s4, weights: w, permutations: 999, seed: 42)
        // Strong autocorrelation: no relabelling reaches I, as in esda (p_sim = 1/1000).
        #expect(m.pSimulated == berlin.number("moran_R", "p_sim_999"))
        let again = try GlobalMoran.compute(berlin.s4, weights: w, permutations: 999, seed: 42)
        #expect(again == m)
    }

    @Test func geary() throws {
        let g = try Geary.compute(berlin.s4, weights: berlin.queen.rowStandardized())
        #expect(isClose(g.c, berlin.number("geary_R", "C")))
        #expect(g.expected == 1)
        #expect(isClose(g.variance, berlin.number("geary_R", "VC_rand")))
        #expect(isClose(g.varianceNormal, berlin.number("geary_R", "VC_norm")))
        #expect(isClose(g.z, berlin.number("geary_R", "z_rand")))
        // esda's p_rand is one-sided; ours is two-sided.
        #expect(isClose(g.p, 2 * berlin.number("geary_R", "p_rand"), atol: 1e-12))
    }

    @Test func generalG() throws {
        let g = try GeneralG.compute(berlin.s4, weights: berlin.queen.binary())
        #expect(isClose(g.g, berlin.number("general_g_B", "G")))
        #expect(isClose(g.expected, berlin.number("general_g_B", "EG")))
        #expect(isClose(g.variance, berlin.number("general_g_B", "VG")))
        #expect(isClose(g.z, berlin.number("general_g_B", "z_norm")))
        #expect(isClose(g.p, 2 * berlin.number("general_g_B", "p_norm"), atol: 1e-12))
        #expect(throws: StatisticsError.self) {
            try GeneralG.compute(berlin.s4, weights: berlin.queen.rowStandardized())
        }
    }

    @Test func moranRate() throws {
        let m = try GlobalMoran.rate(
            events: berlin.events, population: berlin.children, weights: berlin.queen.rowStandardized(),
            permutations: 0, seed: 1)
        #expect(isClose(m.i, berlin.number("moran_rate_R", "I")))
        #expect(isClose(m.zNormal, berlin.number("moran_rate_R", "z_norm")))
        #expect(isClose(m.zRandom, berlin.number("moran_rate_R", "z_rand")))
    }

    @Test func errorsInsteadOfNaN() throws {
        let w = try SpatialWeights(ids: ["a", "b", "c", "d"], neighbors: [[1], [0, 2], [1, 3], [2]])
        do {
            _ = try GlobalMoran.compute([2, 2, 2, 2], weights: w, permutations: 9, seed: 1)
            Issue.record("constant field accepted")
        } catch let error as StatisticsError {
            #expect(error.code == .constantField)
            #expect(error.message.contains("constant"))
        }
        let small = try SpatialWeights(ids: ["a", "b"], neighbors: [[1], [0]])
        #expect(throws: StatisticsError(.tooFewAreas, "y has 2 areas; at least 4 are needed")) {
            try GlobalMoran.compute([1, 2], weights: small, permutations: 0, seed: 1)
        }
        #expect(throws: StatisticsError.self) { try Geary.compute([1, .nan, 2, 3], weights: w) }
        #expect(throws: StatisticsError.self) { try Geary.compute([1, 2, 3], weights: w) }
    }
}
