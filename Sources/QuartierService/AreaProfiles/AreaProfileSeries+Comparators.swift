import QuartierModel

/// The comparators' series beside an area's in its profile (issue 21: "the time series with the comparator's
/// series"): the parent's and the reference unit's steps from their level's public series table, or the whole
/// area's computed from published cells only.
extension AreaProfileHTML {
    struct SeriesComparator {
        var label: String
        /// `eltern` (the parent) or `gesamt` (the reference): the cells' data attribute in the values table.
        var kind: String
        /// `level:id` of the unit whose public series the cells are; nil for the computed total.
        var unit: String?
        var cells: [AreaProfileRun.Cell]
    }

    /// The parent's and the reference's steps of one column of a series, where the public files give them.
    static func comparators(
        _ profile: AreaProfile, series: AreaProfileSeries, column: String, run: AreaProfileRun
    ) -> [SeriesComparator] {
        func unitCells(_ level: String, _ id: String) -> [AreaProfileRun.Cell]? {
            run.series.first { $0.name == series.name && $0.level == level }?.cells[id]?[column]
        }
        var result: [SeriesComparator] = []
        if let parent = profile.parent, let level = parent.level, let id = parent.id, let cells = unitCells(level, id) {
            result.append(SeriesComparator(label: parent.label, kind: "eltern", unit: "\(level):\(id)", cells: cells))
        }
        if let reference = profile.reference {
            if let level = reference.level, let id = reference.id {
                if let cells = unitCells(level, id) {
                    result.append(
                        SeriesComparator(label: reference.label, kind: "gesamt", unit: "\(level):\(id)", cells: cells))
                }
            } else if let cells = run.seriesTotals[series.name]?[column] {
                result.append(SeriesComparator(label: reference.label, kind: "gesamt", unit: nil, cells: cells))
            }
        }
        return result
    }

    /// The whole area's steps of every public series and column, computed once per run (`AreaProfileRun
    /// .seriesTotals`): series name → column → cells.
    static func totals(of series: [AreaProfileSeries]) -> [String: [String: [AreaProfileRun.Cell]]] {
        var result: [String: [String: [AreaProfileRun.Cell]]] = [:]
        for name in Set(series.map(\.name)) {
            let levels = series.filter { $0.name == name }
            guard let areas = levels.first(where: { $0.level == LayerRef.areasName }) else { continue }
            for column in areas.columns {
                if let cells = total(levels, areas: areas, column: column) {
                    result[name, default: [:]][column] = cells
                }
            }
        }
        return result
    }

    /// The whole area's steps from published cells only, as the atlas draws its city line: a rate as Σ rate ×
    /// denominator / Σ denominator over the areas whose rate and denominator are both published; a count as the sum
    /// of the coarsest public level when each of its units is published in that step, else missing with the first
    /// unpublished unit's reason (a total beside hidden parts would reveal them). Units are taken in key order: a
    /// sum of the same numbers in another order may differ in its last bit.
    private static func total(
        _ levels: [AreaProfileSeries], areas: AreaProfileSeries, column: String
    ) -> [AreaProfileRun.Cell]? {
        let steps = areas.steps.count
        if let denominator = areas.rates[column] {
            let units = areas.cells.keys.sorted().compactMap { areas.cells[$0] }
            return (0..<steps).map { step in
                var (sum, weight) = (0.0, 0.0)
                for unit in units {
                    guard let rates = unit[column], let weights = unit[denominator], step < rates.count,
                        step < weights.count, let r = rates[step].value, let w = weights[step].value
                    else { continue }
                    sum += r * w
                    weight += w
                }
                return weight > 0 ? .value(sum / weight) : .missing(MissingReason.empty.rawValue)
            }
        }
        let top = levels.min { $0.cells.count < $1.cells.count } ?? areas
        guard !top.cells.isEmpty else { return nil }
        let units = top.cells.keys.sorted().map { top.cells[$0]?[column] }
        return (0..<steps).map { step in
            var sum = 0.0
            for cells in units {
                guard let cells, step < cells.count else { return .missing(MissingReason.empty.rawValue) }
                switch cells[step] {
                case .value(let v): sum += v
                case .missing(let reason): return .missing(reason)
                }
            }
            return .value(sum)
        }
    }
}
