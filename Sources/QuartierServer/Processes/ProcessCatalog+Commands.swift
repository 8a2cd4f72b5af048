import Foundation
import QuartierModel
import QuartierService

/// The CLI commands as processes. Input keys are the commands' long flags without the leading dashes (and
/// the positional argument's name for `tiles` and `run`); output file names are chosen by the server except
/// for `out`, which names the result file inside the job's folder. `--report`, `--summary` and `--timings`
/// are always written (`report.json`, `summary.json`, `timings.json`).
enum CommandProcesses {
    static func result(_ description: String) -> ProcessOutput {
        ProcessOutput("result", mediaType: "application/geo+json", description + " (GeoJSON, or GeoPackage with out = *.gpkg)")
    }

    static let join = ProcessDefinition(
        CommandInterface.join,
        outputs: [result("The areas with the table's columns"), ProcessOutput("report", mediaType: "application/json", "The join report.")]
    ) { inputs, context in
        let byName = try inputs.string("by-name").map { text -> (area: String, table: String) in
            let parts = text.split(separator: ":").map(String.init)
            guard parts.count == 2 else { throw InputError("input 'by-name' takes AREA_FIELD:TABLE_COLUMN, e.g. PLR_NAME:Name") }
            return (parts[0], parts[1])
        }
        if byName != nil, inputs.string("table-key") != nil { throw InputError("use either table-key or by-name, not both") }
        let options = JoinCommandOptions(
            areas: try inputs.required(inputs.file("areas"), "areas"), layer: inputs.string("layer"),
            id: try inputs.required(inputs.string("id"), "id"), crs: inputs.string("crs"),
            table: try inputs.required(inputs.file("table"), "table"), tableLayer: inputs.string("table-layer"),
            tableKey: inputs.string("table-key"), byName: byName, aliasFile: inputs.file("alias"),
            zeroPad: inputs.integer("zero-pad"),
            duplicates: inputs.string("duplicates").flatMap(DuplicatePolicy.init(rawValue:))
                ?? CommandInterface.join.defaultChoice("duplicates", as: DuplicatePolicy.self),
            out: context.path(inputs.string("out") ?? CommandInterface.join.asProcess.defaultString("out")), report: context.path("report.json"))
        _ = try QuickCommands.join(options, logger: context.logger)
    }

    static let count = ProcessDefinition(
        CommandInterface.count,
        outputs: [result("The areas with the counts"), ProcessOutput("report", mediaType: "application/json", "The count report.")]
    ) { inputs, context in
        let options = CountCommandOptions(
            areas: try inputs.required(inputs.file("areas"), "areas"), layer: inputs.string("layer"),
            id: try inputs.required(inputs.string("id"), "id"), crs: inputs.string("crs"),
            points: try inputs.required(inputs.file("points"), "points"), pointsLayer: inputs.string("points-layer"),
            sum: inputs.strings("sum"), by: inputs.string("by"),
            out: context.path(inputs.string("out") ?? CommandInterface.count.asProcess.defaultString("out")), report: context.path("report.json"))
        _ = try QuickCommands.count(options, logger: context.logger)
    }

    static let access = ProcessDefinition(
        CommandInterface.access,
        outputs: [result("The origins with the access fields"), ProcessOutput("timings", mediaType: "application/json", "Step timings.")]
    ) { inputs, context in
        let filter = try inputs.string("filter").map { text -> (field: String, value: String) in
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw InputError("input 'filter' takes FIELD=VALUE, e.g. schulart=Grundschule") }
            return (parts[0], parts[1])
        }
        var options = AccessCommandOptions(
            origins: try inputs.required(inputs.file("origins"), "origins"), layer: inputs.string("layer"),
            id: inputs.string("id"), weight: inputs.string("weight"), surfacePoint: inputs.string("origin-point") == "surface",
            facilities: try inputs.required(inputs.file("facilities"), "facilities"),
            facilitiesLayer: inputs.string("facilities-layer"), capacity: inputs.string("capacity"), filter: filter,
            measure: try AccessMeasure.parse(try inputs.required(inputs.string("measure"), "measure")), crs: inputs.string("crs"),
            out: context.path(inputs.string("out") ?? CommandInterface.access.asProcess.defaultString("out")), timings: context.path("timings.json"))
        options.keep = CommandInterface.keptFields(inputs.string("keep"))
        _ = try AccessCommand.run(options, logger: context.logger)
    }

    static let tiles = ProcessDefinition(
        CommandInterface.tiles,
        outputs: [
            ProcessOutput("tiles", mediaType: "application/vnd.pmtiles", "The PMTiles v3 archive."),
            ProcessOutput("timings", mediaType: "application/json", "Step timings."),
        ]
    ) { inputs, context in
        let options = TilesCommandOptions(
            source: try inputs.required(inputs.file("source"), "source"), layer: inputs.string("layer"),
            id: try inputs.required(inputs.string("id"), "id"), crs: inputs.string("crs"),
            out: context.path(inputs.string("out") ?? CommandInterface.tiles.asProcess.defaultString("out")),
            minZoom: inputs.integer("minzoom") ?? CommandInterface.tiles.defaultInteger("minzoom"),
            maxZoom: inputs.integer("maxzoom") ?? CommandInterface.tiles.defaultInteger("maxzoom"),
            fields: inputs.string("fields").map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } },
            name: inputs.string("name"), timings: context.path("timings.json"), force: false)
        _ = try TilesCommand.run(options, logger: context.logger)
    }
}
