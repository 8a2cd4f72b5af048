import QuartierGDAL
import QuartierModel

extension GridStep: PlanStep {
    var timingName: String? { "grid:\(input)" }

    /// Assigns the grid's cells to the areas (cells, summed weight and counts: count fields; weighted centroid and
    /// weighted means: values) and leaves the cells and the areas' weighted centroids in the state for access.
    func apply(to state: inout AnalysisState) throws -> StepReport {
        let context = state.context
        let (table, ref) = try TableLoader.load(
            try context.input(input), textColumns: Set([id].compactMap { $0 }), logger: context.logger)
        state.inputRefs.append(ref)
        let names = table.columns.map(\.name)
        func column(_ name: String) throws -> Int {
            guard let i = names.firstIndex(of: name) else {
                throw QuartierError.user(
                    "[grid] input '\(input)' has no column '\(name)'; columns: \(names.joined(separator: ", "))")
            }
            return i
        }
        var centers: [Coordinate?]
        if let x, let y {
            let (xi, yi) = (try column(x), try column(y))
            centers = table.rows.map { row in
                guard let cx = NumberText.value(of: row[xi]), let cy = NumberText.value(of: row[yi]) else { return nil }
                return Coordinate(x: cx, y: cy)
            }
        } else {
            let idIndex = try column(id ?? "")
            centers = table.rows.map { $0[idIndex].stringValue.flatMap(GridCellID.init)?.center }
        }
        guard let working = context.working else { throw QuartierError.internal("[grid] ran without a working CRS") }
        let transformer = try CoordinateTransformer(from: try SpatialReference(definition: crs), to: working)
        var present = centers.compactMap { $0 }
        try transformer.transform(&present)
        var next = 0
        for i in centers.indices where centers[i] != nil {
            centers[i] = present[next]
            next += 1
        }
        var cells: [Coordinate] = []
        var cellWeights: [Double] = []
        if let w = names.firstIndex(of: weight) {
            for (i, center) in centers.enumerated() {
                guard let center else { continue }
                cells.append(center)
                cellWeights.append(NumberText.value(of: table.rows[i][w]) ?? .nan)
            }
        }
        let index = state.areaIndex()
        let result: PopulationGrid.Aggregation
        do {
            result = try PopulationGrid.aggregation(
                areas: state.areas, idField: context.idField, index: index, table: table, centers: centers,
                weight: weight, counts: counts, weighted: weighted, prefix: prefix)
        } catch let error as JoinError {
            throw ContextError(context: context.place("[grid]", line: line), underlying: error)
        }
        state.areas = result.layer
        state.grid = GridOrigins(
            cells: cells, cellWeights: cellWeights, areaCentroids: result.centroids, areaWeights: result.weights,
            weightField: prefix + weight)
        // Counts of the grid are summed in roll-ups; its centroid and weighted means are not.
        state.mark((["cells", weight] + counts).map { prefix + $0 }, as: .count)
        return .grid(result.report)
    }
}
