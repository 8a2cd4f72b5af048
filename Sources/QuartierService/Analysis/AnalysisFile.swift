import Foundation
package import QuartierGDAL
package import QuartierModel
import QuartierTOML

/// An analysis file (TOML), the planners' main interface: named inputs, the working CRS, the area
/// layer every later step adds columns to, and named outputs. See README, "Analysis file".
package struct AnalysisFile: Sendable {
    /// The current format version; `version = 1` at the top of a file.
    package static let formatVersion = 1

    /// Absolute path of the file.
    package var path: String
    package var name: String
    package var title: String?
    /// The CRS for metric computations and GeoPackage outputs, e.g. `EPSG:25833`.
    package var workingCRS: String
    package var inputs: [InputSpec]
    package var areas: AreasSpec
    /// The steps that compute on the areas (their order is `AnalysisPlan`'s).
    package var steps: AnalysisSteps
    package var outputs: [OutputSpec]
    /// Vector tiles to write, after the outputs.
    package var tiles: [TilesStep] = []
    /// `[publish]`: the public files, with suppression of small counts (applied to every output).
    package var publish: PublishSpec?
    /// Catalogue entries of the indicators the analysis names (`catalogue`, `[indicators]`), by field.
    package var indicators: [String: IndicatorEntry] = [:]
    /// The catalogue file, when one is named.
    package var cataloguePath: String?
    /// `[[profile]]` tables (a Kreis against its Land), written after the outputs.
    package var profiles: [ProfileStep] = []
    /// `[profiles]`: the area profiles written with every run.
    package var areaProfiles: AreaProfilesSpec?
    /// `[[observations]]`: qualitative observations counted per area and level (issue 22), after the roll-ups.
    package var observations: [ObservationsSpec] = []
    /// `[database]`: the PostGIS database of the outputs with `formats = [… "postgis"]` (docs/database.md).
    package var database: DatabaseSpec?

    package func input(named name: String) -> InputSpec? { inputs.first { $0.name == name } }

    /// The area input (checked to exist when the file is parsed).
    package var areaInput: InputSpec? { input(named: areas.input) }

    /// The outputs with `tier = "public"` besides `[publish]`: how the file names each, its layer and its fields
    /// (nil: all).
    var publicOutputs: [(place: String, layer: LayerRef, fields: [String]?)] {
        let where_ = { (table: String, line: Int) in "\(table) (\(path):\(line))" }
        return outputs.filter { $0.tier == .public }.map {
            (where_("[outputs.\($0.name)]", $0.line), $0.layer, $0.fields)
        }
            + tiles.filter { $0.tier == .public }.map {
                (where_("[[tiles]] '\($0.name)'", $0.line), $0.layer, $0.fields)
            }
            + profiles.filter { $0.tier == .public }.map {
                (where_("[[profile]] '\($0.name)'", $0.line), LayerRef.areas, $0.indicators)
            }
    }
}

/// A named data source: `[inputs.<name>]`.
package struct InputSpec: Sendable {
    package var name: String
    /// The source as written in the file.
    package var sourceAsWritten: String
    /// The path resolved against the analysis file's folder, or the connection string.
    package var source: String
    package var layer: String?
    /// The key field (`PLR_ID`, `AGS`, …), read as text.
    package var idField: String?
    /// Overrides a missing or wrong CRS of the source.
    package var crs: String?
    /// Attribution line shown on maps and in TileJSON.
    package var attribution: String?
    /// The date the data refer to, shown on maps and in manifests.
    package var referenceDate: String?
    /// Repair invalid geometries with GDAL's MakeValid instead of stopping.
    package var repair: Bool
    /// Driver open options (`KEY=VALUE`), passed to GDAL as they are.
    package var openOptions: [String]
    /// CSV tables: the 1-based line of the header (detected when nil).
    package var headerRow: Int?
    /// CSV tables: trailing lines to drop (footnotes are detected when nil).
    package var skipFooter: Int?
    /// CSV tables: the delimiter (detected when nil).
    package var delimiter: String?
    /// Tables: codes that stand for missing values (e.g. `-9999` → invalid).
    package var missingCodes: [String: MissingReason] = [:]
    /// The line of the `[inputs.<name>]` header.
    package var line: Int
    /// A grid given as cell centres (`grid_cell`, `x`, `y`): an area layer of square cells (issue 17).
    package var grid: GridSource? = nil
    /// Areas: the fields to read (besides the key and a grid's x and y), in any order; nil reads every field. GDAL
    /// skips the others. Set by commands that know what their step uses (`quartier hotspots` without `--keep all`).
    package var fields: [String]? = nil
}

/// The cell size and centre columns of a grid read from a table of cell centres (a Zensus grid: `GITTER_ID_100m`,
/// `x_mp_100m`, `y_mp_100m`, EPSG:3035).
package struct GridSource: Sendable, Hashable {
    package var cellSize: Double
    package var x: String
    package var y: String

    package init(cellSize: Double, x: String, y: String) {
        self.cellSize = cellSize
        self.x = x
        self.y = y
    }
}

/// `[areas]`: the area layer (Planungsräume, Gemeinden, …) that every step adds columns to.
package struct AreasSpec: Sendable {
    package var input: String
    package var line: Int
}

/// A named output: `[outputs.<name>]`, written as `<name>.<format>` into the output folder.
package struct OutputSpec: Sendable {
    package var name: String
    package var formats: [VectorFormat]
    /// The layer to write: the areas or a roll-up.
    package var layer: LayerRef
    /// Fields to keep (the id field is always kept); nil keeps all.
    package var fields: [String]?
    /// Also write `<name>.csv` (the attribute table as German Excel opens it), from `formats = [… "csv"]`.
    package var csv: Bool = false
    /// Sort the features by this field, ascending, missing values last (e.g. a rank).
    package var orderBy: String?
    /// Who may read the output (`tier`, default internal).
    package var tier: OutputTier = .internal
    package var line: Int
    /// Also write the layer into `[database]`, from `formats = [… "postgis"]`: the table `table` (default: the
    /// output's name) in the schema of the output's tier.
    package var postgis: Bool = false
    package var table: String? = nil

    /// The output's table name in the database.
    package var tableName: String { table ?? name }
}

extension AnalysisFile {
    /// Reads and validates an analysis file's syntax and keys; does not open any input.
    /// - Throws: `ConfigurationError` (file, line, column, message) or `QuartierError` when unreadable.
    /// The largest analysis file read (1 MiB): real ones have a few kilobytes.
    package static let maximumFileSize: Int64 = 1 << 20

    package static func load(_ path: String) throws -> AnalysisFile {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw QuartierError.user("analysis file '\(path)' does not exist")
        }
        if let problem = RegularFile.specialFileProblem(url.path) {
            throw QuartierError.user("analysis file '\(path)' \(problem)")
        }
        if let size = RegularFile.size(url.path), size > maximumFileSize {
            throw QuartierError.user(
                "analysis file '\(path)' has \(size) bytes; an analysis file has at most \(maximumFileSize) (1 MiB): "
                    + "is it the right file?")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw QuartierError.user("analysis file '\(path)' cannot be read (permissions?)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw QuartierError.user("analysis file '\(path)' is not UTF-8 text; save it as UTF-8")
        }
        let table = try TOMLParser.parse(text, file: path)
        return try parse(table, path: url.path, displayPath: path)
    }

    /// `missing_codes = { "-9999" = "invalid" }`: codes and the reason each stands for.
    static func missingCodes(_ section: inout TOMLSection) throws -> [String: MissingReason] {
        let line = section.line(of: "missing_codes")
        return try (section.stringMap("missing_codes") ?? [:]).mapValues { reason in
            guard let value = MissingReason(rawValue: reason) else {
                throw section.error(
                    "missing_codes: '\(reason)' is not a reason; use one of "
                        + MissingReason.allCases.map(\.rawValue).joined(separator: ", "), line: line)
            }
            return value
        }
    }

    static func parse(_ table: TOMLTable, path: String, displayPath: String) throws -> AnalysisFile {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        var root = TOMLSection(table, path: "", file: displayPath, line: 1)
        let version = try root.integer("version") ?? formatVersion
        guard version == formatVersion else {
            throw root.error(
                "version \(version) is not supported; this Quartier reads version \(formatVersion)",
                line: root.line(of: "version"))
        }
        guard var analysis = try root.section("analysis") else {
            throw root.error("the [analysis] table is required (name, working_crs)", line: 1)
        }
        let name = try analysis.requiredString("name")
        let title = try analysis.string("title")
        let workingCRS = try analysis.requiredString("working_crs")
        _ = try analysis.string("description")
        try analysis.finish()

        let (inputs, areas) = try parseInputs(&root, folder: folder)

        var outputs: [OutputSpec] = []
        for (outputName, var section) in try root.namedSections("outputs") {
            outputs.append(try OutputSpec.parse(&section, name: outputName))
            try section.finish()
        }
        let steps = try AnalysisSteps.parse(&root, inputs: inputs)
        for output in outputs where !output.layer.exists(among: steps.rollups) {
            throw root.error(
                "[outputs.\(output.name)] layer '\(output.layer)' is neither \"areas\" nor the name of a [[rollup]]",
                line: output.line)
        }
        let tiles = try parseTiles(&root, rollups: steps.rollups)
        var publish: PublishSpec?
        if var section = try root.section("publish") {
            let spec = try PublishSpec.parse(&section, inputs: inputs)
            try spec.validate(outputs: outputs, tiles: tiles, rollups: steps.rollups, section)
            try section.finish()
            publish = spec
        }
        let profiles = try parseProfiles(&root, outputs: outputs, rollups: steps.rollups)
        if publish == nil {
            try requirePublish(
                outputs.filter { $0.tier == .public }.map { ("[outputs.\($0.name)]", $0.line) }
                    + tiles.filter { $0.tier == .public }.map { ("[[tiles]] '\($0.name)'", $0.line) }
                    + profiles.filter { $0.tier == .public }.map { ("[[profile]] '\($0.name)'", $0.line) }
                    + steps.series.filter { $0.tier == .public }.map { ("[[series]] '\($0.name)'", $0.line) },
                root)
        }
        var areaProfiles: AreaProfilesSpec?
        if var section = try root.section("profiles") {
            guard publish != nil else {
                throw section.error(
                    "[profiles] are public: they need [publish] (with [publish.suppression]) in the same file",
                    line: section.line)
            }
            areaProfiles = try AreaProfilesSpec.parse(&section, rollups: steps.rollups.map(\.name))
            try section.finish()
        }
        let observations = try ObservationsSpec.parseAll(&root, inputs: inputs, folder: folder)
        let (indicators, cataloguePath) = try catalogueEntries(&root, path: path)
        let database = try DatabaseSpec.parseOutputs(&root, outputs: outputs, publish: publish)
        try root.finish()
        var file = AnalysisFile(
            path: path, name: name, title: title, workingCRS: workingCRS, inputs: inputs, areas: areas, steps: steps,
            outputs: outputs, tiles: tiles, publish: publish)
        file.indicators = indicators
        file.cataloguePath = cataloguePath
        file.profiles = profiles
        file.areaProfiles = areaProfiles
        file.observations = observations
        file.database = database
        try file.checkGoalTargets()
        return file
    }
}
