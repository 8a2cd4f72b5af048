import Foundation
package import Logging
import QuartierGDAL
import QuartierModel
import QuartierStats

/// Options of `quartier hotspots` besides the analysis itself.
package struct HotspotCommandOptions: Sendable {
    /// With `--out PG:…`: the table (`[schema.]name`) to write.
    package var table: String? = nil
    package var areas: String
    package var layer: String?
    package var id: String
    package var crs: String?
    package var out: String
    package var summary: String?
    package var timings: String?
    /// The areas are grid cells given by their centres (`--grid-cell`, `--x`, `--y`).
    package var grid: GridSource? = nil
    /// `--keep`: further area fields for the output; nil keeps (and reads) every field.
    package var keep: [String]? = []

    package init(
        areas: String, layer: String?, id: String, crs: String?, out: String, summary: String?, timings: String?
    ) {
        self.areas = areas
        self.layer = layer
        self.id = id
        self.crs = crs
        self.out = out
        self.summary = summary
        self.timings = timings
    }
}

/// `quartier hotspots`: one hotspot analysis on the command line. Timed steps: `read`, `weights`,
/// `moran`, `gistar`, `lisa` (and `bivariate`), `write`.
package enum HotspotCommand {
    package static func run(_ o: HotspotCommandOptions, spec: HotspotSpec, logger: Logger) throws -> HotspotSummary {
        if let problem = spec.problem() { throw QuartierError.user(problem) }
        try QuickCommands.checkOut(o.out, table: o.table)
        let timer = StepTimer()
        // A plan of one step: the `[[hotspots]]` step of `quartier run`, through the same runner (which also reads
        // and checks the weights file).
        var areas = QuickCommands.input("areas", o.areas, layer: o.layer, id: o.id, crs: o.crs)
        areas.grid = o.grid
        // Read only the key, the fields the analysis uses and those asked for (the grid's x and y are added).
        try QuickCommands.select(
            &areas, uses: [spec.field, spec.field2, spec.events, spec.population], keep: o.keep, logger: logger)
        // Grid cells get their squares only for the output: the statistics need none.
        let state = try QuickCommands.runStep(
            spec, areas: areas, inputs: [], timer: timer, logger: logger, squares: false)
        guard let summary = state.reports.hotspots.first else {
            throw QuartierError.internal("the hotspot analysis reported nothing")
        }
        try timer.measure("write") {
            try QuickCommands.write(
                state.areas, to: o.out, table: o.table, key: o.id, report: summary, reportPath: o.summary,
                logger: logger)
        }
        if let timings = o.timings { try timer.write(to: timings) }
        return summary
    }
}

/// Runs a hotspot analysis and saves its weights when asked; maps statistics errors to user errors.
enum HotspotStep {
    static func run(
        _ areas: FeatureLayer, idField: String, spec: HotspotSpec, weightsFile: (text: String, path: String)?,
        timer: StepTimer, logger: Logger
    ) throws -> HotspotOutcome {
        let outcome: HotspotOutcome
        do {
            outcome = try HotspotRunner.run(
                areas, idField: idField, spec: spec, weightsFile: weightsFile, timer: timer, logger: logger)
        } catch let error as StatisticsError {
            throw error.withContext("hotspots of '\(spec.field ?? spec.events ?? "")'")
        } catch let error as WeightsError {
            throw error.withContext("weights")
        } catch let error as SpatialWeights.InvalidWeights {
            throw error.withContext("weights")
        }
        if let path = spec.saveWeights {
            let text =
                path.lowercased().hasSuffix(".gwt")
                ? WeightsFile.writeGWT(outcome.weights, keyName: idField)
                : WeightsFile.writeGAL(outcome.weights.binary(), keyName: idField)
            try FileSupport.writeAtomically(Data(text.utf8), to: path)
        }
        if !outcome.summary.islands.isEmpty {
            logger.notice(
                "hotspots: \(outcome.summary.islands.count) areas have no neighbour (state isolated): \(outcome.summary.islands.prefix(10).joined(separator: ", "))"
            )
        }
        return outcome
    }
}
