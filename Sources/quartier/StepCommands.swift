import ArgumentParser
import Foundation
import QuartierModel
import QuartierService

extension DuplicatePolicy: ExpressibleByArgument {}

/// The primary input every single-step command takes (ARCHITECTURE.md, "Conventions shared by every command").
struct AreaOptions: ParsableArguments {
    @Option(help: "The areas (any OGR source: GeoPackage, Shapefile, GeoJSON, …, PG:…).") var areas: String
    @Option(help: "Layer of the areas (default: the first).") var layer: String?
    @Option(help: "Key field of the areas, compared as text.") var id: String
    @Option(help: "Assume this CRS for the areas (EPSG:…).") var crs: String?
}

struct Join: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join an indicator table (CSV, XLSX, ODS, …) to areas by key or by name, with a join report.")

    @OptionGroup var area: AreaOptions
    @Option(help: "The table: CSV (German conventions detected), XLSX, ODS or any OGR table.") var table: String
    @Option(help: "Layer (sheet) of the table.") var tableLayer: String?
    @Option(help: "Key column of the table (default: the --id name).") var tableKey: String?
    @Option(help: "Join by normalised name instead: AREA_FIELD:TABLE_COLUMN.") var byName: String?
    @Option(help: "With --by-name: a table of merged units (column 1: table name, column 2: area name).")
    var alias: String?
    @Option(help: "Zero-pad numeric keys to this width (AGS 8, ARS 12, PLR 8).") var zeroPad: Int?
    @Option(help: "Duplicate keys in the table: error, first or sum.") var duplicates: DuplicatePolicy = .error
    @Option(help: "Output file (.geojson or .gpkg).") var out: String
    @Option(help: "Write the join report as JSON to this file.") var report: String?
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if byName != nil && tableKey != nil { throw ValidationError("use either --table-key or --by-name, not both") }
        if let byName, byName.split(separator: ":").count != 2 {
            throw ValidationError("--by-name takes AREA_FIELD:TABLE_COLUMN, e.g. --by-name PLR_NAME:Name")
        }
    }

    func run() throws {
        let logger = common.bootstrap()
        try reportingErrors {
            let names = byName.map { $0.split(separator: ":").map(String.init) }
            let options = JoinCommandOptions(
                areas: area.areas, layer: area.layer, id: area.id, crs: area.crs, table: table, tableLayer: tableLayer, tableKey: tableKey,
                byName: names.map { ($0[0], $0[1]) }, aliasFile: alias, zeroPad: zeroPad, duplicates: duplicates, out: out,
                report: report)
            let result = try QuickCommands.join(options, logger: logger)
            say(result.summary)
            say("wrote \(out)" + (report.map { " and \($0)" } ?? ""))
        }
    }
}

struct Count: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Count points (schools, Kitas, …) per area: n_points, sum_<field>, n_<field>_<value>.")

    @OptionGroup var area: AreaOptions
    @Option(help: "The points (any OGR source); reprojected to the areas' CRS.") var points: String
    @Option(help: "Layer of the points.") var pointsLayer: String?
    @Option(help: "A numeric field to sum per area (repeatable), e.g. e_platz.") var sum: [String] = []
    @Option(help: "A category field to count per value, e.g. schulart.") var by: String?
    @Option(help: "Output file (.geojson or .gpkg).") var out: String
    @Option(help: "Write the count report as JSON to this file.") var report: String?
    @OptionGroup var common: CommonOptions

    func run() throws {
        let logger = common.bootstrap()
        try reportingErrors {
            let options = CountCommandOptions(
                areas: area.areas, layer: area.layer, id: area.id, crs: area.crs, points: points, pointsLayer: pointsLayer, sum: sum, by: by,
                out: out, report: report)
            let result = try QuickCommands.count(options, logger: logger)
            say(result.summary)
            say("wrote \(out)" + (report.map { " and \($0)" } ?? ""))
        }
    }
}

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time point-in-polygon and table joins on synthetic data (scripts/bench-joins.sh compares with peers).")

    @Option(help: "Number of points.") var points = 1_000_000
    @Option(help: "Number of polygons (a square grid of about this many cells).") var polygons = 10_000
    @Option(help: "Rows of the joined table.") var rows = 100_000
    @Option(help: "Write the synthetic data into this folder for a peer.") var export: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reportingErrors {
            let results = try Benchmarks.pointInPolygon(points: points, polygons: polygons, export: export)
                + Benchmarks.tableJoin(rows: rows, export: export)
            if json {
                say(String(decoding: try FileSupport.json(results), as: UTF8.self))
            } else {
                for r in results {
                    say(r.task.padding(toLength: 20, withPad: " ", startingAt: 0) + String(format: "%8.3f s  ", r.seconds) + r.detail)
                }
            }
        }
    }
}
