import Foundation
import QuartierModel
import QuartierService

/// The CLI commands as processes. Input keys are the commands' long flags without the leading dashes (and
/// the positional argument's name for `tiles` and `run`); output file names are chosen by the server except
/// for `out`, which names the result file inside the job's folder. `--report`, `--summary` and `--timings`
/// are always written (`report.json`, `summary.json`, `timings.json`).
enum CommandProcesses {
    static let areaInputs: [ProcessInput] = [
        ProcessInput("areas", .file, required: true, "The areas: a file in the data folder (GeoPackage, GeoJSON, …)."),
        ProcessInput("layer", .string, "Layer of the areas (default: the first)."),
        ProcessInput("id", .string, required: true, "Key field of the areas, compared as text."),
        ProcessInput("crs", .string, "Assume this CRS for the areas (EPSG:…)."),
    ]

    static func vectorOut(_ process: String) -> ProcessInput {
        ProcessInput(
            "out", .outputName([".geojson", ".gpkg"]), default: .string("\(process).geojson"),
            "Name of the result file in the job's folder (.geojson or .gpkg).")
    }

    static func result(_ description: String) -> ProcessOutput {
        ProcessOutput("result", mediaType: "application/geo+json", description + " (GeoJSON, or GeoPackage with out = *.gpkg)")
    }

    static let join = ProcessDefinition(
        id: "join", title: "Join an indicator table to areas",
        description: "quartier join: joins a table (CSV with German conventions, XLSX, ODS, …) to areas by key or by name.",
        inputs: areaInputs + [
            ProcessInput("table", .file, required: true, "The table: a file in the data folder."),
            ProcessInput("table-layer", .string, "Layer (sheet) of the table."),
            ProcessInput("table-key", .string, "Key column of the table (default: the id name)."),
            ProcessInput("by-name", .string, "Join by normalised name instead: AREA_FIELD:TABLE_COLUMN."),
            ProcessInput("alias", .file, "With by-name: a table of merged units (column 1 table name, column 2 area name)."),
            ProcessInput("zero-pad", .integer, "Zero-pad numeric keys to this width (AGS 8, ARS 12, PLR 8)."),
            ProcessInput("duplicates", .choice(DuplicatePolicy.allCases.map(\.rawValue)), default: .string("error"),
                "Duplicate keys in the table: error, first or sum."),
            vectorOut("join"),
        ],
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
            duplicates: inputs.string("duplicates").flatMap(DuplicatePolicy.init(rawValue:)) ?? .error,
            out: context.path(inputs.string("out") ?? "join.geojson"), report: context.path("report.json"))
        _ = try QuickCommands.join(options, logger: context.logger)
    }

    static let count = ProcessDefinition(
        id: "count", title: "Count points per area",
        description: "quartier count: counts points (schools, Kitas, …) per area: n_points, sum_<field>, n_<field>_<value>.",
        inputs: areaInputs + [
            ProcessInput("points", .file, required: true, "The points: a file in the data folder; reprojected to the areas' CRS."),
            ProcessInput("points-layer", .string, "Layer of the points."),
            ProcessInput("sum", .strings, "Numeric fields to sum per area, e.g. [\"e_platz\"]."),
            ProcessInput("by", .string, "A category field to count per value, e.g. schulart."),
            vectorOut("count"),
        ],
        outputs: [result("The areas with the counts"), ProcessOutput("report", mediaType: "application/json", "The count report.")]
    ) { inputs, context in
        let options = CountCommandOptions(
            areas: try inputs.required(inputs.file("areas"), "areas"), layer: inputs.string("layer"),
            id: try inputs.required(inputs.string("id"), "id"), crs: inputs.string("crs"),
            points: try inputs.required(inputs.file("points"), "points"), pointsLayer: inputs.string("points-layer"),
            sum: inputs.strings("sum"), by: inputs.string("by"),
            out: context.path(inputs.string("out") ?? "count.geojson"), report: context.path("report.json"))
        _ = try QuickCommands.count(options, logger: context.logger)
    }

    static let access = ProcessDefinition(
        id: "access", title: "Spatial access to facilities",
        description: "quartier access: nearest distance, cumulative opportunities, gravity, 2SFCA, E2SFCA, Gaussian FCA.",
        inputs: [
            ProcessInput("origins", .file, required: true, "The origins: points or areas (their centroid), a file in the data folder."),
            ProcessInput("layer", .string, "Layer of the origins."),
            ProcessInput("id", .string, "Id field of the origins."),
            ProcessInput("weight", .string, "Demand weight of each origin (e.g. children); 1 each without it."),
            ProcessInput("origin-point", .choice(["centroid", "surface"]), default: .string("centroid"),
                "centroid or surface (a point inside the polygon)."),
            ProcessInput("facilities", .file, required: true, "The facilities (points), a file in the data folder."),
            ProcessInput("facilities-layer", .string, "Layer of the facilities."),
            ProcessInput("capacity", .string, "Capacity field (e.g. e_platz); each facility counts 1 without it."),
            ProcessInput("filter", .string, "Only facilities with FIELD=VALUE (e.g. schulart=Grundschule)."),
            ProcessInput("measure", .string, required: true,
                "nearest, knn:K, cumulative:METRES, gravity:power:BETA:METRES, gravity:gaussian:SIGMA:METRES, 2sfca:METRES, e2sfca:…, gaussian:SIGMA:METRES."),
            ProcessInput("crs", .string, "Assume this CRS for the origins (EPSG:…)."),
            vectorOut("access"),
        ],
        outputs: [result("The origins with the access fields"), ProcessOutput("timings", mediaType: "application/json", "Step timings.")]
    ) { inputs, context in
        let filter = try inputs.string("filter").map { text -> (field: String, value: String) in
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw InputError("input 'filter' takes FIELD=VALUE, e.g. schulart=Grundschule") }
            return (parts[0], parts[1])
        }
        let options = AccessCommandOptions(
            origins: try inputs.required(inputs.file("origins"), "origins"), layer: inputs.string("layer"),
            id: inputs.string("id"), weight: inputs.string("weight"), surfacePoint: inputs.string("origin-point") == "surface",
            facilities: try inputs.required(inputs.file("facilities"), "facilities"),
            facilitiesLayer: inputs.string("facilities-layer"), capacity: inputs.string("capacity"), filter: filter,
            measure: try AccessMeasure.parse(try inputs.required(inputs.string("measure"), "measure")), crs: inputs.string("crs"),
            out: context.path(inputs.string("out") ?? "access.geojson"), timings: context.path("timings.json"))
        _ = try AccessCommand.run(options, logger: context.logger)
    }

    static let tiles = ProcessDefinition(
        id: "tiles", title: "Vector tiles",
        description: "quartier tiles: cuts a layer into Mapbox Vector Tiles in a PMTiles v3 archive; no area is dropped.",
        inputs: [
            ProcessInput("source", .file, required: true, "The areas: a file in the data folder."),
            ProcessInput("layer", .string, "Layer of the source (default: the first)."),
            ProcessInput("id", .string, required: true, "Key field, a property at every zoom."),
            ProcessInput("crs", .string, "Assume this CRS for the source (EPSG:…)."),
            ProcessInput("out", .outputName([".pmtiles"]), default: .string("tiles.pmtiles"), "Name of the archive in the job's folder."),
            ProcessInput("minzoom", .integer, default: .number(0), "Lowest zoom."),
            ProcessInput("maxzoom", .integer, default: .number(14), "Highest zoom (at most 18)."),
            ProcessInput("fields", .string, "Fields to include besides the id, comma-separated (default: all)."),
            ProcessInput("name", .string, "MVT layer name (default: the output's stem)."),
        ],
        outputs: [
            ProcessOutput("tiles", mediaType: "application/vnd.pmtiles", "The PMTiles v3 archive."),
            ProcessOutput("timings", mediaType: "application/json", "Step timings."),
        ]
    ) { inputs, context in
        let options = TilesCommandOptions(
            source: try inputs.required(inputs.file("source"), "source"), layer: inputs.string("layer"),
            id: try inputs.required(inputs.string("id"), "id"), crs: inputs.string("crs"),
            out: context.path(inputs.string("out") ?? "tiles.pmtiles"), minZoom: inputs.integer("minzoom") ?? 0,
            maxZoom: inputs.integer("maxzoom") ?? 14,
            fields: inputs.string("fields").map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } },
            name: inputs.string("name"), timings: context.path("timings.json"), force: false)
        _ = try TilesCommand.run(options, logger: context.logger)
    }
}
