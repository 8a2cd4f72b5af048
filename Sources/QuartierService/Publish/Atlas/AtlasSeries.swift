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
                                ])
                            }),
                        "values": values(result.areas, columns: result.columns, order: ids),
                        "parents": .object(parents),
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

    private func keys(_ layer: FeatureLayer, _ key: String) -> [String] {
        CrossLevelSuppression.keys(layer, key).map { $0 ?? "" }
    }
}
