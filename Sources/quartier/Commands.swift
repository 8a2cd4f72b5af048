import ArgumentParser
import Foundation
import Logging
import QuartierService

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what an OGR source holds: layers, geometry type, count, CRS, extent, fields, validity.")

    @Argument(help: "A file (GeoPackage, Shapefile, GeoJSON, FlatGeobuf, CSV, XLSX, ODS, …) or PG:… connection.")
    var source: String

    @Option(help: "Inspect only this layer.")
    var layer: String?

    @Option(help: "Assume this CRS (EPSG:…) instead of the declared one.")
    var crs: String?

    @Flag(help: "Print one JSON object (documented in the README).")
    var json = false

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
    static let configuration = CommandConfiguration(
        abstract: "Validate an analysis file (syntax, keys, inputs, layers, fields, CRS) without running it.")

    @Argument(help: "The analysis file (TOML).")
    var file: String

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
    static let configuration = CommandConfiguration(
        abstract: "Run an analysis file and write its outputs and manifest.json.")

    @Argument(help: "The analysis file (TOML).")
    var file: String

    @Option(help: "Output folder (default: out/<analysis name>).")
    var out: String?

    @Option(help: "Assume this CRS (EPSG:…) for the area input instead of the declared one.")
    var crs: String?

    @Option(help: "Write step timings as JSON to this file.")
    var timings: String?

    @Flag(help: "Never show progress, even on a terminal.")
    var quiet = false

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
