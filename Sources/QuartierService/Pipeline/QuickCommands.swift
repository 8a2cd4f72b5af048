import Foundation
package import Logging
import QuartierGDAL
package import QuartierModel

/// Options of `quartier join`.
package struct JoinCommandOptions: Sendable {
    package var areas: String
    package var layer: String?
    package var id: String
    package var crs: String?
    package var table: String
    package var tableLayer: String?
    package var tableKey: String?
    package var byName: (area: String, table: String)?
    package var aliasFile: String?
    package var zeroPad: Int?
    package var duplicates: DuplicatePolicy
    package var out: String
    package var report: String?

    package init(
        areas: String, layer: String?, id: String, crs: String?, table: String, tableLayer: String?, tableKey: String?,
        byName: (area: String, table: String)?, aliasFile: String?, zeroPad: Int?, duplicates: DuplicatePolicy,
        out: String, report: String?
    ) {
        self.areas = areas
        self.layer = layer
        self.id = id
        self.crs = crs
        self.table = table
        self.tableLayer = tableLayer
        self.tableKey = tableKey
        self.byName = byName
        self.aliasFile = aliasFile
        self.zeroPad = zeroPad
        self.duplicates = duplicates
        self.out = out
        self.report = report
    }
}

/// Options of `quartier count`.
package struct CountCommandOptions: Sendable {
    /// With `--out PG:…`: the table (`[schema.]name`) to write.
    package var table: String? = nil
    package var areas: String
    package var layer: String?
    package var id: String
    package var crs: String?
    package var points: String
    package var pointsLayer: String?
    package var sum: [String]
    package var by: String?
    package var out: String
    package var report: String?

    package init(
        areas: String, layer: String?, id: String, crs: String?, points: String, pointsLayer: String?, sum: [String],
        by: String?, out: String, report: String?
    ) {
        self.areas = areas
        self.layer = layer
        self.id = id
        self.crs = crs
        self.points = points
        self.pointsLayer = pointsLayer
        self.sum = sum
        self.by = by
        self.out = out
        self.report = report
    }
}

/// `quartier join` and `quartier count`: one step on the command line, without an analysis file.
/// The output is written in the areas' CRS (GeoPackage) or RFC 7946 (GeoJSON), atomically.
package enum QuickCommands {
    static func input(_ name: String, _ source: String, layer: String?, id: String?, crs: String?) -> InputSpec {
        InputSpec(
            name: name, sourceAsWritten: source, source: source, layer: layer, idField: id, crs: crs, attribution: nil,
            referenceDate: nil, repair: false, openOptions: [], headerRow: nil, skipFooter: nil, delimiter: nil, line: 0
        )
    }

    /// Reads only the fields the step uses and those of `--keep` (`keep`; nil: every field), after checking that the
    /// layer has every field of `keep` (an error naming the file and the field, before anything is computed).
    static func select(_ spec: inout InputSpec, uses: [String?], keep: [String]?, logger: Logger) throws {
        // Without a key and without --keep the rows could not be told apart in the output: keep every field.
        guard let keep, spec.idField != nil || !keep.isEmpty else { return }
        if !keep.isEmpty {
            let source = try InputSource(spec, logger: logger)
            for name in keep { _ = try source.fieldIndex(name, in: source.layer.fields) }
        }
        spec.fields = keep + uses.compactMap { $0 }
    }

    static func format(of path: String) throws -> VectorFormat {
        if ConnectionString.isPostgreSQL(path) {
            throw QuartierError.user(
                "--out PG:… writes a PostGIS table with hotspots, count and access (with --table); this command "
                    + "writes a file: .geojson or .gpkg")
        }
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        guard let format = VectorFormat(rawValue: ext == "json" ? "geojson" : ext) else {
            throw QuartierError.user("--out '\(path)': write .geojson, .gpkg or .fgb")
        }
        return format
    }

    /// - Parameter squares: a grid of cell centres gets its squares now (false: at `write`).
    static func loadAreas(_ spec: InputSpec, logger: Logger, squares: Bool = true) throws -> FeatureLayer {
        let source = try InputSource(spec, logger: logger)
        var loader = AreaLoader(source: source, working: nil, logger: logger)
        loader.squares = squares
        return try loader.load { _ in }.0
    }

    static func write(
        _ layer: FeatureLayer, to out: String, table: String? = nil, key: String? = nil, report: (some Encodable)?,
        reportPath: String?, logger: Logger? = nil
    ) throws {
        if ConnectionString.isPostgreSQL(out) {
            try writeTable(layer, to: out, table: table, key: key, logger: logger)
            if let reportPath, let report {
                try FileSupport.writeAtomically(try FileSupport.json(report), to: reportPath)
            }
            return
        }
        let folder = URL(fileURLWithPath: out).deletingLastPathComponent().path
        try FileSupport.prepareOutputFolder(folder.isEmpty ? "." : folder)
        try LayerWriter.write(layer.withGridSquares(), to: out, format: try format(of: out), layerName: layer.name)
        if let reportPath, let report { try FileSupport.writeAtomically(try FileSupport.json(report), to: reportPath) }
    }

    /// Reads the areas and runs a plan of one step on them (`runStep(_:on:…)`), in the areas' own CRS.
    static func runStep(
        _ step: any PlanStep, areas spec: InputSpec, inputs: [InputSpec], timer: StepTimer = StepTimer(),
        logger: Logger, squares: Bool = true
    ) throws -> AnalysisState {
        let areas = try timer.measure("read") { try loadAreas(spec, logger: logger, squares: squares) }
        return try runStep(
            step, on: areas, idField: spec.idField ?? "", inputs: inputs, working: nil, timer: timer, logger: logger,
            areasFile: spec.sourceAsWritten)
    }

    /// Runs a plan of one step on loaded areas: the same runner as `quartier run` (`PlanRunner`), with `inputs`
    /// declared as an analysis file would, and no output folder (the command writes its one file itself).
    static func runStep(
        _ step: any PlanStep, on areas: FeatureLayer, idField: String, inputs: [InputSpec], working: SpatialReference?,
        timer: StepTimer, logger: Logger, areasFile: String? = nil
    ) throws -> AnalysisState {
        var context = PlanContext(
            analysis: nil, inputs: inputs, idField: idField, working: working, logger: logger, timer: timer,
            progress: ProgressReporter(enabled: false), sink: nil, areaSource: nil)
        context.areasFile = areasFile
        var state = AnalysisState(context: context, areas: areas)
        try PlanRunner.execute(AnalysisPlan(step: step), on: &state)
        return state
    }

    /// Joins a table to areas (a plan of one `JoinStep`) and writes the result and the join report.
    package static func join(_ o: JoinCommandOptions, logger: Logger) throws -> JoinReport {
        _ = try format(of: o.out)
        try OutputPaths.check(
            outputs: [.init("--out", o.out), o.report.map { .init("--report", $0) }],
            inputs: [.init("--areas", o.areas), .init("--table", o.table), o.aliasFile.map { .init("--alias", $0) }])
        let normalization = KeyNormalization(zeroPad: o.zeroPad)
        if let problem = normalization.zeroPadProblem { throw QuartierError.user(problem) }
        let step = JoinStep(
            table: o.table, key: o.tableKey, byName: o.byName, aliases: try aliases(o.aliasFile, logger: logger),
            normalization: normalization, duplicates: o.duplicates, columns: nil, validity: nil, line: 0)
        let state = try runStep(
            step, areas: input("areas", o.areas, layer: o.layer, id: o.id, crs: o.crs),
            inputs: [input(o.table, o.table, layer: o.tableLayer, id: nil, crs: nil)], logger: logger)
        guard let report = state.reports.joins.first else { throw QuartierError.internal("the join reported nothing") }
        try write(state.areas, to: o.out, report: report, reportPath: o.report)
        return report
    }

    /// An alias file: a table whose first column names a unit of the table and whose second column
    /// names one area it covers (one row per area).
    static func aliases(_ path: String?, logger: Logger) throws -> [String: [String]] {
        guard let path else { return [:] }
        let table = try GermanCSV.read(path: path, options: CSVReadOptions(textColumns: []))
        guard table.columns.count >= 2 else {
            throw QuartierError.user("alias file '\(path)' needs two columns: table unit name, area name")
        }
        var result: [String: [String]] = [:]
        for row in table.rows {
            if let unit = row[0].stringValue, let area = row[1].stringValue { result[unit, default: []].append(area) }
        }
        return result
    }

    /// Counts points per area (a plan of one `CountStep`) and writes the result and the count report.
    package static func count(_ o: CountCommandOptions, logger: Logger) throws -> PointCountReport {
        try checkOut(o.out, table: o.table)
        try OutputPaths.check(
            outputs: [.init("--out", o.out), o.report.map { .init("--report", $0) }],
            inputs: [.init("--areas", o.areas), .init("--points", o.points)])
        if let problem = PointCounter.sumFieldsProblem(o.sum) { throw QuartierError.user(problem) }
        let step = CountStep(points: "points", countField: "n_points", sum: o.sum, by: o.by, line: 0)
        let state = try runStep(
            step, areas: input("areas", o.areas, layer: o.layer, id: o.id, crs: o.crs),
            inputs: [input("points", o.points, layer: o.pointsLayer, id: nil, crs: nil)], logger: logger)
        guard let report = state.reports.counts.first else {
            throw QuartierError.internal("the count reported nothing")
        }
        try write(
            state.areas, to: o.out, table: o.table, key: o.id, report: report, reportPath: o.report, logger: logger)
        return report
    }
}
