extension RollUp {
    /// Where the merged units go in one roll-up: a unit whose members all lie in one parent belongs to it whole;
    /// any other unit (members in several parents, a member in none, or a member the areas lack) belongs to none,
    /// and every parent it touches is incomplete in the unit's fields.
    struct MergedPlacement {
        /// Parent → the indexes of the units it counts whole.
        var whole: [String: [Int]] = [:]
        /// Unit → the parent that counts it whole.
        var wholeParent: [String: String] = [:]
        /// Unit → the parents it touches, for the units that straddle.
        var straddling: [String: [String]] = [:]

        init(units: [MergedUnit], parentKeys: [String?]) {
            for (u, unit) in units.enumerated() where !unit.members.isEmpty || !unit.unknownMembers.isEmpty {
                let parents = unit.members.map { $0 < parentKeys.count ? parentKeys[$0] : nil }
                let touched = Set(parents.compactMap { $0 }).sorted()
                if unit.unknownMembers.isEmpty, !parents.contains(nil), touched.count == 1 {
                    whole[touched[0], default: []].append(u)
                    wholeParent[unit.name] = touched[0]
                } else {
                    straddling[unit.name] = touched
                }
            }
        }
    }
}
