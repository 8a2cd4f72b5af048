import QuartierStats
import Testing

/// Empirical Bayes (esda.smoothing), FDR (esda.fdr) and classification (mapclassify 2.10) on Berlin S4.
@Suite("Smoothing, multiple testing and classification")
struct SmoothingAndClassificationTests {
    let berlin = BerlinFixture.shared

    @Test func empiricalBayes() throws {
        let global = try EmpiricalBayes.globalRates(events: berlin.events, population: berlin.children)
        let spatial = try EmpiricalBayes.spatialRates(
            events: berlin.events, population: berlin.children, weights: berlin.queen)
        let standardized = try EmpiricalBayes.standardizedRates(events: berlin.events, population: berlin.children)
        for (a, b) in zip(global, berlin.numbers("empirical_bayes", "global")) { #expect(isClose(a, b)) }
        for (a, b) in zip(spatial, berlin.numbers("empirical_bayes", "spatial")) { #expect(isClose(a, b)) }
        for (a, b) in zip(standardized, berlin.numbers("empirical_bayes", "assuncao")) { #expect(isClose(a, b)) }
        #expect(throws: StatisticsError.self) {
            try EmpiricalBayes.globalRates(events: [1, 2, 3], population: [10, 0, 5])
        }
    }

    @Test func fdrMatchesEsda() throws {
        // esda.fdr on esda's own p_sim values.
        let p = berlin.numbers("local_moran_R", "p_sim")
        let fdr = berlin.section("fdr")
        #expect(isClose(MultipleTesting.fdrThreshold(p, alpha: 0.05), fdr["local_moran_p_sim_0.05"] as? Double ?? .nan))
        #expect(isClose(MultipleTesting.fdrThreshold(p, alpha: 0.10), fdr["local_moran_p_sim_0.10"] as? Double ?? .nan))
        // Textbook example: BH at 0.05 over 5 p-values keeps the 3 smallest (rank 3: 0.03 < 3·0.01).
        #expect(isClose(MultipleTesting.fdrThreshold([0.001, 0.02, 0.03, 0.2, 0.9], alpha: 0.05), 0.03))
        #expect(MultipleTesting.fdrThreshold([0.5, 0.9], alpha: 0.05) == 0.025)
        #expect(MultipleTesting.bonferroniThreshold(count: 10, alpha: 0.05) == 0.005)
    }

    @Test(arguments: ["Quantiles", "EqualInterval", "FisherJenks", "StdMean", "BoxPlot"])
    func mapclassify(method: String) throws {
        let y = berlin.s4
        let breaks: ClassBreaks =
            switch method {
            case "Quantiles": try Classification.quantiles(y, k: 5)
            case "EqualInterval": try Classification.equalInterval(y, k: 5)
            case "FisherJenks": try Classification.fisherJenks(y, k: 5)
            case "StdMean": try Classification.standardDeviation(y)
            default: try Classification.boxPlot(y)
            }
        let reference = berlin.section("mapclassify")[method] as? [String: any Sendable] ?? [:]
        let bins = (reference["bins"] as? [any Sendable])?.compactMap { $0 as? Double } ?? []
        let counts = (reference["counts"] as? [any Sendable])?.compactMap { $0 as? Double } ?? []
        #expect(breaks.upperBounds.count == bins.count)
        for (a, b) in zip(breaks.upperBounds, bins) { #expect(isClose(a, b)) }
        #expect(breaks.counts.map(Double.init) == counts)
    }

    @Test func classifyAndUserBreaks() throws {
        let b = try Classification.userDefined([1, 2, 3, 4, 10], upperBounds: [2, 4])
        #expect(b.upperBounds == [2, 4, 10])
        #expect(b.counts == [2, 2, 1])
        #expect(b.classify(2) == 0)
        #expect(b.classify(2.5) == 1)
        #expect(b.classify(99) == 2)
        #expect(b.classify(.nan) == nil)
        #expect(throws: StatisticsError.self) { try Classification.fisherJenks([1, 1, 1, 2], k: 3) }
        #expect(throws: StatisticsError.self) { try Classification.quantiles([], k: 3) }
    }
}
