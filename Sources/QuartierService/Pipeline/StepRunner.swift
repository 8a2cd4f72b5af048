import Foundation
import Logging
import QuartierGDAL
package import QuartierModel

/// The reports of an analysis's steps, printed and recorded in `manifest.json`.
package struct StepReports: Sendable, Codable {
    package var joins: [JoinReport] = []
    package var counts: [PointCountReport] = []
    package var grid: GridReport?
    package var access: [AccessStepReport] = []
    package var hotspots: [HotspotSummary] = []
    package var rollups: [RollUpReport] = []
    package var publish: PublishReport?

    /// The lines printed after a run.
    package var summary: [String] {
        joins.map(\.summary) + counts.map(\.summary) + (grid.map { [$0.summary] } ?? []) + access.map(\.summary)
            + hotspots.map(\.text)
            + rollups.map(\.summary) + (publish.map { [$0.summary] } ?? [])
    }
}

/// Runs the steps of an analysis file on the loaded areas, in order: joins, counts, grid, rates,
/// roll-ups. Each input is read once.
struct StepRunner {
    let analysis: AnalysisFile
    let idField: String
    let working: SpatialReference
    let logger: Logger
    let timer: StepTimer
    var inputRefs: [Manifest.InputRef] = []
    /// The grid cells (centre in the working CRS, weight) once `[grid]` has run: origins for access.
    var gridOrigins: (centers: [Coordinate], weights: [Double])?
    var reports = StepReports()
    /// Per roll-up, each area's parent key (nil: in no parent): the levels' structure for secondary suppression.
    var memberships: [String: [String?]] = [:]

    init(analysis: AnalysisFile, idField: String, working: SpatialReference, logger: Logger, timer: StepTimer) {
        self.analysis = analysis
        self.idField = idField
        self.working = working
        self.logger = logger
        self.timer = timer
    }

    func spec(_ name: String) throws -> InputSpec {
        guard let spec = analysis.input(named: name) else {
            throw QuartierError.internal("input '\(name)' was not validated")
        }
        return spec
    }

    /// - Returns: the areas with every step's columns, and the roll-up layers by name.
    mutating func run(_ loaded: FeatureLayer) throws -> (FeatureLayer, [String: (layer: FeatureLayer, key: String)]) {
        var areas = loaded
        let steps = analysis.steps
        for join in steps.joins {
            areas = try timer.measure("join:\(join.table)") { try self.join(join, areas) }
        }
        var index: PolygonIndex?
        func areaIndex() -> PolygonIndex {
            if let index { return index }
            let built = PolygonIndex(areas.features.map(\.geometry))
            index = built
            return built
        }
        var countFields: [String] = []
        for count in steps.counts {
            let before = areas.fields.count
            let built = areaIndex()
            areas = try timer.measure("count:\(count.points)") { try self.count(count, areas, index: built) }
            countFields += areas.fields[before...].map(\.name)
        }
        if let grid = steps.grid {
            let built = areaIndex()
            areas = try timer.measure("grid:\(grid.input)") { try self.grid(grid, areas, index: built) }
            // Counts of the grid are summed in roll-ups; its centroid and weighted means are not.
            countFields += ["cells", grid.weight].map { grid.prefix + $0 } + grid.counts.map { grid.prefix + $0 }
        }
        for step in steps.access {
            let built = areaIndex()
            areas = try timer.measure("access:\(step.name)") { try self.access(step, areas, index: built) }
        }
        for rate in steps.rates {
            areas = try timer.measure("rate:\(rate.name)") { try rate.apply(to: areas) }
        }
        for step in steps.indexes {
            let outcome = try timer.measure("index:\(step.name)") { try step.apply(to: areas) }
            areas = outcome.layer
            logger.info("index \(step.name): \(outcome.included) of \(areas.features.count) areas included")
        }
        for step in steps.indexTypes {
            areas = try timer.measure("index_types:\(step.name)") { try step.apply(to: areas) }
        }
        for hotspot in steps.hotspots {
            let file = try hotspot.weightsFile.map { path -> (text: String, path: String) in
                let resolved = HotspotSpec.resolve(weightsFile: path, analysisPath: analysis.path)
                if let problem = RegularFile.specialFileProblem(resolved) {
                    throw QuartierError.user("[[hotspots]] weights_file '\(path)' \(problem)")
                }
                guard let text = try? String(contentsOfFile: resolved, encoding: .utf8) else {
                    throw QuartierError.user("[[hotspots]] weights_file '\(path)' cannot be read")
                }
                return (text, path)
            }
            let outcome = try HotspotStep.run(
                areas, idField: idField, spec: hotspot, weightsFile: file, timer: timer, logger: logger)
            areas = outcome.layer
            reports.hotspots.append(outcome.summary)
        }
        if let step = steps.underserved {
            areas = try timer.measure("underserved") { try step.apply(to: areas, idField: idField) }
        }
        var rollups: [String: (FeatureLayer, String)] = [:]
        for step in steps.rollups {
            let layer = try timer.measure("rollup:\(step.name)") {
                try self.rollup(step, areas, countFields: countFields)
            }
            rollups[step.name] = (layer, step.key)
        }
        return (areas, rollups)
    }

    private mutating func join(_ step: JoinStep, _ areas: FeatureLayer) throws -> FeatureLayer {
        let tableSpec = try spec(step.table)
        let keyColumn = step.byName?.table ?? step.key ?? idField
        var (table, ref) = try TableLoader.load(tableSpec, textColumns: [keyColumn], logger: logger)
        inputRefs.append(ref)
        let (result, report): (FeatureLayer, JoinReport)
        do {
            if let validity = step.validity { table = try validity.apply(to: table, tableName: step.table).0 }
            if let byName = step.byName {
                (result, report) = try AttributeJoin.byName(
                    areas: areas, areaField: byName.area, table: table, tableName: step.table, tableField: byName.table,
                    aliases: step.aliases, duplicates: step.duplicates, columns: step.columns)
            } else {
                (result, report) = try AttributeJoin.byKey(
                    areas: areas, areaKey: idField, table: table, tableName: step.table, tableKey: keyColumn,
                    normalization: step.normalization, duplicates: step.duplicates, columns: step.columns)
            }
        } catch let error as JoinError {
            throw QuartierError.user("[[join]] of '\(step.table)' (\(analysis.path):\(step.line)): \(error.message)")
        }
        reports.joins.append(report)
        return result
    }

    private mutating func count(_ step: CountStep, _ areas: FeatureLayer, index: PolygonIndex) throws -> FeatureLayer {
        let pointSpec = try spec(step.points)
        let (points, ref) = try PointLoader.load(pointSpec, working: working, logger: logger)
        try PointLoader.requirePoints(points, source: pointSpec.source)
        inputRefs.append(ref)
        do {
            let (result, report) = try PointCounter.count(
                areas: areas, index: index, points: points, countField: step.countField, sumFields: step.sum,
                byField: step.by, idField: pointSpec.idField)
            reports.counts.append(report)
            return result
        } catch let error as JoinError {
            throw QuartierError.user("[[count]] of '\(step.points)' (\(analysis.path):\(step.line)): \(error.message)")
        }
    }

    private mutating func grid(_ step: GridStep, _ areas: FeatureLayer, index: PolygonIndex) throws -> FeatureLayer {
        let gridSpec = try spec(step.input)
        let (table, ref) = try TableLoader.load(gridSpec, textColumns: Set([step.id].compactMap { $0 }), logger: logger)
        inputRefs.append(ref)
        let names = table.columns.map(\.name)
        func column(_ name: String) throws -> Int {
            guard let i = names.firstIndex(of: name) else {
                throw QuartierError.user("[grid] input '\(step.input)' has no column '\(name)'; columns: \(names.joined(separator: ", "))")
            }
            return i
        }
        var centers: [Coordinate?]
        if let x = step.x, let y = step.y {
            let (xi, yi) = (try column(x), try column(y))
            centers = table.rows.map { row in
                guard let cx = NumberText.value(of: row[xi]), let cy = NumberText.value(of: row[yi]) else { return nil }
                return Coordinate(x: cx, y: cy)
            }
        } else {
            let idIndex = try column(step.id ?? "")
            centers = table.rows.map { $0[idIndex].stringValue.flatMap(GridCellID.init)?.center }
        }
        let transformer = try CoordinateTransformer(from: try SpatialReference(definition: step.crs), to: working)
        var present = centers.compactMap { $0 }
        try transformer.transform(&present)
        var next = 0
        for i in centers.indices where centers[i] != nil {
            centers[i] = present[next]
            next += 1
        }
        if let w = names.firstIndex(of: step.weight) {
            var kept: [Coordinate] = []
            var weights: [Double] = []
            for (i, center) in centers.enumerated() {
                guard let center else { continue }
                kept.append(center)
                weights.append(NumberText.value(of: table.rows[i][w]) ?? .nan)
            }
            gridOrigins = (kept, weights)
        }
        do {
            let (result, report) = try PopulationGrid.aggregate(
                areas: areas, idField: idField, index: index, table: table, centers: centers, weight: step.weight,
                counts: step.counts, weighted: step.weighted, prefix: step.prefix)
            reports.grid = report
            return result
        } catch let error as JoinError {
            throw QuartierError.user("[grid] (\(analysis.path):\(step.line)): \(error.message)")
        }
    }
}
