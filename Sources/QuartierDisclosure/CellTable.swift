/// The published cells of one count field, each the sum of some of the finest units that every published level
/// is built from (Planungsräume → Bezirksregionen → Bezirke; Gemeinden → Kreise → Land; any other grouping of the
/// same units). A cell of the finest level is one unit; a parent is the sum of its members. Overlapping groupings
/// and several hierarchies are just more cells.
package struct CellTable: Sendable, Equatable {
    /// One published cell: where it is published and which units it adds up.
    package struct Cell: Sendable, Equatable {
        /// The level (layer) that publishes it: `areas` or a roll-up's name.
        package var level: String
        /// Its id within the level.
        package var id: String
        /// The indexes of the finest units it sums, ascending, without repeats.
        package var members: [Int]
        /// Its true value (never published when suppressed); nil when unknown.
        package var value: Double?

        package init(level: String, id: String, members: [Int], value: Double?) {
            self.level = level
            self.id = id
            self.members = Array(Set(members)).sorted()
            self.value = value
        }
    }

    /// The number of finest units.
    package var unitCount: Int
    package var cells: [Cell]

    package init(unitCount: Int, cells: [Cell]) {
        self.unitCount = unitCount
        self.cells = cells
    }

    /// A table of the finest units (one cell each) and their groupings.
    /// - Parameters:
    ///   - level: the finest level's name; `ids` and `values` one per unit.
    ///   - groupings: per parent level, each unit's parent id (nil: in no parent of that level).
    ///   - parentValues: per parent level, the parents' values by id (a parent missing there has the sum of its
    ///     members' values).
    package static func hierarchy(
        level: String, ids: [String], values: [Double?], groupings: [(level: String, parents: [String?])],
        parentValues: [String: [String: Double?]] = [:]
    ) -> CellTable {
        var cells = zip(ids, values).enumerated().map { unit, pair in
            Cell(level: level, id: pair.0, members: [unit], value: pair.1)
        }
        for (parentLevel, parents) in groupings {
            var members: [String: [Int]] = [:]
            var order: [String] = []
            for (unit, parent) in parents.enumerated() {
                guard let parent else { continue }
                if members[parent] == nil { order.append(parent) }
                members[parent, default: []].append(unit)
            }
            for parent in order {
                let units = members[parent] ?? []
                let sum: Double? = units.reduce(0.0) { total, unit in
                    guard let total, unit < values.count, let value = values[unit] else { return nil }
                    return total + value
                }
                let given = parentValues[parentLevel]?[parent]
                cells.append(Cell(level: parentLevel, id: parent, members: units, value: given ?? sum))
            }
        }
        return CellTable(unitCount: ids.count, cells: cells)
    }

    /// The index of the cell with this level and id.
    package func index(level: String, id: String) -> Int? {
        cells.firstIndex { $0.level == level && $0.id == id }
    }
}
