import Foundation

extension CommandInterface {
    /// The analysis file of `run`, `publish` and `check`.
    static func analysisFile(_ help: String, process processHelp: String? = nil) -> CommandField {
        CommandField(
            "file", .file, required: true, positional: true, process: .init(help: processHelp), help)
    }

    /// `--crs` of `run` and `publish`.
    static let analysisCRS = CommandField(
        "crs", .string, valueName: "EPSG:…", "Assume this CRS (EPSG:…) for the area input instead of the declared one.")

    /// `--out` of `run` and `publish` (the process writes into the job's folder).
    static let outputFolder = CommandField(
        "out", .string, valueName: "DIR", on: .cli, "Output folder (default: out/<analysis name>).")

    /// `quartier run`.
    package static let run = CommandInterface(
        "run",
        abstract: "Run an analysis file and write its outputs and manifest.json.",
        processTitle: "Run an analysis file",
        processDescription:
            "quartier run: runs an analysis file from the data folder and writes its declared outputs and manifest.json.",
        fields: [
            analysisFile(
                "The analysis file (TOML).",
                process: "The analysis file (TOML), in the data folder; its inputs must be there too."),
            outputFolder, analysisCRS,
            sideFile("timings", "Write step timings as JSON to this file."),
            CommandField(
                "quiet", .boolean, default: .bool(false), on: .cli, "Never show progress, even on a terminal."),
        ])

    /// `quartier publish`.
    package static let publish = CommandInterface(
        "publish",
        abstract: "Run an analysis file with [publish]: public GeoJSON, GeoPackage, CSV, tiles, TileJSON, style.",
        processTitle: "Publish an analysis",
        processDescription:
            "Runs an analysis file that has a [publish] section: small counts suppressed in every output, "
            + "GeoJSON, GeoPackage with QGIS styles, CSV, tiles.pmtiles, tilejson.json, style.json, "
            + "style-qgis-<layer>.json (one thematic layer each, for QGIS) and manifest.json. "
            + "Its results are public.",
        fields: [
            analysisFile(
                "The analysis file (TOML) with a [publish] section.",
                process: "The analysis file (TOML) with [publish], in the data folder."),
            outputFolder, analysisCRS,
            sideFile("timings", "Write step timings as JSON to this file."),
        ])

    /// `quartier audit` (no process: the server audits every published analysis itself, shown in `/analyses`).
    package static let audit = CommandInterface(
        "audit",
        abstract: "Prove from a run's public files alone that no suppressed count can be recovered (exit 1 if one can).",
        fields: [
            CommandField(
                "out", .file, required: true, positional: true,
                "The run's output folder (with manifest.json); only its public-tier outputs are read."),
            CommandField("json", .file, valueName: "FILE", "Also write the report as JSON to this file."),
        ])

    /// `quartier profiles` (no process: the server serves the profiles of its published analyses itself).
    package static let profiles = CommandInterface(
        "profiles",
        abstract: "Write a printable profile (self-contained HTML, optionally PDF) per area from a run's public files.",
        fields: [
            CommandField(
                "folder", .file, required: true, positional: true,
                "The run's output folder (with manifest.json); only its public-tier GeoJSON outputs are read."),
            CommandField(
                "level", .string, default: .string("areas"), valueName: "LEVEL",
                "The level to profile: areas or the name of a published [[rollup]]."),
            CommandField("ids", .string, valueName: "ID,…", "Only these areas (comma-separated ids)."),
            CommandField(
                "reference", .string, valueName: "LEVEL",
                "Compare with the area's ancestor at this published level (e.g. laender) instead of the total."),
            CommandField(
                "total-name", .string, default: .string("Gesamtgebiet"), valueName: "NAME",
                "The name of the total over every area (e.g. Berlin), the reference without --reference."),
            CommandField(
                "out", .file, required: true, valueName: "DIR", "The folder for <id>.html, index.html (and PDFs)."),
            CommandField("pdf", .boolean, default: .bool(false), "Also print each page to <id>.pdf (needs Chromium)."),
        ])

    /// `quartier check` (no process).
    package static let check = CommandInterface(
        "check",
        abstract:
            "Validate an analysis file (syntax, keys, inputs, layers, fields, CRS, targets) or an indicator catalogue "
            + "without running it.",
        fields: [analysisFile("The analysis file (TOML).")])

    /// `quartier inspect` (no process).
    package static let inspect = CommandInterface(
        "inspect",
        abstract: "Show what an OGR source holds: layers, geometry type, count, CRS, extent, fields, validity.",
        fields: [
            CommandField(
                "source", .file, required: true, positional: true,
                "A file (GeoPackage, Shapefile, GeoJSON, FlatGeobuf, CSV, XLSX, ODS, …) or PG:… connection."),
            CommandField("layer", .string, valueName: "NAME", "Inspect only this layer."),
            CommandField("crs", .string, valueName: "EPSG:…", "Assume this CRS (EPSG:…) instead of the declared one."),
            CommandField(
                "json", .boolean, default: .bool(false), "Print one JSON object (documented in docs/commands.md)."),
        ])

    /// `quartier indicators` (no process).
    package static let indicators = CommandInterface(
        "indicators",
        abstract: "List the indicator catalogue with its targets and check the indicators analysis files use.",
        fields: [
            CommandField(
                "catalogue", .file, default: .string("Config/indicators.toml"), valueName: "FILE",
                "The catalogue (default: Config/indicators.toml)."),
            CommandField("json", .boolean, default: .bool(false), "Print the catalogue as JSON."),
            CommandField(
                "analyses", .strings, positional: true,
                "Analysis files whose [indicators] must all be in the catalogue."),
        ])

    /// Every declared command, in the order of `docs/commands.md`.
    package static let all: [CommandInterface] = [
        inspect, check, run, join, count, hotspots, emerging, access, tiles, publish, audit, profiles, indicators,
    ]
}
