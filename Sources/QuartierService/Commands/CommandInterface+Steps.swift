import Foundation
import QuartierModel

extension CommandInterface {
    /// The primary input of `join`, `count`, `hotspots` and `emerging` (ARCHITECTURE.md, "Conventions shared by
    /// every command").
    package static let areaFields: [CommandField] = [
        CommandField(
            "areas", .file, required: true, valueName: "SRC",
            process: .init(help: "The areas: a file in the data folder (GeoPackage, GeoJSON, …)."),
            "The areas (any OGR source: GeoPackage, Shapefile, GeoJSON, …, PG:…)."),
        CommandField("layer", .string, valueName: "NAME", "Layer of the areas (default: the first)."),
        CommandField("id", .string, required: true, valueName: "FIELD", "Key field of the areas, compared as text."),
        CommandField("crs", .string, valueName: "EPSG:…", "Assume this CRS for the areas (EPSG:…)."),
    ]

    /// `--out` of a command writing a vector file (or, with `database`, a PostGIS table named by `--table`); in the
    /// process, the result's name in the job's folder.
    static func vectorOut(_ process: String, database: Bool = true) -> CommandField {
        CommandField(
            "out", .file, required: true, valueName: "OUT",
            process: .init(
                kind: .outputName([".geojson", ".gpkg", ".fgb"]), required: false,
                default: .string("\(process).geojson"),
                help: "Name of the result file in the job's folder (.geojson, .gpkg or .fgb)."),
            database
                ? "Output file (.geojson, .gpkg or .fgb), or a PostGIS database: PG:<connection string> with --table."
                : "Output file (.geojson, .gpkg or .fgb).")
    }

    /// `--keep`: the fields of the areas (origins) carried to the output besides the key and the fields the step
    /// uses. Only those are read.
    static let keepFields = CommandField(
        "keep", .string, valueName: "FIELDS",
        "Further fields of the areas to carry to the output: a comma list, or all.",
        details: "Without it the output has the key, the fields the analysis uses and its results, as ArcGIS's "
            + "Hot Spot Analysis writes; only these fields are read (GDAL skips the others).")

    /// `--keep` as given: nil (flag absent) carries no further field, `all` every field (nil), else the names.
    package static func keptFields(_ text: String?) -> [String]? {
        guard let text else { return [] }
        if text.trimmingCharacters(in: .whitespaces).lowercased() == "all" { return nil }
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// `--table` of a command writing a vector layer: the PostGIS table of `--out PG:…` (command line only).
    static let outTable = CommandField(
        "table", .string, valueName: "[SCHEMA.]NAME", on: .cli,
        "With --out PG:…: the table to write (schema public by default); the previous one is kept as NAME_previous.",
        details: "No password in the connection string: libpq reads it from ~/.pgpass, PGPASSFILE or a service file.")

    /// A JSON side file the command line may write and the process always writes (`report.json`, …).
    static func sideFile(_ name: String, _ help: String) -> CommandField {
        CommandField(name, .file, valueName: "FILE", on: .cli, help)
    }

    /// `quartier join`.
    package static let join = CommandInterface(
        "join",
        abstract: "Join an indicator table (CSV, XLSX, ODS, …) to areas by key or by name, with a join report.",
        processTitle: "Join an indicator table to areas",
        processDescription:
            "quartier join: joins a table (CSV with German conventions, XLSX, ODS, …) to areas by key or by name.",
        fields: areaFields + [
            CommandField(
                "table", .file, required: true, valueName: "TABLE",
                process: .init(help: "The table: a file in the data folder."),
                "The table: CSV (German conventions detected), XLSX, ODS or any OGR table."),
            CommandField("table-layer", .string, valueName: "LAYER", "Layer (sheet) of the table."),
            CommandField(
                "table-key", .string, valueName: "FIELD",
                process: .init(help: "Key column of the table (default: the id name)."),
                "Key column of the table (default: the --id name)."),
            CommandField(
                "by-name", .string, valueName: "AREA_FIELD:TABLE_COLUMN",
                "Join by normalised name instead: AREA_FIELD:TABLE_COLUMN."),
            CommandField(
                "alias", .file, valueName: "FILE",
                process: .init(
                    help: "With by-name: a table of merged units (column 1 table name, column 2 area name)."),
                "With --by-name: a table of merged units (column 1: table name, column 2: area name)."),
            CommandField(
                "zero-pad", .integer, valueName: "N", "Zero-pad numeric keys to this width (AGS 8, ARS 12, PLR 8)."),
            CommandField(
                "duplicates", .choice(DuplicatePolicy.allCases.map(\.rawValue)), default: .string("error"),
                valueName: "POLICY", "Duplicate keys in the table: error, first or sum."),
            vectorOut("join", database: false),
            sideFile("report", "Write the join report as JSON to this file."),
        ])

    /// `quartier count`.
    package static let count = CommandInterface(
        "count",
        abstract: "Count points (schools, Kitas, …) per area: n_points, sum_<field>, n_<field>_<value>.",
        processTitle: "Count points per area",
        processDescription:
            "quartier count: counts points (schools, Kitas, …) per area: n_points, sum_<field>, n_<field>_<value>.",
        fields: areaFields + [
            CommandField(
                "points", .file, required: true, valueName: "SRC",
                process: .init(help: "The points: a file in the data folder; reprojected to the areas' CRS."),
                "The points (any OGR source); reprojected to the areas' CRS."),
            CommandField("points-layer", .string, valueName: "LAYER", "Layer of the points."),
            CommandField(
                "sum", .strings, valueName: "FIELD",
                process: .init(help: "Numeric fields to sum per area, e.g. [\"e_platz\"]."),
                "A numeric field to sum per area (repeatable), e.g. e_platz."),
            CommandField("by", .string, valueName: "FIELD", "A category field to count per value, e.g. schulart."),
            vectorOut("count"),
            outTable,
            sideFile("report", "Write the count report as JSON to this file."),
        ])
}
