import ArgumentParser
import Foundation
import QuartierService

/// The declaration `quartier emerging` takes its help and defaults from.
private let emergingFlags = CommandInterface.emerging

/// `quartier emerging`: where hot and cold spots emerge, persist, intensify or fade over time.
struct Emerging: ParsableCommand {
    static let configuration = CommandInterface.emerging.configuration

    @OptionGroup var area: AreaOptions
    @Option(help: emergingFlags.argumentHelp("series")) var series: String
    @Option(help: emergingFlags.argumentHelp("series-layer")) var seriesLayer: String?
    @Option(help: emergingFlags.argumentHelp("time")) var time: String
    @Option(help: emergingFlags.argumentHelp("field")) var field: String
    @Option(help: emergingFlags.argumentHelp("weights")) var weights = emergingFlags.defaultString("weights")
    @Option(help: emergingFlags.argumentHelp("time-lag")) var timeLag = emergingFlags.defaultInteger("time-lag")
    @Option(help: emergingFlags.argumentHelp("alpha")) var alpha = emergingFlags.defaultNumber("alpha")
    @Flag(help: emergingFlags.argumentHelp("fdr")) var fdr = false
    @Option(help: emergingFlags.argumentHelp("out")) var out: String
    @Option(help: emergingFlags.argumentHelp("steps")) var steps: String?
    @Option(help: emergingFlags.argumentHelp("summary")) var summary: String?
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
