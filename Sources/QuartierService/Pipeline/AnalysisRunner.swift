import Foundation
package import Logging
import QuartierDisclosure
import QuartierGDAL
import QuartierTiles
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

    package init(outputFolder: String, timingsPath: String? = nil, crsOverride: String? = nil, showProgress: Bool? = nil) {
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

/// Runs an analysis file: load the area input, validate, reproject to the working CRS, write the
/// declared outputs and `manifest.json`. Later steps (joins, statistics, access, tiles) plug in between
/// loading and writing.
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
        let folder = outputSet.staging.path

        guard let spec = analysis.areaInput, let idField = spec.idField else {
            throw QuartierError.internal("the analysis file was not validated (no area input)")
        }
        let working = try timer.measure("crs") { try AnalysisRunner.workingCRS(analysis) }
        let source = try timer.measure("open:\(spec.name)") {
            try InputSource(spec, crsOverride: options.crsOverride, logger: logger)
        }
        let (areas, inputRef) = try timer.measure("read:\(spec.name)") {
            try AreaLoader(source: source, working: working, logger: logger).load { count in
                progress.update("reading \(spec.name): \(count) features")
            }
        }
        progress.finish()
        _ = try source.fieldIndex(idField, in: areas.fields)
        var steps = StepRunner(analysis: analysis, idField: idField, working: working, logger: logger, timer: timer)
        var (enriched, rollups) = try steps.run(areas)
        var suppression: [SuppressionRule.Report] = []
        var audits: [DisclosureAudit.Report] = []
        let (raw, rawRollups) = (enriched, rollups)
        if let publish = analysis.publish {
            let published = publish.layer == "areas" ? enriched : rollups[publish.layer]?.layer ?? enriched
            try Publisher.checkFields(publish, in: published, path: analysis.path)
            // Suppression reaches every layer before anything is written: no output holds a raw small count.
            let rule = publish.suppression
            let derivations = rule.derivations(rates: analysis.steps.rates, hotspots: analysis.steps.hotspots)
            var report: SuppressionRule.Report
            (enriched, report) = rule.apply(to: enriched, derivations: derivations)
            report.layer = "areas"
            suppression.append(report)
            for name in rollups.keys.sorted() {
                guard let (unsuppressed, key) = rollups[name] else { continue }
                let (layer, rolledReport) = rule.apply(to: unsuppressed, derivations: derivations)
                report = rolledReport
                report.layer = name
                rollups[name] = (layer, key)
                suppression.append(report)
            }
            // Secondary suppression across the levels, then the audit: no suppressed count can be recovered by
            // subtracting published siblings from a published parent.
            (enriched, rollups, audits) = try timer.measure("suppression:secondary") {
                try CrossLevelSuppression(rule: rule, derivations: derivations, idField: idField).apply(
                    areas: (raw, enriched), rollups: (rawRollups, rollups), memberships: steps.memberships,
                    reports: &suppression)
            }
        }

        var outputRefs: [Manifest.FileRef] = []
        var outputPaths: [String] = []
        for output in analysis.outputs {
            let (base, key) = output.layer == "areas" ? (enriched, idField) : rollups[output.layer].map { ($0.layer, $0.key) }
                ?? (enriched, idField)
            let layer = try timer.measure("select:\(output.name)") {
                try Self.ordered(try select(output, from: base, key: key, source: source), by: output.orderBy, output: output)
            }
            if output.csv {
                let fileName = "\(output.name).csv"
                let path = URL(fileURLWithPath: folder).appendingPathComponent(fileName).path
                try timer.measure("write:\(fileName)") { try CSVTableWriter.write(layer, to: path, dialect: .excel) }
                outputRefs.append(Manifest.FileRef(path: fileName, sha256: try FileSupport.sha256(ofFile: path)))
                outputPaths.append(path)
            }
            for format in output.formats {
                let fileName = "\(output.name).\(format.fileExtension)"
                let path = URL(fileURLWithPath: folder).appendingPathComponent(fileName).path
                progress.update("writing \(fileName)")
                try timer.measure("write:\(fileName)") {
                    try LayerWriter.write(layer, to: path, format: format, layerName: output.name)
                    if format == .geoJSON {
                        let pairs = layer.fields.compactMap { f in analysis.indicators[f.name].map { (f.name, $0) } }
                        try Publisher.addCatalogue(pairs, toGeoJSON: path)
                    }
                }
                outputRefs.append(Manifest.FileRef(path: fileName, sha256: try FileSupport.sha256(ofFile: path)))
                outputPaths.append(path)
                logger.info("wrote \(path) (\(layer.features.count) features)")
            }
        }
        for profile in analysis.profiles {
            let table = try timer.measure("profile:\(profile.name)") {
                try profile.table(areas: enriched, idField: idField, rollups: rollups, steps: analysis.steps.rollups)
            }
            let fileName = "\(profile.name).csv"
            let path = URL(fileURLWithPath: folder).appendingPathComponent(fileName).path
            try timer.measure("write:\(fileName)") { try CSVTableWriter.write(table, to: path, dialect: .excel) }
            outputRefs.append(Manifest.FileRef(path: fileName, sha256: try FileSupport.sha256(ofFile: path)))
            outputPaths.append(path)
        }
        progress.finish()
        for step in analysis.tiles {
            let (base, key) = step.layer == "areas" ? (enriched, idField) : rollups[step.layer].map { ($0.layer, $0.key) }
                ?? (enriched, idField)
            let lonLat = try Publisher.lonLat(base, from: working)
            let fileName = step.format.fileName(step.name)
            let url = URL(fileURLWithPath: folder).appendingPathComponent(fileName)
            let (report, _) = try TilesCommand.write(
                lonLat, idField: key, name: step.name, minZoom: step.minZoom, maxZoom: step.maxZoom, fields: step.fields,
                to: url, format: step.format, replace: true, timer: timer, shaping: step.shaping)
            logger.info("tiles \(fileName): \(report.tiles) tiles, \(report.substitutedPolygons) polygons at minimal size")
            if step.format != .zxy {
                outputRefs.append(Manifest.FileRef(path: fileName, sha256: try FileSupport.sha256(ofFile: url.path)))
            }
            outputPaths.append(url.path)
        }

        if let publish = analysis.publish {
            let (base, key) = publish.layer == "areas" ? (enriched, idField) : rollups[publish.layer].map { ($0.layer, $0.key) }
                ?? (enriched, idField)
            let publisher = Publisher(
                analysis: analysis, spec: publish, working: working, outputFolder: folder, logger: logger,
                timer: timer)
            progress.update("publishing \(publish.name)")
            var (refs, report) = try publisher.publish(base, idField: key, suppression: suppression)
            report.audit = audits
            outputRefs += refs
            outputPaths += refs.map { URL(fileURLWithPath: folder).appendingPathComponent($0.path).path }
            steps.reports.publish = report
            progress.finish()
        }

        let manifestPath = URL(fileURLWithPath: folder).appendingPathComponent("manifest.json").path
        let manifest = Manifest(
            analysis: Manifest.FileRef(path: analysis.path, sha256: try FileSupport.sha256(ofFile: analysis.path)),
            inputs: [inputRef] + steps.inputRefs, outputs: outputRefs,
            versions: Manifest.Versions(
                quartier: QuartierVersion.current, gdal: GDALRuntime.gdalVersion, proj: GDALRuntime.projVersion),
            parameters: Manifest.Parameters(
                name: analysis.name, workingCRS: analysis.workingCRS, areas: spec.name, idField: idField,
                repair: spec.repair,
                outputs: Dictionary(uniqueKeysWithValues: analysis.outputs.map { ($0.name, $0.formats.map(\.rawValue)) })),
            steps: timer.steps, reports: steps.reports, indicators: analysis.indicators)
        try FileSupport.writeAtomically(try FileSupport.json(manifest), to: manifestPath)
        try outputSet.commit()
        if let timingsPath = options.timingsPath { try timer.write(to: timingsPath) }
        return RunResult(
            outputPaths: outputPaths.map(outputSet.finalPath), reports: steps.reports,
            manifestPath: outputSet.finalPath(of: manifestPath), areaCount: areas.features.count)
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

    /// The output's fields: all, or the id field plus the listed ones, in the listed order.
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

    private func select(_ output: OutputSpec, from layer: FeatureLayer, key idField: String, source: InputSource) throws
        -> FeatureLayer
    {
        guard let wanted = output.fields else { return layer }
        let names = [idField] + wanted.filter { $0 != idField }
        let indexes = try names.map { try source.fieldIndex($0, in: layer.fields) }
        var selected = layer
        selected.fields = indexes.map { layer.fields[$0] }
        selected.features = layer.features.map { feature in
            var copy = feature
            copy.attributes = indexes.map { $0 < feature.attributes.count ? feature.attributes[$0] : .null }
            return copy
        }
        return selected
    }
}
