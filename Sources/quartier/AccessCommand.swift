import ArgumentParser
import Foundation
import QuartierService

/// The declaration `quartier access` takes its help and defaults from.
private let accessFlags = CommandInterface.access

struct Access: ParsableCommand {
    static let configuration = CommandInterface.access.configuration

    @Option(help: accessFlags.argumentHelp("origins")) var origins: String
    @Option(help: accessFlags.argumentHelp("layer")) var layer: String?
    @Option(help: accessFlags.argumentHelp("id")) var id: String?
    @Option(help: accessFlags.argumentHelp("weight")) var weight: String?
    @Option(help: accessFlags.argumentHelp("origin-point")) var originPoint = accessFlags.defaultString("origin-point")
    @Option(help: accessFlags.argumentHelp("facilities")) var facilities: String
    @Option(help: accessFlags.argumentHelp("facilities-layer")) var facilitiesLayer: String?
    @Option(help: accessFlags.argumentHelp("capacity")) var capacity: String?
    @Option(help: accessFlags.argumentHelp("filter")) var filter: String?
    @Option(help: accessFlags.argumentHelp("measure")) var measure: String
    @Option(help: accessFlags.argumentHelp("crs")) var crs: String?
    @Option(help: accessFlags.argumentHelp("keep")) var keep: String?
    @Option(help: accessFlags.argumentHelp("out")) var out: String
    @Option(help: accessFlags.argumentHelp("table")) var table: String?
    @Option(help: accessFlags.argumentHelp("timings")) var timings: String?
    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard originPoint == "centroid" || originPoint == "surface" else {
            throw ValidationError("--origin-point is centroid or surface")
        }
        if let filter, filter.split(separator: "=", maxSplits: 1).count != 2 {
            throw ValidationError("--filter takes FIELD=VALUE, e.g. --filter schulart=Grundschule")
        }
    }

    func run() throws {
        let logger = common.bootstrap()
        try reportingErrors {
            try OutputPaths.check(
                outputs: [.init("--out", out), timings.map { .init("--timings", $0) }],
                inputs: [.init("--origins", origins), .init("--facilities", facilities)])
            let pair = filter.map { $0.split(separator: "=", maxSplits: 1).map(String.init) }
            var options = AccessCommandOptions(
                origins: origins, layer: layer, id: id, weight: weight, surfacePoint: originPoint == "surface",
                facilities: facilities, facilitiesLayer: facilitiesLayer, capacity: capacity,
                filter: pair.map { (field: $0[0], value: $0[1]) }, measure: try AccessMeasure.parse(measure), crs: crs,
                out: out, timings: timings)
            options.table = table
            options.keep = CommandInterface.keptFields(keep)
            let report = try AccessCommand.run(options, logger: logger)
            say(report.text)
            say("wrote \(table.map { "\($0) in " } ?? "")\(ConnectionString.redacted(out))")
        }
    }
}
