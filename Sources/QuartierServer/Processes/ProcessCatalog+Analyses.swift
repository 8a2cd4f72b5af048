import Foundation
import QuartierService

extension CommandProcesses {
    static let hotspots = ProcessDefinition(
        CommandInterface.hotspots,
        outputs: [
            result("The areas with GiZScore, GiPValue, Gi_Bin, LMiIndex, LMiZScore, LMiPValue, COType, state"),
            ProcessOutput("summary", mediaType: "application/json", "Global statistics (Moran, Geary, General G) and counts."),
            ProcessOutput("timings", mediaType: "application/json", "Step timings."),
        ]
    ) { inputs, context in
        if inputs.number("fdr") != nil, inputs.bool("bonferroni") == true {
            throw InputError("use either fdr or bonferroni, not both")
        }
        let declared = CommandInterface.hotspots
        var spec = HotspotSpec()
        spec.field = inputs.string("field")
        spec.field2 = inputs.string("field2")
        spec.events = inputs.string("events")
        spec.population = inputs.string("population")
        spec.weights = try WeightsKind.parse(inputs.string("weights") ?? declared.defaultString("weights"))
        spec.weightsFile = inputs.file("weights-file")
        spec.transform = try WeightsTransform.parse(inputs.string("transform") ?? declared.defaultString("transform"))
        spec.snap = inputs.number("snap") ?? declared.defaultNumber("snap")
        spec.islands = try IslandPolicy.parse(inputs.string("islands") ?? declared.defaultString("islands"))
        spec.permutations = inputs.integer("permutations") ?? declared.defaultInteger("permutations")
        if let seed = inputs.integer("seed") {
            guard let value = UInt64(exactly: seed) else { throw InputError("input 'seed' must be 0 or more") }
            spec.seed = value
        }
        spec.alpha = inputs.number("alpha") ?? declared.defaultNumber("alpha")
        spec.correction = inputs.number("fdr").map { .fdr($0) } ?? (inputs.bool("bonferroni") == true ? .bonferroni : .none)
        spec.threads = inputs.integer("threads")
        var options = HotspotCommandOptions(
            areas: try inputs.required(inputs.file("areas"), "areas"), layer: inputs.string("layer"),
            id: try inputs.required(inputs.string("id"), "id"), crs: inputs.string("crs"),
            out: context.path(inputs.string("out") ?? declared.asProcess.defaultString("out")), summary: context.path("summary.json"),
            timings: context.path("timings.json"))
        options.keep = CommandInterface.keptFields(inputs.string("keep"))
        _ = try HotspotCommand.run(options, spec: spec, logger: context.logger)
    }

    static let run = ProcessDefinition(
        CommandInterface.run,
        outputs: [
            ProcessOutput("outputs", mediaType: "application/geo+json", "The analysis's declared outputs (<output>.<format>)."),
            ProcessOutput("manifest", mediaType: "application/json", "manifest.json: inputs, hashes, versions, reports."),
            ProcessOutput("timings", mediaType: "application/json", "Step timings."),
        ]
    ) { inputs, context in
        try runAnalysis(inputs, context, requirePublish: false)
    }

    static let publish = ProcessDefinition(
        CommandInterface.publish,
        outputs: [
            ProcessOutput("outputs", mediaType: "application/geo+json", "The published files (<name>.geojson, .gpkg, .csv, "
                + "tiles.pmtiles, tilejson.json, style.json, style-qgis-<layer>.json)."),
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
        var options = RunOptions(
            outputFolder: context.folder, timingsPath: context.path("timings.json"), crsOverride: inputs.string("crs"),
            showProgress: false)
        options.observationStore = context.observationStore
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
