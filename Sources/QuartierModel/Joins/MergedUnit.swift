/// A unit that a table reports only as a whole: one row for several areas (a join by name with aliases, e.g.
/// "Moorburg und Altenwerder"). Its members carry null with status `merged`; the unit keeps the row's values, so
/// that a roll-up can add it to the parent its members share (`RollUp.aggregate`) and suppression can protect it
/// as a cell of its own. Its values are never written as they are.
package struct MergedUnit: Sendable, Equatable {
    /// The unit's name in the table.
    package var name: String
    /// The members' indexes in the area layer, ascending.
    package var members: [Int]
    /// The members' names as the areas spell them, in the order of `members`.
    package var memberNames: [String]
    /// Members named in the alias map that no area has: the unit reaches beyond the areas.
    package var unknownMembers: [String]
    /// The unit's values by field name, as the join added the fields to the areas (after any renaming).
    package var values: [String: AttributeValue]

    package init(
        name: String, members: [Int], memberNames: [String], unknownMembers: [String] = [],
        values: [String: AttributeValue]
    ) {
        self.name = name
        self.members = members
        self.memberNames = memberNames
        self.unknownMembers = unknownMembers
        self.values = values
    }

    /// The unit's value of `field`: its own when it reports the field, else the sum of its members' values in
    /// `areas` (nil when one of them is missing, or the field is not a field of the areas).
    package func total(_ field: String, in areas: FeatureLayer) -> Double? {
        if let own = values[field] { return NumberText.value(of: own) }
        guard let index = areas.fieldIndex(field) else { return nil }
        var total = 0.0
        for member in members {
            guard member < areas.features.count, index < areas.features[member].attributes.count,
                let x = NumberText.value(of: areas.features[member].attributes[index])
            else { return nil }
            total += x
        }
        return total
    }

    /// Whether the unit reports `field` for member `area` (whose own value is then `merged`).
    package func covers(_ area: Int, field: String) -> Bool {
        values[field] != nil && members.contains(area)
    }
}
