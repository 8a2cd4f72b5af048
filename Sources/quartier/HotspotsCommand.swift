import ArgumentParser
import Foundation
import QuartierService

/// The declaration `quartier hotspots` takes its help and defaults from.
private let hotspotsFlags = CommandInterface.hotspots

struct Hotspots: ParsableCommand {
    static let configuration = CommandInterface.hotspots.configuration

    @OptionGroup var area: AreaOptions
    @Option(help: hotspotsFlags.argumentHelp("grid-cell")) var gridCell: Double?
    @Option(help: hotspotsFlags.argumentHelp("x")) var x: String?
    @Option(help: hotspotsFlags.argumentHelp("y")) var y: String?
    @Option(help: hotspotsFlags.argumentHelp("field")) var field: String?
    @Option(help: hotspotsFlags.argumentHelp("field2")) var field2: String?
    @Option(help: hotspotsFlags.argumentHelp("events")) var events: String?
    @Option(help: hotspotsFlags.argumentHelp("population")) var population: String?
    @Option(help: hotspotsFlags.argumentHelp("weights")) var weights = hotspotsFlags.defaultString("weights")
    @Option(help: hotspotsFlags.argumentHelp("weights-file")) var weightsFile: String?
    @Option(help: hotspotsFlags.argumentHelp("save-weights")) var saveWeights: String?
    @Option(help: hotspotsFlags.argumentHelp("transform")) var transform = hotspotsFlags.defaultString("transform")
    @Option(help: hotspotsFlags.argumentHelp("snap")) var snap = hotspotsFlags.defaultNumber("snap")
    @Option(help: hotspotsFlags.argumentHelp("islands")) var islands = hotspotsFlags.defaultString("islands")
    @Option(help: hotspotsFlags.argumentHelp("permutations"))
    var permutations = hotspotsFlags.defaultInteger("permutations")
    // The declared default is a small positive literal, so the conversion cannot fail.
    @Option(help: hotspotsFlags.argumentHelp("seed")) var seed = UInt64(hotspotsFlags.defaultInteger("seed"))
    @Option(help: hotspotsFlags.argumentHelp("alpha")) var alpha = hotspotsFlags.defaultNumber("alpha")
    @Option(help: hotspotsFlags.argumentHelp("fdr")) var fdr: Double?
    @Flag(help: hotspotsFlags.argumentHelp("bonferroni")) var bonferroni = false
    @Option(help: hotspotsFlags.argumentHelp("threads")) var threads: Int?
    @Option(help: hotspotsFlags.argumentHelp("keep")) var keep: String?
    @Option(help: hotspotsFlags.argumentHelp("out")) var out: String
    @Option(help: hotspotsFlags.argumentHelp("table")) var table: String?
    @Option(help: hotspotsFlags.argumentHelp("summary")) var summary: String?
    @Option(help: hotspotsFlags.argumentHelp("timings")) var timings: String?
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if fdr != nil && bonferroni { throw ValidationError("use either --fdr or --bonferroni, not both") }
        if (gridCell != nil || x != nil || y != nil) && (gridCell == nil || x == nil || y == nil) {
            throw ValidationError("--grid-cell, --x and --y go together: the cell size and the columns of the centres")
        }
        if let gridCell, !(gridCell > 0 && gridCell.isFinite) {
            throw ValidationError("--grid-cell is the cell size, a positive number (100 for the 100 m grid)")
        }
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
            var options = HotspotCommandOptions(
                areas: area.areas, layer: area.layer, id: area.id, crs: area.crs, out: out, summary: summary,
                timings: timings)
            options.table = table
            options.keep = CommandInterface.keptFields(keep)
            if let gridCell, let x, let y { options.grid = GridSource(cellSize: gridCell, x: x, y: y) }
            let result = try HotspotCommand.run(options, spec: spec, logger: logger)
            say(result.text)
            say("wrote \(table.map { "\($0) in " } ?? "")\(ConnectionString.redacted(out))" + (summary.map { " and \($0)" } ?? ""))
        }
    }
}
