import ArgumentParser
import Foundation
import QuartierService

/// `quartier emerging`: where hot and cold spots emerge, persist, intensify or fade over time.
struct Emerging: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Emerging hot spots (space-time Gi* and Mann–Kendall, ArcGIS Pro's categories) of a series in long form.")

    @OptionGroup var area: AreaOptions
    @Option(help: "The series: one row per area and time step (CSV, XLSX, ODS or any OGR table), key column named as --id.")
    var series: String
    @Option(help: "Layer or sheet of the series.") var seriesLayer: String?
    @Option(help: "The time column: years (2021), dates (2021-06-30) or school years (2023/24).") var time: String
    @Option(help: "The variable.") var field: String
    @Option(help: "queen, rook, knn:K, distance:METRES (neighbours in space; binary).") var weights = "queen"
    @Option(help: "Time lag K: a bin's neighbours are its spatial neighbours and itself at t−K … t.") var timeLag = 1
    @Option(help: "Significance level of the bins and of the trend.") var alpha = 0.05
    @Flag(help: "Benjamini–Hochberg over all bins instead of the plain alpha.") var fdr = false
    @Option(help: "Output file (.geojson or .gpkg): the areas with PATTERN, CATEGORY, TREND_Z, TREND_P, state.")
    var out: String
    @Option(help: "Write the long table (id, time, GiZScore, GiPValue, Gi_Bin) as CSV to this file.") var steps: String?
    @Option(help: "Write the summary as JSON to this file.") var summary: String?
    @OptionGroup var common: CommonOptions

    func run() throws {
        let logger = common.bootstrap()
        try reportingErrors {
            var options = EmergingCommandOptions(
                areas: area.areas, id: area.id, series: series, time: time, field: field, out: out)
            options.layer = area.layer
            options.crs = area.crs
            options.seriesLayer = seriesLayer
            options.weights = try WeightsKind.parse(weights)
            options.timeLag = timeLag
            options.alpha = alpha
            options.fdr = fdr
            options.steps = steps
            options.summary = summary
            let result = try EmergingCommand.run(options, logger: logger)
            say(result.text)
            say("wrote \(out)" + (steps.map { ", \($0)" } ?? "") + (summary.map { " and \($0)" } ?? ""))
        }
    }
}
