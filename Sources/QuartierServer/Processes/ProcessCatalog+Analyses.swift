import Foundation
import QuartierService

extension CommandProcesses {
    static let hotspots = ProcessDefinition(
        id: "hotspots", title: "Exclusion hotspots",
        description: "quartier hotspots: spatial weights, global Moran's I, Geary's C, General G, local Gi* and Moran (LISA) with permutations.",
        inputs: areaInputs + [
            ProcessInput("field", .string, "The variable."),
            ProcessInput("field2", .string, "Second variable for the bivariate local Moran."),
            ProcessInput("events", .string, "Event counts: the statistics run on the Empirical-Bayes standardised rate."),
            ProcessInput("population", .string, "Population counts for events."),
            ProcessInput("weights", .string, default: .string("queen"),
                "queen, rook, knn:K, distance:METRES, idw:METRES[:ALPHA], kernel:gaussian:METRES, kernel:bisquare:K."),
            ProcessInput("weights-file", .file, "Read the weights from a GeoDa GAL or GWT file in the data folder."),
            ProcessInput("transform", .choice(["R", "B"]), default: .string("R"), "R (row-standardised) or B (binary)."),
            ProcessInput("snap", .number, default: .number(0), "Snapping tolerance for contiguity, in CRS units."),
            ProcessInput("islands", .choice(["keep", "nearest"]), default: .string("keep"),
                "keep (state isolated) or nearest (connect each island to its nearest area)."),
            ProcessInput("permutations", .integer, default: .number(999), "Permutations for pseudo p-values."),
            ProcessInput("seed", .integer, default: .number(12345), "Random seed (the same seed gives the same output)."),
            ProcessInput("alpha", .number, default: .number(0.05), "Significance level."),
            ProcessInput("fdr", .number, "Benjamini–Hochberg false discovery rate Q for the local statistics."),
            ProcessInput("bonferroni", .boolean, default: .bool(false), "Bonferroni correction for the local statistics."),
            ProcessInput("threads", .integer, "Threads for the permutations (default: all cores)."),
            vectorOut("hotspots"),
        ],
        outputs: [
            result("The areas with GiZScore, GiPValue, Gi_Bin, LMiIndex, LMiZScore, LMiPValue, COType, state"),
            ProcessOutput("summary", mediaType: "application/json", "Global statistics (Moran, Geary, General G) and counts."),
            ProcessOutput("timings", mediaType: "application/json", "Step timings."),
        ]
    ) { inputs, context in
        if inputs.number("fdr") != nil, inputs.bool("bonferroni") == true {
            throw InputError("use either fdr or bonferroni, not both")
        }
        var spec = HotspotSpec()
        spec.field = inputs.string("field")
        spec.field2 = inputs.string("field2")
        spec.events = inputs.string("events")
        spec.population = inputs.string("population")
        spec.weights = try WeightsKind.parse(inputs.string("weights") ?? "queen")
        spec.weightsFile = inputs.file("weights-file")
        spec.transform = try WeightsTransform.parse(inputs.string("transform") ?? "R")
        spec.snap = inputs.number("snap") ?? 0
        spec.islands = try IslandPolicy.parse(inputs.string("islands") ?? "keep")
        spec.permutations = inputs.integer("permutations") ?? 999
        if let seed = inputs.integer("seed") {
            guard let value = UInt64(exactly: seed) else { throw InputError("input 'seed' must be 0 or more") }
            spec.seed = value
        }
        spec.alpha = inputs.number("alpha") ?? 0.05
        spec.correction = inputs.number("fdr").map { .fdr($0) } ?? (inputs.bool("bonferroni") == true ? .bonferroni : .none)
        spec.threads = inputs.integer("threads")
        let options = HotspotCommandOptions(
            areas: try inputs.required(inputs.file("areas"), "areas"), layer: inputs.string("layer"),
            id: try inputs.required(inputs.string("id"), "id"), crs: inputs.string("crs"),
            out: context.path(inputs.string("out") ?? "hotspots.geojson"), summary: context.path("summary.json"),
            timings: context.path("timings.json"))
        _ = try HotspotCommand.run(options, spec: spec, logger: context.logger)
    }

    static let run = ProcessDefinition(
        id: "run", title: "Run an analysis file",
        description: "quartier run: runs an analysis file from the data folder and writes its declared outputs and manifest.json.",
        inputs: [
            ProcessInput("file", .file, required: true, "The analysis file (TOML), in the data folder; its inputs must be there too."),
            ProcessInput("crs", .string, "Assume this CRS (EPSG:…) for the area input instead of the declared one."),
        ],
        outputs: [
            ProcessOutput("outputs", mediaType: "application/geo+json", "The analysis's declared outputs (<output>.<format>)."),
            ProcessOutput("manifest", mediaType: "application/json", "manifest.json: inputs, hashes, versions, reports."),
            ProcessOutput("timings", mediaType: "application/json", "Step timings."),
        ]
    ) { inputs, context in
        try runAnalysis(inputs, context, requirePublish: false)
    }

    static let publish = ProcessDefinition(
        id: "publish", title: "Publish an analysis",
        description: "Runs an analysis file that has a [publish] section: small counts suppressed in every output, "
            + "GeoJSON, GeoPackage with QGIS styles, CSV, tiles.pmtiles, tilejson.json, style.json and manifest.json. "
            + "Its results are public.",
        inputs: [
            ProcessInput("file", .file, required: true, "The analysis file (TOML) with [publish], in the data folder."),
            ProcessInput("crs", .string, "Assume this CRS (EPSG:…) for the area input instead of the declared one."),
        ],
        outputs: [
            ProcessOutput("outputs", mediaType: "application/geo+json", "The published files (<name>.geojson, .gpkg, .csv, "
                + "tiles.pmtiles, tilejson.json, style.json)."),
            ProcessOutput("manifest", mediaType: "application/json", "manifest.json: inputs, hashes, versions, reports."),
            ProcessOutput("timings", mediaType: "application/json", "Step timings."),
        ],
        publishesResults: true
    ) { inputs, context in
        try runAnalysis(inputs, context, requirePublish: true)
    }

    /// The analysis file of the `file` input, run into the job's folder (`run` and `publish`); with
    /// `requirePublish`, a file without `[publish]` is refused.
    static func runAnalysis(_ inputs: ProcessInputs, _ context: JobContext, requirePublish: Bool) throws {
        let file = try inputs.required(inputs.file("file"), "file")
        // Before the analysis file's reader opens anything it names (its catalogue is read while it is loaded).
        try AnalysisPaths.check(analysisFile: file, in: inputs.dataFolder)
        let analysis = try AnalysisFile.load(file)
        if requirePublish && analysis.publish == nil {
            throw InputError("the analysis file has no [publish] section; use the process 'run' for unpublished results")
        }
        try checkInsideDataFolder(analysis, inputs.dataFolder)
        let options = RunOptions(
            outputFolder: context.folder, timingsPath: context.path("timings.json"), crsOverride: inputs.string("crs"),
            showProgress: false)
        _ = try AnalysisRunner(analysis: analysis, options: options, logger: context.logger).run()
    }

    /// An analysis run through the server reads files in the data folder only and writes into the job's folder
    /// only: connection strings, inputs elsewhere, and hotspot weights files are refused.
    static func checkInsideDataFolder(_ analysis: AnalysisFile, _ folder: DataFolder) throws {
        for input in analysis.inputs {
            guard input.source.hasPrefix("/"), folder.contains(input.source) else {
                throw InputError(
                    "input '\(input.name)' of the analysis file reads '\(input.sourceAsWritten)', which is not a file in the "
                        + "data folder; the server runs analyses on files in the data folder only")
            }
        }
        if analysis.steps.hotspots.contains(where: { $0.weightsFile != nil || $0.saveWeights != nil }) {
            throw InputError("weights_file and save_weights are not allowed in analyses run by the server")
        }
    }
}
