import Foundation
import HTTPTypes
package import Logging
import QuartierModel
package import QuartierService

/// The server's side of observations: the store, the intake of each published analysis that takes posted records
/// (`[[observations]] store = true`, loaded once with its areas), the re-run of an analysis after new records, and the
/// public summary read from the published files.
package final class ObservationService: Sendable {
    package let store: ObservationStore
    let files: [String]
    let root: String
    let logger: Logger
    private let intakes = Locked<[String: ObservationIntake]>([:])

    package init(stateFolder: String, dataFolder: String, publish: [String], logger: Logger) throws {
        store = try ObservationStore(stateFolder: stateFolder)
        files = publish
        root = dataFolder
        self.logger = logger
    }

    /// The intake of the published analysis named `analysis` (its `[analysis] name` or its file) and its step
    /// `observations` (default: the first with `store = true`).
    /// - Throws: `Problem` 404 when no published analysis takes observations by that name.
    func intake(analysis: String?, observations: String?) async throws -> ObservationIntake {
        let key = "\(analysis ?? "")\u{1}\(observations ?? "")"
        if let cached = intakes.withLock({ $0[key] }) { return cached }
        let (files, root, logger) = (self.files, self.root, self.logger)
        let result = await JobOutputs.onThread { () throws -> ObservationIntake in
            var names: [String] = []
            for file in files {
                let path = (root as NSString).appendingPathComponent(file)
                guard let parsed = try? AnalysisFile.load(path), parsed.observations.contains(where: \.store) else {
                    continue
                }
                names.append(parsed.name)
                guard analysis == nil || analysis == parsed.name || analysis == file else { continue }
                guard observations == nil || parsed.observations.contains(where: { $0.store && $0.name == observations })
                else { continue }
                return try ObservationIntake(analysisFile: path, file: file, observations: observations, logger: logger)
            }
            throw Problem(
                .notFound,
                names.isEmpty
                    ? "no published analysis takes observations ([[observations]] store = true)"
                    : "no published analysis '\(Problem.safe(analysis ?? ""))' takes observations"
                        + (observations.map { " '\(Problem.safe($0))'" } ?? "") + "; these do: "
                        + names.joined(separator: ", "))
        }
        let intake = try result.get()
        intakes.withLock { $0[key] = intake }
        return intake
    }

    /// Queues a run of the analysis unless one already waits (it will read every record stored before it starts).
    /// - Returns: the id of the job that will count the new records, or nil when none could be queued.
    func markForRerun(_ file: String, environment: ServerEnvironment) -> String? {
        let origin = PublishedAnalyses.origin(file)
        if let waiting = try? environment.store.latestJob(origin: origin), waiting.status == .accepted {
            return waiting.id
        }
        guard let process = environment.scheduler.catalog.process("run") else { return nil }
        do {
            let (job, _) = try environment.scheduler.submit(
                process, inputs: ["file": .string(file)], published: true, origin: origin)
            logger.notice("observations received: re-running \(file) as job \(job.id)")
            return job.id
        } catch {
            logger.error("observations received, but \(file) cannot be queued to run again: \(error)")
            return nil
        }
    }

    /// `GET /observations/summary`: per published analysis with observations, its latest published run's
    /// aggregates as its public layers show them (per level and area: the theme counts, shares, mean ratings with
    /// their n, latest dates and the gap flags; a suppressed value is null with its status). Nothing internal is
    /// read: not the records, not their text, not an internal file.
    func summary(_ environment: ServerEnvironment) throws -> JSONValue {
        var analyses: [JSONValue] = []
        for file in files {
            guard let job = try environment.store.latestSuccessfulJobs(origin: PublishedAnalyses.origin(file), limit: 1).first,
                job.published
            else { continue }
            let folder = environment.store.folder(of: job.id)
            guard let data = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent("manifest.json")),
                let manifest = try? JSONDecoder().decode(Manifest.self, from: data),
                let records = manifest.observations, !records.isEmpty
            else { continue }
            let layers = manifest.outputs.filter {
                $0.role == .layer && $0.effectiveTier == .public && $0.level != nil && $0.path.hasSuffix(".geojson")
            }
            var steps: [JSONValue] = []
            for record in records {
                var levels: [String: JSONValue] = [:]
                for entry in layers {
                    guard let level = entry.level, levels[level] == nil, let idField = entry.idField,
                        let areas = try? Self.areas(
                            (folder as NSString).appendingPathComponent(entry.path), idField: idField, record: record),
                        !areas.isEmpty
                    else { continue }
                    levels[level] = ["id_field": .string(idField), "file": .string(entry.path), "areas": .array(areas)]
                }
                steps.append([
                    "name": .string(record.name), "attribution": record.attribution.map { .string($0) } ?? .null,
                    "synthetic": .bool(record.synthetic),
                    "themes": .array(
                        record.themes.map { ["id": .string($0.id), "title": .string($0.title)] }),
                    "gaps": .array(
                        record.gaps.map {
                            [
                                "theme": .string($0.theme), "indicator": .string($0.indicator),
                                "problem": .string($0.problem), "reported_per_1000": .number($0.reportedPer1000),
                            ]
                        }),
                    "levels": .object(levels),
                ])
            }
            analyses.append([
                "analysis": .string(manifest.parameters.name), "job": .string(job.id),
                "finished": job.finished.map { .string(ISO8601DateFormatter().string(from: $0)) } ?? .null,
                "observations": .array(steps),
            ])
        }
        return ["analyses": .array(analyses)]
    }

    /// Per area of a public GeoJSON layer: its id and the observation fields of `record` it holds.
    static func areas(_ path: String, idField: String, record: ObservationsRecord) throws -> [JSONValue] {
        guard let data = FileManager.default.contents(atPath: path),
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let features = json["features"] as? [[String: Any]]
        else { return [] }
        func value(_ properties: [String: Any], _ field: String?) -> JSONValue? {
            guard let field, properties.keys.contains(field) else { return nil }
            switch properties[field] {
            case let s as String: return .string(s)
            case let n as NSNumber: return .number(n.doubleValue)
            default:
                let status = properties[field + "_status"] as? String
                return status.map { ["value": .null, "status": .string($0)] } ?? .null
            }
        }
        var result: [JSONValue] = []
        for feature in features {
            guard let properties = feature["properties"] as? [String: Any], let id = properties[idField] as? String,
                value(properties, record.total) != nil || record.themes.contains(where: { properties[$0.count] != nil })
            else { continue }
            var themes: [String: JSONValue] = [:]
            for theme in record.themes {
                var entry: [String: JSONValue] = [:]
                for (name, field) in [
                    ("count", theme.count), ("share", theme.share), ("rating", theme.rating), ("rating_n", theme.ratingN),
                    ("latest", theme.latest),
                ] {
                    if let v = value(properties, field) { entry[name] = v }
                }
                if !entry.isEmpty { themes[theme.id] = .object(entry) }
            }
            var gaps: [String: JSONValue] = [:]
            for gap in record.gaps {
                var entry: [String: JSONValue] = [:]
                if let v = value(properties, gap.perThousand) { entry["per_1000"] = v }
                if let v = value(properties, gap.flag) { entry["flag"] = v }
                if !entry.isEmpty { gaps[gap.theme] = .object(entry) }
            }
            var area: [String: JSONValue] = ["id": .string(id), "themes": .object(themes)]
            if let total = value(properties, record.total) { area["total"] = total }
            if let latest = value(properties, record.latest) { area["latest"] = latest }
            if !gaps.isEmpty { area["gaps"] = .object(gaps) }
            result.append(.object(area))
        }
        return result
    }
}
