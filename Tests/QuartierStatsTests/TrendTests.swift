import Foundation
import QuartierStats
import Testing

/// Mann–Kendall and Sen's slope against pymannkendall and scipy (Tests/Fixtures/trend/reference.json, made by
/// make_reference.py beside it), and emerging hot spots: the categories on designed step patterns, Gi* of the cube
/// against the existing Gi* (K = 0, one step), and the refusals.
@Suite("Trends and emerging hot spots")
struct TrendTests {
    struct Case: Decodable {
        var name: String
        var values: [Double]
        var s, var_s, z, p, tau, slope, intercept: Double
        var trend: String
        var times: [Double]?
        var theil_slope: Double?
        var theil_intercept: Double?
    }

    struct Reference: Decodable { var cases: [Case] }

    static let reference: [Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/trend/reference.json")
        guard let data = try? Data(contentsOf: url), let decoded = try? JSONDecoder().decode(Reference.self, from: data)
        else { return [] }
        return decoded.cases
    }()

    /// rtol 1e-9, as the issue asks of the trend test.
    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 + 1e-9 * abs(b) }

    @Test func mannKendallAgreesWithPymannkendall() throws {
        #expect(Self.reference.count == 7)
        for c in Self.reference {
            let r = try MannKendall.test(c.values)
            #expect(r.s == c.s, "\(c.name)")
            #expect(close(r.varianceS, c.var_s), "\(c.name): var \(r.varianceS) vs \(c.var_s)")
            #expect(close(r.z, c.z), "\(c.name): z \(r.z) vs \(c.z)")
            #expect(close(r.p, c.p), "\(c.name): p \(r.p) vs \(c.p)")
            #expect(close(r.tau, c.tau), "\(c.name)")
            #expect(close(r.slope, c.slope), "\(c.name): slope \(r.slope) vs \(c.slope)")
            #expect(close(r.intercept, c.intercept), "\(c.name): intercept \(r.intercept) vs \(c.intercept)")
            #expect(r.trend() == c.trend, "\(c.name)")
            if let times = c.times, let slope = c.theil_slope, let intercept = c.theil_intercept {
                let timed = try MannKendall.test(c.values, times: times)
                #expect(close(timed.slope, slope), "\(c.name): Theil–Sen slope \(timed.slope) vs scipy \(slope)")
                #expect(close(timed.intercept, intercept), "\(c.name)")
                #expect(timed.z == r.z, "the test uses the order only")
            }
        }
    }

    @Test func shortOrBrokenSeriesAreRefused() {
        #expect(throws: StatisticsError.self) { try MannKendall.test([1, 2]) }
        #expect(throws: StatisticsError.self) { try MannKendall.test([1, .nan, 2]) }
        #expect(throws: StatisticsError.self) { try MannKendall.test([1, 2, 3], times: [0, 1]) }
        #expect(throws: StatisticsError.self) { try EmergingHotSpots.analyse([[1, 2, 3]], neighbors: [[1], [0, 2], [1]]) }
        #expect(throws: StatisticsError.self) {
            try EmergingHotSpots.analyse([[1, 1, 1], [1, 1, 1]], neighbors: [[1], [0, 2], [1]])
        }
    }

    /// Every category on a designed pattern of spots (1 hot, −1 cold, 0 neither) over 10 steps, trend given.
    @Test(arguments: [
        ([0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 0, 1), ([0, 0, 0, 0, 0, 0, 0, 1, 1, 1], 0, 2),
        ([1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 1, 3), ([1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 0, 4),
        ([1, 1, 1, 1, 1, 1, 1, 1, 1, 1], -1, 5), ([0, 1, 1, 1, 1, 1, 1, 1, 1, 1], 0, 4),  // exactly 90 %: persistent
        ([0, 0, 1, 1, 1, 1, 1, 1, 1, 1], 0, 2), ([0, 1, 0, 1, 0, 0, 0, 0, 1, 1], 0, 6),
        ([0, -1, 0, 1, 0, 0, 0, 0, 0, 1], 0, 7), ([0, 0, 0, 0, 0, 0, 0, 0, 0, -1], 0, -1),
        ([0, 0, 0, 0, 0, 0, 0, -1, -1, -1], 0, -2), ([-1, -1, -1, -1, -1, -1, -1, -1, -1, -1], -1, -3),
        ([-1, -1, -1, -1, -1, -1, -1, -1, -1, -1], 0, -4), ([-1, -1, -1, -1, -1, -1, -1, -1, -1, -1], 1, -5),
        ([0, 0, 0, -1, -1, 0, -1, -1, -1, -1], 0, -6), ([1, 0, 0, -1, 0, 0, 0, 0, -1, -1], 0, -7),
        ([1, 1, 1, 1, 1, 1, 1, 1, 1, 0], 0, 8), ([-1, -1, -1, -1, -1, -1, -1, -1, -1, 0], 0, -8),
        ([1, 1, 1, 1, 1, 1, 1, 1, 0, 0], 0, 0), ([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0, 0),
    ] as [([Int], Int, Int)])
    func categories(_ spots: [Int], _ trend: Int, _ expected: Int) {
        #expect(EmergingHotSpots.categorize(spots, trend: trend) == expected, "\(spots) trend \(trend)")
    }

    @Test func patternNamesAreArcGISs() {
        #expect(EmergingHotSpots.pattern(1) == "New Hot Spot")
        #expect(EmergingHotSpots.pattern(-8) == "Historical Cold Spot")
        #expect(EmergingHotSpots.pattern(0) == "No Pattern Detected")
    }

    /// The rook neighbours of a side × side lattice, row by row.
    static func rookLattice(_ side: Int) -> [[Int]] {
        (0..<(side * side)).map { i in
            let (r, c) = (i / side, i % side)
            return [(r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)]
                .filter { $0.0 >= 0 && $0.0 < side && $0.1 >= 0 && $0.1 < side }.map { $0.0 * side + $0.1 }
        }
    }

    /// A 5 × 5 lattice (rook): with K = 0 and one step the cube's Gi* is `LocalGiStar` on binary weights.
    @Test func oneStepWithoutLagIsGiStar() throws {
        let side = 5
        let lists = Self.rookLattice(side)
        let y = (0..<(side * side)).map { Double(($0 * 37) % 11) + ($0 < 6 ? 8 : 0) }
        let weights = try SpatialWeights(ids: (0..<(side * side)).map(String.init), neighbors: lists).binary()
        let expected = try LocalGiStar.compute(y, weights: weights)
        let cube = try EmergingHotSpots.giStarCube([y.map { $0 }], neighbors: lists, timeLag: 0)
        for i in y.indices {
            let z = try #require(cube[0][i])
            #expect(abs(z - (expected[i].z ?? .nan)) < 1e-12, "area \(i)")
        }
    }

    /// A hot corner that appears in the last step only is a new hot spot; a missing bin is left out.
    @Test func aCornerThatTurnsHotAtTheEndIsNew() throws {
        let side = 6
        let lists = Self.rookLattice(side)
        let base = (0..<(side * side)).map { Double(($0 * 7) % 5) }
        var steps: [[Double?]] = Array(repeating: base.map { $0 }, count: 6)
        for i in [0, 1, 6, 7] { steps[5][i] = 40 }
        steps[2][30] = nil
        let result = try EmergingHotSpots.analyse(steps, neighbors: lists, timeLag: 0)
        #expect(result[0].pattern == "New Hot Spot")
        #expect(result[0].bins[5]?.spot == 1 && result[0].bins[4]?.spot == 0)
        #expect(result[30].bins[2] == nil)
        #expect(result[35].category == 0)
    }
}
