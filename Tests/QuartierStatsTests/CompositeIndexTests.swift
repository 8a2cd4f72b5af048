import Testing

@testable import QuartierStats

/// The composite index against hand-computed values (numpy: (x - x.mean()) / x.std(ddof=0)).
@Suite("CompositeIndex")
struct CompositeIndexTests {
    private func isClose(_ a: Double?, _ b: Double) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= 1e-7 + 1e-5 * abs(b)
    }

    @Test func meanOfZScoresClassifiedLikeMSS() throws {
        // x = [1, 2, 3, 4] → z = [-1.3416, -0.4472, 0.4472, 1.3416]; y = 2x gives the same z.
        let index = try CompositeIndex(
            components: [.init(name: "a"), .init(name: "b")], restandardize: true,
            classes: try IndexClasses(cutoffs: [-1, 1, 1.5], codes: [1, 2, 3, 4], names: ["hoch", "mittel", "niedrig", "sehr niedrig"]))
        let result = try index.compute([[1, 2], [2, 4], [3, 6], [4, 8]], invalid: [false, false, false, false])
        let z = [-1.3416407864998738, -0.4472135954999579, 0.4472135954999579, 1.3416407864998738]
        for (value, expected) in zip(result.index, z) { #expect(isClose(value, expected)) }
        #expect(result.classIndex == [0, 1, 1, 2])
        #expect(result.parameters[0].centre == 2.5)
        #expect(isClose(result.parameters[0].spread, 1.118033988749895))
    }

    @Test func invalidAndMissingAreasAreExcludedBeforeStandardising() throws {
        let index = try CompositeIndex(components: [.init(name: "a")])
        let result = try index.compute([[1], [nil], [3], [100]], invalid: [false, false, false, true])
        #expect(result.exclusion == [nil, .missing, nil, .invalid])
        #expect(result.included == 2)
        // Only 1 and 3 enter: mean 2, sd 1 → z = -1, 1 (the flagged 100 does not shift them).
        #expect(isClose(result.index[0], -1) && isClose(result.index[2], 1))
        #expect(result.index[1] == nil && result.index[3] == nil)
    }

    @Test func invertedMinMaxAndWeightedSum() throws {
        let index = try CompositeIndex(
            components: [.init(name: "poverty", weight: 0.75), .init(name: "education", invert: true, weight: 0.25)],
            standardization: .minMax, aggregation: .weightedSum)
        let result = try index.compute([[0, 10], [5, 0], [10, 5]], invalid: [false, false, false])
        // minmax: poverty 0, 0.5, 1; education turned: 0, 1, 0.5 → 0.75·p + 0.25·e.
        #expect(isClose(result.index[0], 0) && isClose(result.index[1], 0.625) && isClose(result.index[2], 0.875))
        let sample = try CompositeIndex(components: [.init(name: "a")], standardization: .zScoreSample)
        let z = try sample.compute([[1], [2], [3]], invalid: [false, false, false])
        #expect(isClose(z.index[0], -1) && isClose(z.index[2], 1))
    }

    @Test func badConfigurationsAreRefused() {
        #expect(throws: StatisticsError.self) { try IndexClasses(cutoffs: [1, -1], names: ["a", "b", "c"]) }
        #expect(throws: StatisticsError.self) { try IndexClasses(cutoffs: [0], names: ["a"]) }
        #expect(throws: StatisticsError.self) {
            try CompositeIndex(
                components: [.init(name: "a", weight: 0.5), .init(name: "b", weight: 0.6)], aggregation: .weightedSum)
        }
        #expect(throws: StatisticsError.self) { try CompositeIndex(components: [.init(name: "a", weight: 1)]) }
        #expect(throws: StatisticsError.self) { try CompositeIndex(components: []) }
        #expect(throws: StatisticsError.self) {
            try CompositeIndex(components: [.init(name: "a")]).compute([[1], [1], [1]], invalid: [false, false, false])
        }
    }

    @Test func aValueOnACutOffFallsIntoTheLowerClass() throws {
        let classes = try IndexClasses(cutoffs: [-1, 1], codes: [1, 3, 5], names: ["positiv", "stabil", "negativ"])
        #expect(classes.classIndex(of: -1) == 0)
        #expect(classes.classIndex(of: -0.999) == 1)
        #expect(classes.classIndex(of: 1) == 1)
        #expect(classes.classIndex(of: 1.0001) == 2)
    }
}
