import ArgumentParser
import Foundation
import QuartierService

struct Hotspots: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Exclusion hotspots: Moran's I, Geary's C, General G, local Gi* and Moran (LISA) with permutations.")

    @OptionGroup var area: AreaOptions
    @Option(help: "The variable.") var field: String?
    @Option(help: "Second variable for the bivariate local Moran (x = --field, lag of --field2).") var field2: String?
    @Option(help: "Event counts: the statistics run on the Empirical-Bayes standardised rate.") var events: String?
    @Option(help: "Population counts for --events.") var population: String?
    @Option(help: "queen, rook, knn:K, distance:METRES, idw:METRES[:ALPHA], kernel:gaussian:METRES, kernel:bisquare:K.")
    var weights = "queen"
    @Option(help: "Read the weights from a GeoDa GAL or GWT file.") var weightsFile: String?
    @Option(help: "Save the weights as GAL (.gal) or GWT (.gwt).") var saveWeights: String?
    @Option(help: "R (row-standardised) or B (binary).") var transform = "R"
    @Option(help: "Snapping tolerance for contiguity, in CRS units.") var snap = 0.0
    @Option(help: "keep (state isolated) or nearest (connect each island to its nearest area).") var islands = "keep"
    @Option(help: "Permutations for pseudo p-values.") var permutations = 999
    @Option(help: "Random seed (the same seed gives the same output on any number of threads).") var seed: UInt64 = 12345
    @Option(help: "Significance level.") var alpha = 0.05
    @Option(help: "Benjamini–Hochberg false discovery rate Q for the local statistics.") var fdr: Double?
    @Flag(help: "Bonferroni correction for the local statistics.") var bonferroni = false
    @Option(help: "Threads for the permutations (default: all cores).") var threads: Int?
    @Option(help: "Output file (.geojson or .gpkg).") var out: String
    @Option(help: "Write the global results as JSON to this file.") var summary: String?
    @Option(help: "Write step timings as JSON to this file.") var timings: String?
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if fdr != nil && bonferroni { throw ValidationError("use either --fdr or --bonferroni, not both") }
    }

    func run() throws {
        let logger = common.bootstrap()
        try reportingErrors {
            try OutputPaths.check(
                outputs: [
                    .init("--out", out), summary.map { .init("--summary", $0) }, timings.map { .init("--timings", $0) },
                    saveWeights.map { .init("--save-weights", $0) },
                ],
                inputs: [.init("--areas", area.areas), weightsFile.map { .init("--weights-file", $0) }])
            var spec = HotspotSpec()
            spec.field = field
            spec.field2 = field2
            spec.events = events
            spec.population = population
            spec.weights = try WeightsKind.parse(weights)
            spec.weightsFile = weightsFile
            spec.saveWeights = saveWeights
            spec.transform = try WeightsTransform.parse(transform)
            spec.snap = snap
            spec.islands = try IslandPolicy.parse(islands)
            spec.permutations = permutations
            spec.seed = seed
            spec.alpha = alpha
            spec.correction = fdr.map { .fdr($0) } ?? (bonferroni ? .bonferroni : .none)
            spec.threads = threads
            let options = HotspotCommandOptions(
                areas: area.areas, layer: area.layer, id: area.id, crs: area.crs, out: out, summary: summary,
                timings: timings)
            let result = try HotspotCommand.run(options, spec: spec, logger: logger)
            say(result.text)
            say("wrote \(out)" + (summary.map { " and \($0)" } ?? ""))
        }
    }
}
