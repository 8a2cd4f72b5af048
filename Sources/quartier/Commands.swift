import ArgumentParser
import Foundation
import Logging
import QuartierService

/// The declarations `quartier inspect` and `quartier run` take their help and defaults from.
private let inspectFlags = CommandInterface.inspect
private let runFlags = CommandInterface.run

struct Inspect: ParsableCommand {
    static let configuration = CommandInterface.inspect.configuration

    @Argument(help: inspectFlags.argumentHelp("source")) var source: String
    @Option(help: inspectFlags.argumentHelp("layer")) var layer: String?
    @Option(help: inspectFlags.argumentHelp("crs")) var crs: String?
    @Flag(help: inspectFlags.argumentHelp("json")) var json = false

    @OptionGroup var common: CommonOptions

    func run() throws {
        _ = common.bootstrap()
        try reportingErrors {
            let report = try Inspector.inspect(source, layer: layer, crsOverride: crs)
            if json {
                say(String(decoding: try FileSupport.json(report), as: UTF8.self).trimmingCharacters(in: .newlines))
            } else {
                say(report.text)
            }
        }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandInterface.check.configuration

    @Argument(help: CommandInterface.check.argumentHelp("file")) var file: String

    @OptionGroup var common: CommonOptions

    func run() throws {
        let logger = common.bootstrap()
        try reportingErrors {
            for line in try AnalysisChecker.check(file, logger: logger) { say(line) }
            say("OK: \(file) is valid")
        }
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandInterface.run.configuration

    @Argument(help: runFlags.argumentHelp("file")) var file: String
    @Option(help: runFlags.argumentHelp("out")) var out: String?
    @Option(help: runFlags.argumentHelp("crs")) var crs: String?
    @Option(help: runFlags.argumentHelp("timings")) var timings: String?
    @Flag(help: runFlags.argumentHelp("quiet")) var quiet = false

    @OptionGroup var common: CommonOptions

    func run() throws {
        let logger = common.bootstrap()
        try reportingErrors {
            try OutputPaths.check(outputs: [timings.map { .init("--timings", $0) }], inputs: [.init("analysis file", file)])
            try Self.runAnalysis(
                try AnalysisFile.load(file), out: out, timings: timings, crs: crs, showProgress: quiet ? false : nil,
                logger: logger)
        }
    }

    /// Runs an analysis into `out` (default out/<name>) and prints its summary and files (`run`, `publish`).
    static func runAnalysis(
        _ analysis: AnalysisFile, out: String?, timings: String?, crs: String?, showProgress: Bool?, logger: Logger
    ) throws {
        let options = RunOptions(
            outputFolder: out ?? "out/\(analysis.name)", timingsPath: timings, crsOverride: crs, showProgress: showProgress)
        let result = try AnalysisRunner(analysis: analysis, options: options, logger: logger).run()
        for line in result.reports.summary { say(line) }
        say("\(result.areaCount) areas; wrote:")
        for path in result.outputPaths + [result.manifestPath] { say("  \(path)") }
    }
}
