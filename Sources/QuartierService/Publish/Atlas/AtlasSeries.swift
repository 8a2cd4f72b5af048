import QuartierModel

/// `atlas/series.json`: the public `[[series]]` of the published areas for the atlas's profile panel, loaded when a
/// profile is first opened (the map's first paint does not wait for it). Per series its time steps and columns
/// (title, unit) and, per column, each area's steps in the order of `atlas.json`'s areas: a number, or the reason a
/// value is missing (`suppressed`, `empty`, `no_row`) — the public tables' values, nothing else. Each public roll-up
/// of the atlas (`parents`) gets its parents' steps the same way.
struct AtlasSeries {
    let document: AtlasDocument
    /// The public series, as suppression left them.
    let series: [SeriesSuppression.Result]

    var isEmpty: Bool { series.isEmpty }

    func json() -> JSONValue {
        let ids = keys(document.layer, document.idField)
        return .object([
            "series": .array(
                series.map { result in
                    var parents: [String: JSONValue] = [:]
                    for parent in document.parents {
                        guard let level = result.rollups[parent.name], let first = level.steps.first else { continue }
                        let parentIDs = keys(first, level.key)
                        parents[parent.name] = .object([
                            "ids": .array(parentIDs.map { .string($0) }),
                            "values": values(level, columns: result.columns, order: parentIDs),
                        ])
                    }
                    return .object([
                        "name": .string(result.name), "steps": .array(result.steps.map { .string($0) }),
                        "columns": .array(
                            result.columns.map { column in
                                .object([
                                    "field": .string(column), "title": .string(document.title(of: column)),
                                    "unit": .string(document.unit(of: column)),
                                    // A rate's city line is drawn beside the area's; a count's city total is not.
                                    "rate": .bool(result.rates[column] != nil),
                                ])
                            }),
                        "values": values(result.areas, columns: result.columns, order: ids),
                        "parents": .object(parents), "city": city(result),
                    ])
                })
        ])
    }

    /// Per column, per unit of `order` (by key), its cells over the steps.
    private func values(_ level: SeriesSuppression.Level, columns: [String], order: [String]) -> JSONValue {
        var rows: [String: Int] = [:]
        if let first = level.steps.first {
            for (row, key) in keys(first, level.key).enumerated() where rows[key] == nil { rows[key] = row }
        }
        var result: [String: JSONValue] = [:]
        for column in columns {
            result[column] = .array(
                order.map { key in
                    guard let row = rows[key] else { return .null }
                    return .array(
                        level.steps.map { step in
                            guard let c = step.fieldIndex(column), row < step.features.count,
                                c < step.features[row].attributes.count
                            else { return .string(MissingReason.empty.rawValue) }
                            let value = step.features[row].attributes[c]
                            if case .missing(let reason) = value { return .string(reason.rawValue) }
                            return value.doubleValue.map { .number(AtlasDocument.rounded($0, 6)) }
                                ?? .string(MissingReason.empty.rawValue)
                        })
                })
        }
        return .object(result)
    }

    /// The city's steps per column, from published values only: a count as the sum of the coarsest public roll-up
    /// (the Bezirke) when every parent's value is published in that step, else missing; a rate as Σ rate ×
    /// denominator / Σ denominator over the areas whose rate and denominator are published.
    private func city(_ result: SeriesSuppression.Result) -> JSONValue {
        let top = document.coarsestParent.flatMap { result.rollups[$0.name] }
        var columns: [String: JSONValue] = [:]
        for column in result.columns {
            let cells: [JSONValue] = result.areas.steps.indices.map { step in
                if let denominator = result.rates[column] {
                    let layer = result.areas.steps[step]
                    let pairs = zip(
                        CrossLevelSuppression.values(layer, column), CrossLevelSuppression.values(layer, denominator)
                    )
                    .compactMap { r, w in r.flatMap { r in w.map { (r, $0) } } }
                    let total = pairs.reduce(0) { $0 + $1.1 }
                    return total > 0
                        ? .number(AtlasDocument.rounded(pairs.reduce(0) { $0 + $1.0 * $1.1 } / total, 6)) : .null
                }
                guard let top, step < top.steps.count, top.steps[step].fieldIndex(column) != nil else { return .null }
                let values = CrossLevelSuppression.values(top.steps[step], column)
                guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else {
                    return .string(MissingReason.suppressed.rawValue)
                }
                return .number(AtlasDocument.rounded(values.compactMap { $0 }.reduce(0, +), 6))
            }
            if cells.contains(where: { $0 != .null }) { columns[column] = .array(cells) }
        }
        return .object(["name": .string(document.spec.city ?? "Gesamtstadt"), "values": .object(columns)])
    }

    private func keys(_ layer: FeatureLayer, _ key: String) -> [String] {
        CrossLevelSuppression.keys(layer, key).map { $0 ?? "" }
    }
}
