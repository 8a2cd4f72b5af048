import Foundation
import QuartierModel
import QuartierStats
import Testing

/// Gi*, local Moran and bivariate local Moran against esda 2.9 on Berlin S4 (queen, 536 areas).
@Suite("Local statistics against esda")
struct LocalStatisticsTests {
    let berlin = BerlinFixture.shared

    @Test func giStarMatchesEsdaBinary() throws {
        // esda G_Local(star=True, transform='B'); with 'R' esda uses the binary variance (a trap).
        let results = try LocalGiStar.compute(berlin.s4, weights: berlin.queen.binary())
        let z = berlin.numbers("gi_star_B", "Zs")
        let g = berlin.numbers("gi_star_B", "Gs")
        let pOneSided = berlin.numbers("gi_star_B", "p_norm_one_sided")
        #expect(z.count == results.count)
        for (k, r) in results.enumerated() {
            #expect(r.state == .ok)
            #expect(isClose(r.z ?? .nan, z[k]))
            #expect(isClose(r.g ?? .nan, g[k]))
            #expect(isClose(r.p ?? .nan, 2 * pOneSided[k], atol: 1e-12))
        }
    }

    @Test func giStarIsScaleInvariantPerRowAndBinsFollowZ() throws {
        let binary = try LocalGiStar.compute(berlin.s4, weights: berlin.queen.binary())
        let rows = try LocalGiStar.compute(berlin.s4, weights: berlin.queen.rowStandardized())
        for (a, b) in zip(binary, rows) { #expect(isClose(b.z ?? .nan, a.z ?? .nan)) }
        for r in binary {
            let z = abs(r.z ?? 0)
            let expected = z > 2.5758293035489 ? 3 : z > 1.959963984540 ? 2 : z > 1.644853626951 ? 1 : 0
            #expect(abs(r.bin) == expected)
        }
        let fdr = try LocalGiStar.compute(berlin.s4, weights: berlin.queen.binary(), correction: .fdr)
        let bonferroni = try LocalGiStar.compute(berlin.s4, weights: berlin.queen.binary(), correction: .bonferroni)
        for k in binary.indices {
            #expect(fdr[k].p == binary[k].p)  // the raw p never changes
            #expect(abs(fdr[k].bin) <= abs(binary[k].bin))
            #expect(abs(bonferroni[k].bin) <= abs(fdr[k].bin))
        }
    }

    @Test func localMoranAnalytic() throws {
        let results = try LocalMoran.compute(
            berlin.s4, weights: berlin.queen.rowStandardized(), permutations: 0, seed: 7)
        let ref = "local_moran_R"
        let (isRef, ei, vi, z, q) = (
            berlin.numbers(ref, "Is"), berlin.numbers(ref, "EI"), berlin.numbers(ref, "VI"),
            berlin.numbers(ref, "z_analytic"), berlin.numbers(ref, "q")
        )
        #expect(isRef.count == results.count)
        for (k, r) in results.enumerated() {
            #expect(isClose(r.i ?? .nan, isRef[k]))
            #expect(isClose(r.expected ?? .nan, ei[k]))
            #expect(isClose(r.variance ?? .nan, vi[k]))
            #expect(isClose(r.z ?? .nan, z[k]))
            #expect(Double(r.quadrant?.rawValue ?? 0) == q[k])
            #expect(r.pSimulated == nil)
        }
    }

    @Test func localMoranPseudoPValuesFollowEsdaDistribution() throws {
        let results = try LocalMoran.compute(
            berlin.s4, weights: berlin.queen.rowStandardized(), permutations: 9_999, seed: 2021)
        let esda = berlin.numbers("local_moran_R", "p_sim")
        let close = zip(results, esda).filter { abs(($0.pSimulated ?? 9) - $1) <= 0.02 }.count
        #expect(Double(close) >= 0.99 * Double(esda.count), "\(close) of \(esda.count) within 0.02")
    }

    @Test func bivariateLocalMoran() throws {
        let results = try BivariateLocalMoran.compute(
            x: berlin.s4, y: berlin.s3, weights: berlin.queen.rowStandardized(), permutations: 9_999, seed: 3)
        let isRef = berlin.numbers("local_moran_bv_R", "Is")
        let q = berlin.numbers("local_moran_bv_R", "q")
        let esda = berlin.numbers("local_moran_bv_R", "p_sim")
        for (k, r) in results.enumerated() {
            #expect(isClose(r.i ?? .nan, isRef[k]))
            #expect(Double(r.quadrant?.rawValue ?? 0) == q[k])
            #expect(r.z == nil)
        }
        let close = zip(results, esda).filter { abs(($0.pSimulated ?? 9) - $1) <= 0.02 }.count
        #expect(Double(close) >= 0.99 * Double(esda.count), "\(close) of \(esda.count) within 0.02")
    }

    @Test func threadsDoNotChangeResults() throws {
        let w = berlin.queen.rowStandardized()
        let one = try LocalMoran.compute(berlin.s4, weights: w, permutations: 999, seed: 11, threads: 1)
        let four = try LocalMoran.compute(berlin.s4, weights: w, permutations: 999, seed: 11, threads: 4)
        let three = try LocalMoran.compute(berlin.s4, weights: w, permutations: 999, seed: 11, threads: 3)
        #expect(one == four)  // Equatable on Double: bit for bit (no NaN in results)
        #expect(one == three)
        let other = try LocalMoran.compute(berlin.s4, weights: w, permutations: 999, seed: 12, threads: 4)
        #expect(one != other)
    }

    @Test func islandIsIsolatedWithoutP() throws {
        // Area 3 has no neighbours.
        let w = try SpatialWeights(
            ids: ["a", "b", "c", "d", "e"], neighbors: [[1, 2], [0, 2], [0, 1, 4], [], [2]]
        ).rowStandardized()
        let y = [1.0, 4, 2, 8, 5]
        let results = try LocalMoran.compute(y, weights: w, permutations: 99, seed: 1)
        #expect(results[3] == .isolated)
        #expect(results[3].state == .isolated && results[3].pSimulated == nil && results[3].i == nil)
        #expect(results.filter { $0.state == .ok }.allSatisfy { $0.pSimulated != nil })
        let types = try LocalMoranResult.significant(results, alpha: 0.5, correction: .fdr)
        #expect(types[3] == .notSignificant)
        let gi = try LocalGiStar.compute(y, weights: w)
        #expect(gi[3].state == .isolated && gi[3].z == nil && gi[3].p == nil && gi[3].bin == 0)
        let bv = try BivariateLocalMoran.compute(x: y, y: y.reversed(), weights: w, permutations: 9, seed: 1)
        #expect(bv[3].state == .isolated && bv[3].pSimulated == nil)
    }

    @Test func localErrors() throws {
        let w = try SpatialWeights(ids: ["a", "b", "c"], neighbors: [[1], [0, 2], [1]])
        #expect(throws: StatisticsError.self) { try LocalMoran.compute([3, 3, 3], weights: w, seed: 1) }
        #expect(throws: StatisticsError.self) { try LocalGiStar.compute([3, 3, 3], weights: w) }
        let two = try SpatialWeights(ids: ["a", "b"], neighbors: [[1], [0]])
        #expect(throws: StatisticsError.self) { try LocalMoran.compute([1, 2], weights: two, seed: 1) }
        #expect(throws: StatisticsError.self) {
            try LocalMoran.compute([1, 2, 3], weights: w, permutations: -1, seed: 1)
        }
    }

    @Test func clusterTypes() throws {
        let results = try LocalMoran.compute(
            berlin.s4, weights: berlin.queen.rowStandardized(), permutations: 999, seed: 5)
        let plain = try LocalMoranResult.significant(results, alpha: 0.05)
        let fdr = try LocalMoranResult.significant(results, alpha: 0.05, correction: .fdr)
        #expect(plain.filter { $0 != .notSignificant }.count >= fdr.filter { $0 != .notSignificant }.count)
        for (r, t) in zip(results, plain) where t != .notSignificant {
            #expect((r.pSimulated ?? 1) < 0.05)
            #expect(t.rawValue == ["", "HH", "LH", "LL", "HL"][r.quadrant?.rawValue ?? 0])
        }
    }

    /// Release timing: `QUARTIER_PERF=1 swift test -c release --filter performance`.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["QUARTIER_PERF"] != nil))
    func performance100k() throws {
        let side = 316
        let n = side * side
        var lists = [[Int]](repeating: [], count: n)
        for r in 0..<side {
            for c in 0..<side {
                let i = r * side + c
                // Six neighbours on a triangulated grid (hexagon-like).
                for (dr, dc) in [(-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (1, 1)] {
                    let (rr, cc) = (r + dr, c + dc)
                    if rr >= 0 && rr < side && cc >= 0 && cc < side { lists[i].append(rr * side + cc) }
                }
            }
        }
        let w = try SpatialWeights(ids: (0..<n).map(String.init), neighbors: lists).rowStandardized()
        var rng = SplitMix64(seed: 9)
        let y = (0..<n).map { _ in rng.nextUnitDouble() }
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            _ = try LocalMoran.compute(y, weights: w, permutations: 999, seed: 1, threads: nil)
        }
        // A figure, not a bound: speed is measured against esda in `make bench` (scripts/bench-hotspots.sh), never
        // by a wall-clock limit in a test, which a loaded machine breaks.
        print("local Moran, \(n) areas, 999 permutations: \(elapsed)")
    }
}
