import Foundation
import Logging
import QuartierModel
import QuartierService

/// The results of the published analyses (`[analyses] publish`) as the data the server offers: every
/// GeoPackage layer (and every GeoJSON file without a GeoPackage twin) of each analysis's latest successful
/// job as a feature collection, every PMTiles archive as a tileset, the job's `style.json` as a style, and,
/// once an analysis has a previous successful job, the change of its hotspot classes as a collection
/// (`PublishedData+Diff`). Loaded into memory once per job; which job is latest is checked at most once a
/// second, so new results are served (under new tile versions) within a second of their job finishing (plus
/// the time to load them). Every request reads one `Snapshot`, and a new one replaces the old in one step: an
/// answer is wholly from one version, and once an answer from the new version has been given, no answer
/// comes from the old one. While new results load, other requests are answered from the snapshot in service.
package final class PublishedData: Sendable {
    struct Snapshot: Sendable {
        /// Analysis file → the job whose results are loaded.
        var jobs: [String: String] = [:]
        /// Analysis file → the successful job before it (the previous version), when there is one.
        var previous: [String: String] = [:]
        var collections: [FeatureCollectionData] = []
        var tilesets: [String: Tileset] = [:]
        /// Analysis file → the disclosure audit of its job's public files (`PublicAudit`), as `/analyses` shows it.
        var audits: [String: JSONValue] = [:]
        /// Tileset id → its tier (`OutputTier`, from the manifest).
        var tilesetTiers: [String: OutputTier] = [:]
        /// Style id (the analysis file's name without `.toml`; `<analysis>-qgis-<field>` for a QGIS style) → the
        /// job, its `style.json` (or `style-qgis-<field>.json`) and the style's tier.
        var styles: [String: (job: String, file: String, tier: OutputTier)] = [:]
        /// Analysis id (as for styles) → the job, its folder and the public files of its static atlas (`atlas/…`).
        var atlases: [String: (job: String, folder: String, files: [String])] = [:]
        /// Collection id → the `[[series]]` tables of its job keyed by its id field (`PublishedSeries`).
        var series: [String: [PublishedSeries]] = [:]
        /// Analysis id (`analysisID`) → the goal summaries of its job (`reports.series[].goals` of the manifest, each
        /// with its `series`), as `/analyses/{analysis}/goals` answers them; internal (computed from the series).
        var goals: [String: [JSONValue]] = [:]

        func collection(_ id: String) -> FeatureCollectionData? { collections.first { $0.id == id } }
        /// The tier of a tileset (internal when unknown).
        func tier(ofTileset id: String) -> OutputTier { tilesetTiers[id] ?? .internal }
        /// Names the loaded jobs (and the previous versions the diffs compare with): part of every ETag of the
        /// documents made from them.
        var version: String {
            (jobs.values.sorted() + previous.values.sorted().map { "previous:" + $0 }).joined(separator: ",")
        }
    }

    /// A successful job whose outputs are (or may be) loaded.
    struct Run: Sendable {
        var id: String
        var folder: String
        var outputs: [String]
    }

    let store: JobStore
    let files: [String]
    let logger: Logger
    /// The snapshot in service, and when the store was last checked for newer jobs (nil: never, nothing loaded).
    private let state = Locked<(snapshot: Snapshot, checked: ContinuousClock.Instant?)>((Snapshot(), nil))
    /// Whether a refresh is under way (set before it reads the store, cleared after the new snapshot is in
    /// service): a request that reads the old state meanwhile is answered from the old snapshot.
    private let refreshing = Locked(false)
    private let loader = Loader()

    init(store: JobStore, files: [String], logger: Logger) {
        self.store = store
        self.files = files
        self.logger = logger
    }

    /// The data of the latest successful jobs (loading them when they changed).
    func current() async throws -> Snapshot {
        // Checked within the last second, or being refreshed by another request: the snapshot in service.
        if let snapshot = fresh() { return snapshot }
        // The server's own published results failing to load is an internal failure (HTTP 500), whatever the
        // kind of the error underneath (a GDALError of a published file is bad input only to `quartier run`).
        return try await ContextError.adding("published results", kind: .internalFailure) {
            try await loader.refresh(self)
        }
    }

    /// Makes the next request check the store (a published job was dismissed: its results leave service at once,
    /// not within the second `current()` otherwise trusts its snapshot).
    func invalidate() {
        state.withLock { $0.checked = nil }
    }

    /// The snapshot `current()` would answer with at once (checked within the last second, or being refreshed),
    /// else nil — without waiting or refreshing: for the tile fast path on the event loop, which leaves the
    /// refresh to the router's routes.
    func fresh() -> Snapshot? {
        let (snapshot, checked) = state.withLock { $0 }
        guard let checked, ContinuousClock.now - checked < .seconds(1) || refreshing.withLock({ $0 }) else { return nil }
        return snapshot
    }

    /// Serialises refreshes: one request loads new results; the others are answered from the snapshot in
    /// service meanwhile, or wait when there is none yet (the first load).
    private actor Loader {
        func refresh(_ data: PublishedData) async throws -> Snapshot {
            let (snapshot, checked) = data.state.withLock { $0 }
            if let checked, ContinuousClock.now - checked < .seconds(1) { return snapshot }
            data.refreshing.withLock { $0 = true }
            defer { data.refreshing.withLock { $0 = false } }
            var jobs: [(file: String, current: Run, previous: Run?)] = []
            for file in data.files {
                // The latest successful job; a newer one that failed or still runs leaves it in service.
                let runs = try data.store.latestSuccessfulJobs(origin: PublishedAnalyses.origin(file), limit: 2).map {
                    Run(id: $0.id, folder: data.store.folder(of: $0.id), outputs: $0.outputFiles)
                }
                if let current = runs.first { jobs.append((file, current, runs.dropFirst().first)) }
            }
            let ids = Dictionary(uniqueKeysWithValues: jobs.map { ($0.file, $0.current.id) })
            let previous = Dictionary(
                uniqueKeysWithValues: jobs.compactMap { job in job.previous.map { (job.file, $0.id) } })
            guard ids != snapshot.jobs || previous != snapshot.previous else {
                data.state.withLock { $0.checked = .now }
                return snapshot
            }
            let logger = data.logger
            let loaded = try await JobOutputs.onThread { [jobs] in try PublishedData.load(jobs, logger: logger) }.get()
            data.state.withLock { $0 = (loaded, .now) }
            logger.notice("serving published results of job(s) \(ids.values.sorted().joined(separator: ", ")): \(loaded.collections.count) collection(s), \(loaded.tilesets.count) tileset(s)")
            return loaded
        }
    }

    /// Reads the collections, tilesets and styles of the given jobs, and the hotspot diffs of those with a
    /// previous version; the first of equal ids wins (logged).
    static func load(_ jobs: [(file: String, current: Run, previous: Run?)], logger: Logger) throws -> Snapshot {
        var snapshot = Snapshot()
        for (file, job, previous) in jobs {
            snapshot.jobs[file] = job.id
            snapshot.previous[file] = previous?.id
            let first = snapshot.collections.count
            // What each output is comes from the job's manifest (OutputCatalogue), not from names or sizes.
            let catalogue = try OutputCatalogue(folder: job.folder, files: job.outputs)
            for entry in catalogue.layers {
                let stem = safeID((entry.path as NSString).deletingPathExtension)
                let layers = try catalogue.read(entry)
                for layer in layers {
                    let id = layers.count == 1 ? stem : safeID(stem + "_" + layer.name)
                    guard snapshot.collection(id) == nil else {
                        logger.warning("collection '\(id)' of job \(job.id) is hidden by an earlier one of the same name")
                        continue
                    }
                    snapshot.collections.append(
                        try FeatureCollectionData(
                            id: id, file: entry.path, layer: layer, idField: entry.idField,
                            idCandidates: catalogue.idCandidates, tier: entry.effectiveTier))
                }
            }
            if let database = catalogue.database {
                // Tables in PostGIS: described by the manifest, queried per request (a database that is down answers
                // 503 for them alone, when they are asked for).
                let pool = DatabaseSource.pool(for: database.connection)
                for table in database.tables {
                    let id = safeID(table.table)
                    guard snapshot.collection(id) == nil else {
                        logger.warning(
                            "collection '\(id)' (\(table.qualifiedName)) of job \(job.id) is hidden by an earlier one of the same name")
                        continue
                    }
                    var source = DatabaseSource(
                        pool: pool, schema: table.schema, table: table.table, key: table.idField,
                        geometryColumn: table.geometryColumn, columns: table.columns ?? [], epsg: table.epsg)
                    source.lonLatColumn = table.lonLatColumn
                    snapshot.collections.append(try FeatureCollectionData(id: id, table: table, source: source))
                }
            }
            do {
                // A run that suppressed small counts serves only its public series (suppressed step by step); the
                // internal tables hold the values before suppression.
                let entries = catalogue.seriesTables.filter { !catalogue.suppressed || $0.effectiveTier == .public }
                let tables = try entries.map { try PublishedSeries(entry: $0, catalogue: catalogue) }
                for collection in snapshot.collections[first...] {
                    let matching = tables.filter { $0.idField == collection.idField }
                    if !matching.isEmpty { snapshot.series[collection.id] = matching }
                }
            }
            for entry in catalogue.tilesets {
                let stem = safeID((entry.path as NSString).deletingPathExtension)
                guard snapshot.tilesets[stem] == nil else {
                    logger.warning("tileset '\(stem)' of job \(job.id) is hidden by an earlier one of the same name")
                    continue
                }
                snapshot.tilesets[stem] = try Tileset(id: stem, file: catalogue.path(of: entry))
                snapshot.tilesetTiers[stem] = entry.effectiveTier
            }
            if let style = catalogue.style {
                let id = analysisID(file)
                if snapshot.styles[id] == nil {
                    snapshot.styles[id] = (job.id, catalogue.path(of: style), style.effectiveTier)
                }
            }
            // `style-qgis-<field>.json` as `/styles/<analysis>-qgis-<field>.json`: a URL that stays when a new job
            // replaces the served one (a QGIS connection keeps its style URL).
            for entry in catalogue.qgisStyles {
                let name = (entry.path as NSString).deletingPathExtension
                guard name.hasPrefix("style-qgis-") else { continue }
                let id = safeID(analysisID(file) + "-" + name.dropFirst("style-".count))
                if snapshot.styles[id] == nil {
                    snapshot.styles[id] = (job.id, catalogue.path(of: entry), entry.effectiveTier)
                }
            }
            if !catalogue.atlasFiles.isEmpty, catalogue.style?.effectiveTier == .public {
                let id = analysisID(file)
                if snapshot.atlases[id] == nil {
                    snapshot.atlases[id] = (
                        job.id, (job.folder as NSString).appendingPathComponent("atlas"), catalogue.atlasFiles
                    )
                }
            }
            snapshot.audits[file] = audit(folder: job.folder, logger: logger)
            snapshot.goals[analysisID(file)] = goals(folder: job.folder)
            if let previous {
                let current = Array(snapshot.collections[first...])
                let diffs = diffCollections(
                    file: file, current: (job.id, catalogue, current), previous: previous, logger: logger)
                for diff in diffs {
                    guard snapshot.collection(diff.id) == nil else {
                        logger.warning("hotspot diff '\(diff.id)' of job \(job.id) is hidden by a collection of the same name")
                        continue
                    }
                    snapshot.collections.append(diff)
                }
            }
        }
        return snapshot
    }

    /// The goal summaries of a job's manifest (`reports.series[].goals`), each with the name of its series; empty
    /// when the manifest has none (or cannot be read).
    static func goals(folder: String) -> [JSONValue] {
        let path = (folder as NSString).appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: path),
            case .object(let manifest)? = try? JSONDecoder().decode(JSONValue.self, from: data),
            case .object(let reports)? = manifest["reports"], case .array(let series)? = reports["series"]
        else { return [] }
        return series.flatMap { report -> [JSONValue] in
            guard case .object(let object) = report, case .array(let goals)? = object["goals"] else { return [] }
            return goals.map { goal in
                guard case .object(var fields) = goal else { return goal }
                fields["series"] = object["name"] ?? .null
                return .object(fields)
            }
        }
    }

    /// The public audit of a job's folder as a document: the report, or why there is none (no suppression declared,
    /// or an error, logged by the caller's snapshot only as this text).
    static func audit(folder: String, logger: Logger) -> JSONValue {
        // Server paths stay out of the document (the report's folder, the messages naming manifest.json).
        do {
            let report = try PublicAudit.run(folder: folder)
            guard case .object(var document) = try JSONDecoder().decode(JSONValue.self, from: try FileSupport.json(report))
            else { return .null }
            document["folder"] = nil
            return .object(document)
        } catch let error as QuartierError where error.message.contains("no 'disclosure' record") {
            return .object(["passed": .null, "detail": .string("no audit: the analysis declares no [publish.suppression]")])
        } catch {
            logger.error("the disclosure audit of \(folder) could not run: \(error)")
            return .object(["passed": .null, "detail": .string("the audit could not run; the server log has the details")])
        }
    }

    /// The id an analysis file gives its style and diff: the file's name without `.toml`, made safe.
    static func analysisID(_ file: String) -> String {
        safeID(((file as NSString).lastPathComponent as NSString).deletingPathExtension)
    }

    /// Ids are letters, digits, `_` and `-` (anything else becomes `_`), so that they are safe in URLs.
    static func safeID(_ text: String) -> String {
        String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") ? $0 : "_" })
    }

    /// The id fields of the analysis's inputs (every `"id"` string in its manifest), then common names.
    static func idCandidates(manifest path: String) -> [String] {
        OutputCatalogue.idCandidates(manifest: path)
    }
}
