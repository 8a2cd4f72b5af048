import ArgumentParser
import QuartierService

/// `quartier publish FILE`: runs an analysis file that declares `[publish]` and writes the public
/// files (small counts suppressed in every output) and the manifest; refuses a file without `[publish]`,
/// so that unsuppressed numbers are never written by mistake under this name.
struct Publish: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run an analysis file with [publish]: public GeoJSON, GeoPackage, CSV, tiles, TileJSON, style.")

    @Argument(help: "The analysis file (TOML) with a [publish] section.")
    var file: String

    @Option(help: "Output folder (default: out/<analysis name>).")
    var out: String?

    @Option(help: "Assume this CRS (EPSG:…) for the area input instead of the declared one.")
    var crs: String?

    @Option(help: "Write step timings as JSON to this file.")
    var timings: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        let logger = common.bootstrap()
        try reportingErrors {
            try OutputPaths.check(outputs: [timings.map { .init("--timings", $0) }], inputs: [.init("analysis file", file)])
            let analysis = try AnalysisFile.load(file)
            guard analysis.publish != nil else {
                throw QuartierError.user(
                    "\(file) has no [publish] section: add one (README, \"Publishing\") or use `quartier run`")
            }
            try Run.runAnalysis(analysis, out: out, timings: timings, crs: crs, showProgress: false, logger: logger)
        }
    }
}
