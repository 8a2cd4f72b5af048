import ArgumentParser
import QuartierService

/// The declaration `quartier publish` takes its help and defaults from.
private let publishFlags = CommandInterface.publish

/// `quartier publish FILE`: runs an analysis file that declares `[publish]` and writes the public
/// files (small counts suppressed in every output) and the manifest; refuses a file without `[publish]`,
/// so that unsuppressed numbers are never written by mistake under this name.
struct Publish: ParsableCommand {
    static let configuration = CommandInterface.publish.configuration

    @Argument(help: publishFlags.argumentHelp("file")) var file: String
    @Option(help: publishFlags.argumentHelp("out")) var out: String?
    @Option(help: publishFlags.argumentHelp("crs")) var crs: String?
    @Option(help: publishFlags.argumentHelp("timings")) var timings: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        let logger = common.bootstrap()
        try reportingErrors {
            try OutputPaths.check(outputs: [timings.map { .init("--timings", $0) }], inputs: [.init("analysis file", file)])
            let analysis = try AnalysisFile.load(file)
            guard analysis.publish != nil else {
                throw QuartierError.user(
                    "\(file) has no [publish] section: add one (docs/publishing.md) or use `quartier run`")
            }
            try Run.runAnalysis(analysis, out: out, timings: timings, crs: crs, showProgress: false, logger: logger)
        }
    }
}
