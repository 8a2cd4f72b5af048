import QuartierDisclosure
import QuartierModel

/// The merged units (`MergedUnit`) in suppression. A unit's value is in the source table and, where its members
/// share a parent, inside that parent's published sum: it is a cell of its own, the sum of its members. A unit
/// whose count is below the minimum (or whose population is) is a primary cell, protected across the levels like
/// an area; any other unit is taken as known to the public (the statistics office publishes it), so it is never
/// chosen as a secondary cell and constrains the audit like a published value.
enum MergedUnitCells {
    /// The level of the units' cells in the audit and its messages.
    static let level = "merged unit"

    /// The units with their values as the primary rule leaves them: a count below the minimum, every count of a
    /// unit below the minimum population (its own population, else the sum of its members'), and every value
    /// derived from them become null with status `suppressed`.
    static func publicUnits(
        _ units: [MergedUnit], areas: FeatureLayer, rule: SuppressionRule, derivations: [String: [String]]
    ) -> [MergedUnit] {
        guard rule.isActive, !units.isEmpty else { return units }
        var names = Set(units.flatMap(\.values.keys))
        if let population = rule.population { names.insert(population) }
        let fields = names.sorted()
        let features = units.enumerated().map { u, unit in
            Feature(
                fid: Int64(u + 1), geometry: nil,
                attributes: fields.map { field in
                    unit.values[field] ?? unit.total(field, in: areas).map { .real($0) } ?? .null
                })
        }
        let layer = FeatureLayer(
            name: level, fields: fields.map { FieldDefinition(name: $0, type: .real) }, features: features,
            crs: areas.crs, geometryType: "None")
        let (suppressed, _) = rule.apply(to: layer, derivations: derivations)
        return units.enumerated().map { u, unit in
            var copy = unit
            for (k, field) in fields.enumerated() where unit.values[field] != nil {
                copy.values[field] = suppressed.features[u].attributes[k]
            }
            return copy
        }
    }

    /// Appends a cell for every unit that reports a number for `field` and whose members are all among the areas.
    /// - Returns: the appended cells that are primary (suppressed in `publicUnits`) and those known to the public.
    static func add(
        _ units: [MergedUnit], public publicUnits: [MergedUnit], field: String, to table: inout CellTable
    ) -> (primary: Set<Int>, known: Set<Int>) {
        var primary: Set<Int> = []
        var known: Set<Int> = []
        for (unit, shown) in zip(units, publicUnits) where unit.unknownMembers.isEmpty && !unit.members.isEmpty {
            guard let value = unit.values[field].flatMap(NumberText.value(of:)) else { continue }
            table.cells.append(CellTable.Cell(level: level, id: unit.name, members: unit.members, value: value))
            if shown.values[field] == .missing(.suppressed) {
                primary.insert(table.cells.count - 1)
            } else {
                known.insert(table.cells.count - 1)
            }
        }
        return (primary, known)
    }
}
