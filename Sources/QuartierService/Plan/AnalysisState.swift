import Logging
import QuartierDisclosure
import QuartierGDAL
import QuartierModel
import QuartierTiles

/// A roll-up level of a run: its layer, its key field, and each area's parent key (nil: in no parent), the
/// structure secondary suppression protects across levels.
struct RolledUpLayer {
    var layer: FeatureLayer
    var key: String
    var memberships: [String?]
    /// Weighted means of the level: field → its weight fields (`[[rollup]] weighted`).
    var weighted: [String: [String]] = [:]
    /// The fields summed over the members (`[[rollup]] sums` and every count).
    var sums: [String] = []
    /// The parents' names, taken from the parent input after the key (`RollUpStep.withNames`), when it has them.
    var nameField: String? = nil
}

/// The grid's cells and the areas' population-weighted centroids, as the `[grid]` step leaves them for the access
/// steps (origins `grid` and `weighted_centroids`).
struct GridOrigins {
    /// Cell centres in the working CRS, and each cell's weight (NaN when missing).
    var cells: [Coordinate]
    var cellWeights: [Double]
    /// Per area: the weighted centroid (NaN coordinates without weight) and the area's summed weight (NaN when
    /// it has none).
    var areaCentroids: [Coordinate]
    var areaWeights: [Double]
    /// The areas' field holding each area's summed cell weight (what access demand from the grid derives from).
    var weightField: String
}

/// The typed state the steps of a plan read and extend: the areas and their roll-ups, the grid, what each field
/// means, the inputs read, the reports, and — once suppression has run — the values before suppression.
struct AnalysisState {
    let context: PlanContext
    var areas: FeatureLayer
    /// Roll-up levels by name.
    var rollups: [String: RolledUpLayer] = [:]
    var grid: GridOrigins?
    /// The `[[series]]` on the current areas, by name (read by `[[emerging]]`).
    var series: [String: SeriesData] = [:]
    /// The `[[series]]` with `tier = "public"` as suppression left them, by name (`SeriesSuppression`).
    var publicSeries: [String: SeriesSuppression.Result] = [:]
    /// Crosswalks built for a series, by geography, carrying, minimum overlap and coverage: two series on
    /// one older geography share one.
    var crosswalks: [String: (Crosswalk, CrosswalkReport)] = [:]
    /// The older geographies read for `[[series]]` (boundaries in the working CRS with their keys), by input name.
    var geographies: [String: CrosswalkBuilder.Geography] = [:]
    /// What each field of the areas means (fields not named here are plain values).
    var roles: [String: FieldRole] = [:]
    /// The units the joins' tables report only together (joins by name with aliases): the roll-ups add each to
    /// the parent its members share, suppression protects each as a cell. Their values are written nowhere.
    var mergedUnits: [MergedUnit] = []
    /// Count fields in the order the steps added them: summed in roll-ups.
    var countFields: [String] = []
    /// Hotspot fields per `[[hotspots]]` step (its `Gi_Bin` field and its `state` field).
    var hotspotFields: [Manifest.HotspotFields] = []
    /// Lineage: each computed field → the fields of the areas it is computed from. Suppression follows it, so
    /// that every value derived from a suppressed one is suppressed without a hand-written list.
    var lineage: [String: [String]] = [:]
    /// The fields whose value in one area depends on other areas' values too (an index standardised over the
    /// areas, hotspot statistics, the underserved ranking): `[publish]` recomputes them from the public values.
    var acrossAreaFields: [String] = []
    var inputRefs: [Manifest.InputRef] = []
    /// The count fields made by counting each input's records (`[[count]]`, `[[observations]]`): when one of them is
    /// protected, the number of the input's records is their total and stays out of the public manifest.
    var countSources: [String: [String]] = [:]
    var reports = StepReports()
    /// The areas and roll-ups before suppression, once `[publish]` has suppressed small counts.
    var unsuppressed: (areas: FeatureLayer, rollups: [String: RolledUpLayer])?
    var suppression: [SuppressionRule.Report] = []
    var audits: [DisclosureAudit.Report] = []
    /// The levels and memberships the public audit needs (`manifest.json` `disclosure`).
    var disclosure: DisclosureRecord?
    /// The count fields of `[[observations]]`, which `[publish]` protects like its declared counts (issue 22).
    var observationCounts: [String] = []
    /// What `manifest.json` says about each `[[observations]]` step.
    var observations: [ObservationsRecord] = []
    /// The tile archives written (`quartier tiles`).
    var tileArchives: [(tiles: TileBuilder.Report, archive: TileArchiveReport)] = []
    private var index: PolygonIndex?

    init(context: PlanContext, areas: FeatureLayer) {
        self.context = context
        self.areas = areas
        roles[context.idField] = .id
    }

    /// The spatial index of the areas' polygons, built once (steps add columns, never change geometries).
    mutating func areaIndex() -> PolygonIndex {
        if let index { return index }
        let built = PolygonIndex(areas.features.map(\.geometry))
        index = built
        return built
    }

    /// A layer of the run and its key field: the one place a `LayerRef` is resolved.
    func layer(_ ref: LayerRef) throws -> (layer: FeatureLayer, key: String) {
        switch ref {
        case .areas: return (areas, context.idField)
        case .rollup(let name):
            guard let rolled = rollups[name] else {
                throw QuartierError.internal("the roll-up '\(name)' has not run before a step that reads it")
            }
            return (rolled.layer, rolled.key)
        }
    }

    /// Replaces the areas by `body`'s result and records the fields it appended as having `role`, computed from
    /// `sources` (their lineage).
    /// - Parameter acrossAreas: whether an area's new values depend on other areas' values too.
    mutating func extend(
        as role: FieldRole, from sources: [String], acrossAreas: Bool = false,
        _ body: (FeatureLayer) throws -> FeatureLayer
    ) rethrows {
        let before = areas.fields.count
        areas = try body(areas)
        let added = areas.fields[min(before, areas.fields.count)...].map(\.name)
        mark(added, as: role)
        derive(added, from: sources)
        if acrossAreas { acrossAreaFields += added.filter { !acrossAreaFields.contains($0) } }
    }

    /// The lineage source of fields computed from a `[[series]]` table: its values are the delivered ones, never
    /// suppressed, so such fields may not be published (`SuppressionStep`).
    static func seriesSource(_ name: String) -> String { "[[series]] '\(name)'" }

    /// Records that `fields` are computed from `sources`.
    mutating func derive(_ fields: [String], from sources: [String]) {
        for field in fields { lineage[field, default: []] += sources.filter { $0 != field } }
    }

    /// Records that fields were added with a meaning.
    mutating func mark(_ fields: [String], as role: FieldRole) {
        for field in fields { roles[field] = role }
        if role == .count { countFields += fields.filter { !countFields.contains($0) } }
    }

    /// The meaning of each field of a layer as written, for the manifest: the `_status` siblings the writers add
    /// for fields with missing values are `status`; roll-ups share the areas' meanings (their key is `id`).
    /// - Parameter withStatus: whether the writer adds the `_status` siblings (the vector and CSV writers do; the
    ///   tile writer writes the layer's fields as they are).
    /// A rate records its numerator, denominator and scale; a roll-up's weighted mean its weights.
    func fieldRecords(of layer: FeatureLayer, key: String, withStatus: Bool = true) -> [Manifest.FieldRecord] {
        let own = Set(layer.fields.map(\.name))
        let written = withStatus ? layer.withStatusFields(for: layer.fields.map(\.name)) : layer
        let rates = context.analysis?.steps.rates ?? []
        let rollup = rollups.values.first { $0.key == key && key != context.idField }
        return written.fields.map { field in
            let role: FieldRole =
                field.name == key ? .id : own.contains(field.name) ? roles[field.name] ?? .value : .status
            var record = Manifest.FieldRecord(name: field.name, role: role)
            if role == .rate, let rate = rates.first(where: { $0.name == field.name }) {
                (record.numerator, record.denominator, record.scale) = (rate.numerator, rate.denominator, rate.scale)
            }
            if let rollup, own.contains(field.name) {
                if let weights = rollup.weighted[field.name] { record.weights = weights }
                if rollup.sums.contains(field.name) { record.summed = true }
            }
            return record
        }
    }
}

/// What every step of a plan may read and nothing may change: the inputs, the id field, the working CRS, where
/// messages point to, logging, timing and the output sink.
struct PlanContext {
    /// The analysis file, for analysis plans (nil for a single command).
    let analysis: AnalysisFile?
    let inputs: [InputSpec]
    let idField: String
    /// The CRS steps compute in (nil: the areas' own, for single commands).
    let working: SpatialReference?
    let logger: Logger
    let timer: StepTimer
    let progress: ProgressReporter
    /// Where outputs go (nil for single commands, which write their one file themselves).
    let sink: OutputSink?
    /// The opened area input, whose messages name it (unknown fields with a hint).
    let areaSource: InputSource?
    /// The server's observation store (`RunOptions.observationStore`), read by `[[observations]] store = true`.
    var observationStore: String? = nil
    /// The areas' file as the user gave it, for messages that concern both the areas and another input.
    var areasFile: String? = nil

    /// The declared input of this name.
    func input(_ name: String) throws -> InputSpec {
        guard let spec = inputs.first(where: { $0.name == name }) else {
            throw QuartierError.internal("input '\(name)' was not validated")
        }
        return spec
    }

    /// "[[join]] of 'x' (file.toml:12)": where a step is declared, for messages; just the section for commands.
    func place(_ section: String, line: Int) -> String {
        guard let analysis else { return section }
        return "\(section) (\(analysis.path):\(line))"
    }

    /// The sink, which analysis plans always have.
    func outputSink() throws -> OutputSink {
        guard let sink else { throw QuartierError.internal("an output step ran without an output folder") }
        return sink
    }
}

@available(*, unavailable)
extension AnalysisState: Sendable {}
