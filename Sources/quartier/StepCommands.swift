import ArgumentParser
import Foundation
import QuartierModel
import QuartierService

/// The declaration `AreaOptions` takes its help and defaults from.
private let areaFlags = CommandInterface.area
/// The declaration `quartier join` takes its help and defaults from.
private let joinFlags = CommandInterface.join
/// The declaration `quartier count` takes its help and defaults from.
private let countFlags = CommandInterface.count

extension DuplicatePolicy: ExpressibleByArgument {}

/// The primary input every single-step command takes (ARCHITECTURE.md, "Conventions shared by every command").
struct AreaOptions: ParsableArguments {
    @Option(help: areaFlags.argumentHelp("areas")) var areas: String
    @Option(help: areaFlags.argumentHelp("layer")) var layer: String?
    @Option(help: areaFlags.argumentHelp("id")) var id: String
    @Option(help: areaFlags.argumentHelp("crs")) var crs: String?
}

struct Join: ParsableCommand {
    static let configuration = CommandInterface.join.configuration

    @OptionGroup var area: AreaOptions
    @Option(help: joinFlags.argumentHelp("table")) var table: String
    @Option(help: joinFlags.argumentHelp("table-layer")) var tableLayer: String?
    @Option(help: joinFlags.argumentHelp("table-key")) var tableKey: String?
    @Option(help: joinFlags.argumentHelp("by-name")) var byName: String?
    @Option(help: joinFlags.argumentHelp("alias")) var alias: String?
    @Option(help: joinFlags.argumentHelp("zero-pad")) var zeroPad: Int?
    @Option(help: joinFlags.argumentHelp("duplicates"))
    var duplicates = joinFlags.defaultChoice("duplicates", as: DuplicatePolicy.self)
    @Option(help: joinFlags.argumentHelp("out")) var out: String
    @Option(help: joinFlags.argumentHelp("report")) var report: String?
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
    static let configuration = CommandInterface.count.configuration

    @OptionGroup var area: AreaOptions
    @Option(help: countFlags.argumentHelp("points")) var points: String
    @Option(help: countFlags.argumentHelp("points-layer")) var pointsLayer: String?
    @Option(help: countFlags.argumentHelp("sum")) var sum: [String] = []
    @Option(help: countFlags.argumentHelp("by")) var by: String?
    @Option(help: countFlags.argumentHelp("out")) var out: String
    @Option(help: countFlags.argumentHelp("table")) var table: String?
    @Option(help: countFlags.argumentHelp("report")) var report: String?
    @OptionGroup var common: CommonOptions

    func run() throws {
        let logger = common.bootstrap()
        try reportingErrors {
            var options = CountCommandOptions(
                areas: area.areas, layer: area.layer, id: area.id, crs: area.crs, points: points, pointsLayer: pointsLayer, sum: sum, by: by,
                out: out, report: report)
            options.table = table
            let result = try QuickCommands.count(options, logger: logger)
            say(result.summary)
            say("wrote \(table.map { "\($0) in " } ?? "")\(ConnectionString.redacted(out))" + (report.map { " and \($0)" } ?? ""))
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
