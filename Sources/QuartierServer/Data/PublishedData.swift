import Foundation
package import Logging
import QuartierGDAL

/// The results of the published analyses (`[analyses] publish`) as the data the server offers: every
/// GeoPackage layer (and every GeoJSON file without a GeoPackage twin) of each analysis's latest successful
/// job as a feature collection, every PMTiles archive as a tileset, and the job's `style.json` as a style.
/// Loaded into memory once per job; which job is latest is checked at most once a second, so new results are
/// served (under new tile versions) within a second of their job finishing.
package final class PublishedData: Sendable {
    struct Snapshot: Sendable {
        /// Analysis file → the job whose results are loaded.
        var jobs: [String: String] = [:]
        var collections: [FeatureCollectionData] = []
        var tilesets: [String: Tileset] = [:]
        /// Style id (the analysis file's name without `.toml`) → the job and its `style.json`.
        var styles: [String: (job: String, file: String)] = [:]

        func collection(_ id: String) -> FeatureCollectionData? { collections.first { $0.id == id } }
        /// Names the loaded jobs: part of every ETag of the documents made from them.
        var version: String { jobs.values.sorted().joined(separator: ",") }
    }

    let store: JobStore
    let files: [String]
    let logger: Logger
    private let state = Locked<(snapshot: Snapshot, checked: ContinuousClock.Instant?)>((Snapshot(), nil))
    private let loader = Loader()

    init(store: JobStore, files: [String], logger: Logger) {
        self.store = store
        self.files = files
        self.logger = logger
    }

    /// The data of the latest successful jobs (loading them when they changed).
    func current() async throws -> Snapshot {
        let (snapshot, checked) = state.withLock { $0 }
        if let checked, ContinuousClock.now - checked < .seconds(1) { return snapshot }
        return try await loader.refresh(self)
    }

    /// The loaded data when it was checked less than a second ago, else nil (without waiting: for the tile fast
    /// path on the event loop, which leaves the refresh to the router's routes).
    func fresh() -> Snapshot? {
        let (snapshot, checked) = state.withLock { $0 }
        guard let checked, ContinuousClock.now - checked < .seconds(1) else { return nil }
        return snapshot
    }

    /// Serialises refreshes: one request loads new results while the others wait for them.
    private actor Loader {
        func refresh(_ data: PublishedData) async throws -> Snapshot {
            let (snapshot, checked) = data.state.withLock { $0 }
            if let checked, ContinuousClock.now - checked < .seconds(1) { return snapshot }
            var jobs: [(file: String, job: JobRecord)] = []
            for file in data.files {
                if let job = try data.store.latestJob(origin: PublishedAnalyses.origin(file)), job.status == .successful {
                    jobs.append((file, job))
                } else if let id = snapshot.jobs[file], let job = try data.store.job(id), job.status == .successful {
                    jobs.append((file, job))  // a newer run failed or runs: keep serving the last good one
                }
            }
            let ids = Dictionary(uniqueKeysWithValues: jobs.map { ($0.file, $0.job.id) })
            guard ids != snapshot.jobs else {
                data.state.withLock { $0.checked = .now }
                return snapshot
            }
            let folders = jobs.map { (file: $0.file, id: $0.job.id, folder: data.store.folder(of: $0.job.id), outputs: $0.job.outputFiles) }
            let logger = data.logger
            let loaded = try await JobOutputs.onThread { try PublishedData.load(folders, logger: logger) }.get()
            data.state.withLock { $0 = (loaded, .now) }
            logger.notice("serving published results of job(s) \(ids.values.sorted().joined(separator: ", ")): \(loaded.collections.count) collection(s), \(loaded.tilesets.count) tileset(s)")
            return loaded
        }
    }

    /// Reads the collections, tilesets and styles of the given jobs; the first of equal ids wins (logged).
    static func load(
        _ jobs: [(file: String, id: String, folder: String, outputs: [String])], logger: Logger
    ) throws -> Snapshot {
        var snapshot = Snapshot()
        for job in jobs {
            snapshot.jobs[job.file] = job.id
            let top = job.outputs.filter { !$0.contains("/") }
            let stems = Set(top.filter { $0.hasSuffix(".gpkg") }.map { ($0 as NSString).deletingPathExtension })
            let candidates = idCandidates(manifest: (job.folder as NSString).appendingPathComponent("manifest.json"))
            for name in top {
                let path = (job.folder as NSString).appendingPathComponent(name)
                let stem = safeID((name as NSString).deletingPathExtension)
                switch (name as NSString).pathExtension.lowercased() {
                case "gpkg", "geojson":
                    if name.lowercased().hasSuffix(".geojson"), stems.contains(stem) { continue }
                    let dataset = try Dataset(opening: path)
                    // Layers with features only: not a GeoPackage's `layer_styles` (QGIS styles) table.
                    let layers = dataset.layers().filter { $0.name != "layer_styles" && $0.geometryTypeName != "None" }
                    for layer in layers {
                        let id = layers.count == 1 ? stem : safeID(stem + "_" + layer.name)
                        guard snapshot.collection(id) == nil else {
                            logger.warning("collection '\(id)' of job \(job.id) is hidden by an earlier one of the same name")
                            continue
                        }
                        snapshot.collections.append(try FeatureCollectionData(id: id, file: name, layer: layer, idCandidates: candidates))
                    }
                case "pmtiles", "mbtiles":
                    guard snapshot.tilesets[stem] == nil else {
                        logger.warning("tileset '\(stem)' of job \(job.id) is hidden by an earlier one of the same name")
                        continue
                    }
                    snapshot.tilesets[stem] = try Tileset(id: stem, file: path)
                case "json" where name == "style.json":
                    let id = safeID(((job.file as NSString).lastPathComponent as NSString).deletingPathExtension)
                    if snapshot.styles[id] == nil { snapshot.styles[id] = (job.id, path) }
                default: continue
                }
            }
        }
        return snapshot
    }

    /// Ids are letters, digits, `_` and `-` (anything else becomes `_`), so that they are safe in URLs.
    static func safeID(_ text: String) -> String {
        String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") ? $0 : "_" })
    }

    /// The id fields of the analysis's inputs (every `"id"` string in its manifest), then common names.
    static func idCandidates(manifest path: String) -> [String] {
        var found: [String] = []
        func collect(_ value: JSONValue) {
            switch value {
            case .object(let object):
                if case .string(let id)? = object["id"], !found.contains(id) { found.append(id) }
                for key in object.keys.sorted() { collect(object[key] ?? .null) }
            case .array(let list): list.forEach(collect)
            default: break
            }
        }
        if let data = FileManager.default.contents(atPath: path), let manifest = try? JSONDecoder().decode(JSONValue.self, from: data) {
            collect(manifest)
        }
        return found + ["id", "ID", "fid"]
    }
}
