import Foundation
package import Logging
import QuartierGDAL
import QuartierModel
import QuartierTOML

/// Options of `quartier run`.
package struct RunOptions: Sendable {
    /// The output folder; relative output paths resolve against it.
    package var outputFolder: String
    /// Where to write `{"steps":[…]}`, if anywhere.
    package var timingsPath: String?
    /// A CRS for the area input, stronger than the file's `crs` (the `--crs` flag).
    package var crsOverride: String?
    /// Show progress on a terminal; nil decides by whether stderr is a TTY.
    package var showProgress: Bool?
    /// The server's observation store (`<state>/observations.sqlite`), for `[[observations]] store = true`.
    package var observationStore: String? = nil

    package init(
        outputFolder: String, timingsPath: String? = nil, crsOverride: String? = nil, showProgress: Bool? = nil
    ) {
        self.outputFolder = outputFolder
        self.timingsPath = timingsPath
        self.crsOverride = crsOverride
        self.showProgress = showProgress
    }
}

/// What a run produced.
package struct RunResult: Sendable {
    package var outputPaths: [String]
    package var reports: StepReports
    package var manifestPath: String
    package var areaCount: Int
}

/// Runs an analysis file: opens and reads the area input (validated, reprojected to the working CRS), runs the
/// analysis's plan (`AnalysisPlan`: the steps, suppression, outputs, tiles, publishing) through `PlanRunner`, and
/// writes `manifest.json` from what the plan's `OutputSink` recorded; the whole set is switched into place at once.
package struct AnalysisRunner {
    package let analysis: AnalysisFile
    package let options: RunOptions
    package let logger: Logger

    package init(analysis: AnalysisFile, options: RunOptions, logger: Logger) {
        self.analysis = analysis
        self.options = options
        self.logger = logger
    }

    package func run() throws -> RunResult {
        let timer = StepTimer()
        let progress = ProgressReporter(enabled: options.showProgress)
        defer { progress.finish() }
        // Everything is written into a staging folder and switched into place at the end (OutputSet).
        let outputSet = try OutputSet(folder: options.outputFolder)
        let sink = OutputSink(folder: outputSet.staging.path)
        if let database = analysis.database {
            // Connected first: a database that is down fails the run before anything is computed or written.
            sink.database = try timer.measure("database:connect") {
                try DatabaseRun(
                    connection: database.connection, runsSchema: database.internalSchema, lonLat: database.lonLat,
                    logger: logger)
            }
        }

        guard let spec = analysis.areaInput, let idField = spec.idField else {
            throw QuartierError.internal("the analysis file was not validated (no area input)")
        }
        let working = try timer.measure("crs") { try AnalysisRunner.workingCRS(analysis) }
        let source = try timer.measure("open:\(spec.name)") {
            try InputSource(spec, crsOverride: options.crsOverride, logger: logger)
        }
        // `fields = […]`: each must exist (then only these, the key and a grid's x and y are read).
        for name in spec.fields ?? [] { _ = try source.fieldIndex(name, in: source.layer.fields) }
        let (areas, inputRef) = try timer.measure("read:\(spec.name)") {
            try AreaLoader(source: source, working: working, logger: logger).load { count in
                progress.update("reading \(spec.name): \(count) features")
            }
        }
        progress.finish()
        _ = try source.fieldIndex(idField, in: areas.fields)
        var context = PlanContext(
            analysis: analysis, inputs: analysis.inputs, idField: idField, working: working, logger: logger,
            timer: timer, progress: progress, sink: sink, areaSource: source)
        context.observationStore = options.observationStore
        context.areasFile = spec.sourceAsWritten
        var state = AnalysisState(context: context, areas: areas)
        do {
            try PlanRunner.execute(AnalysisPlan(analysis), on: &state)
        } catch let error as QuartierError where error.isUserError {
            throw AnalysisRunner.unreadFieldHint(error, spec: spec, layer: source.layer.fields.map(\.name))
        }
        progress.finish()

        let manifestPath = sink.path("manifest.json")
        var manifest = Manifest(
            analysis: Manifest.FileRef(path: analysis.path, sha256: try FileSupport.sha256(ofFile: analysis.path)),
            inputs: [inputRef] + state.inputRefs, outputs: sink.records,
            versions: Manifest.Versions(
                quartier: QuartierVersion.current, gdal: GDALRuntime.gdalVersion, proj: GDALRuntime.projVersion),
            parameters: Manifest.Parameters(
                name: analysis.name, workingCRS: analysis.workingCRS, areas: spec.name, idField: idField,
                repair: spec.repair,
                outputs: Dictionary(
                    uniqueKeysWithValues: analysis.outputs.map {
                        ($0.name, $0.formats.map(\.rawValue) + ($0.postgis ? ["postgis"] : []))
                    })),
            steps: timer.steps, reports: state.reports, indicators: analysis.indicators)
        manifest.disclosure = state.disclosure
        manifest.observations = state.observations.isEmpty ? nil : state.observations
        if let rule = analysis.publish?.suppression, rule.isActive {
            manifest.withholdTotals(sources: state.countSources, protected: Set(rule.counts + state.observationCounts))
        }
        manifest.database = sink.database.flatMap { $0.tables.isEmpty ? nil : $0.record }
        try FileSupport.writeAtomically(try FileSupport.json(manifest), to: manifestPath)
        if let profiles = analysis.areaProfiles {
            // From the public files as written, like `quartier profiles`; the audit below covers them too.
            manifest.outputs += try timer.measure("profiles") { try profiles.write(folder: outputSet.staging.path) }
            manifest.steps = timer.steps
            try FileSupport.writeAtomically(try FileSupport.json(manifest), to: manifestPath)
        }
        if state.disclosure != nil {
            // The audit step: redone from the public files as written, before anything is switched into place; a
            // finding fails the run and leaves the previous outputs as they were.
            var audit = try timer.measure("audit") {
                try PublicAudit.run(folder: outputSet.staging.path, staged: sink.database?.stagedLocations ?? [:])
            }
            audit.folder = "."
            manifest.publicAudit = audit
            manifest.steps = timer.steps
            try FileSupport.writeAtomically(try FileSupport.json(manifest), to: manifestPath)
            guard audit.passed else {
                throw QuartierError.user(
                    "disclosure audit of the public files: "
                        + audit.lines.filter { $0.contains("FINDING") }
                        .prefix(5).joined(separator: "; ")
                        + " — nothing was written; protect the field on fewer levels or declare it in counts")
            }
            logger.info("\(audit.lines.last ?? "")")
        }
        if let database = sink.database, !database.tables.isEmpty {
            // The tables first: a database gone meanwhile fails the run with the previous files (and tables) in place.
            try database.commit(manifest: try FileSupport.json(manifest), analysis: analysis.name)
        }
        try outputSet.commit()
        if let timingsPath = options.timingsPath { try timer.write(to: timingsPath) }
        return RunResult(
            outputPaths: sink.paths.map(outputSet.finalPath), reports: state.reports,
            manifestPath: outputSet.finalPath(of: manifestPath), areaCount: areas.features.count)
    }

    /// A step's "no field 'X'" for a field the area layer has but `fields = […]` left unread gets a hint saying so.
    static func unreadFieldHint(_ error: QuartierError, spec: InputSpec, layer: [String]) -> QuartierError {
        guard let chosen = spec.fields, let start = error.message.range(of: "no field '"),
            let end = error.message[start.upperBound...].firstIndex(of: "'")
        else { return error }
        let name = String(error.message[start.upperBound..<end])
        guard layer.contains(name), !chosen.contains(name) else { return error }
        return .user(
            error.message + " — the layer has '\(name)', but [inputs.\(spec.name)] (line \(spec.line)) reads only "
                + "fields = [" + chosen.map { "\"\($0)\"" }.joined(separator: ", ") + "]: add it there")
    }

    /// The working CRS of an analysis, which must be projected (distances are in its units).
    static func workingCRS(_ analysis: AnalysisFile) throws -> SpatialReference {
        let srs: SpatialReference
        do {
            srs = try SpatialReference(definition: analysis.workingCRS)
        } catch let error as GDALError {
            throw ConfigurationError(file: analysis.path, line: 1, column: 0, message: "working_crs: \(error)")
        }
        guard !srs.isGeographic else {
            throw QuartierError.user(
                "working_crs \(analysis.workingCRS) is geographic (degrees); distances need a projected metric CRS "
                    + "such as EPSG:25833 (Berlin, Brandenburg) or EPSG:25832 (western Germany)")
        }
        return srs
    }

    /// The features sorted by a field, ascending (numbers by value, text by code point), missing last;
    /// stable, so equal values keep the layer's order.
    static func ordered(_ layer: FeatureLayer, by field: String?, output: OutputSpec) throws -> FeatureLayer {
        guard let field else { return layer }
        guard let column = layer.fields.firstIndex(where: { $0.name == field }) else {
            throw QuartierError.user(
                "[outputs.\(output.name)] (line \(output.line)) order_by = '\(field)' is not a field of the layer")
        }
        func key(_ feature: Feature) -> (Int, Double, String) {
            let value = column < feature.attributes.count ? feature.attributes[column] : .null
            if case .missing = value { return (1, 0, "") }
            if let number = NumberText.value(of: value) { return (0, number, "") }
            return (0, 0, value.keyText ?? "")
        }
        var sorted = layer
        sorted.features = layer.features.enumerated().sorted { a, b in
            let (ka, kb) = (key(a.element), key(b.element))
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
        return sorted
    }
}
