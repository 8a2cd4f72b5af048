/// Protection of one count field across every published level: secondary cells by Gaussian elimination
/// (`GaussSuppression`), then the audit (`DisclosureAudit`); while the audit finds a cell the public could pin down
/// or show to be small (zeros and singletons, which linear independence alone does not prevent), its cheapest
/// published sibling (or else its parent) is suppressed as well and the elimination runs again. The outcome
/// is deterministic: the same table and primary cells give the same pattern.
package enum SecondarySuppression {
    package struct Outcome: Sendable, Equatable {
        /// The cells suppressed in addition to the primary ones, ascending.
        package var secondary: [Int]
        /// The audit of the final pattern (passed, unless nothing was left to suppress).
        package var audit: DisclosureAudit.Report
    }

    /// - Parameters:
    ///   - table: every published cell of the field.
    ///   - primary: the cells suppressed by the primary rule.
    ///   - minCount: the smallest count that may be published.
    ///   - known: cells the public knows anyway (`GaussSuppression.secondary`): published, never suppressed.
    package static func protect(
        _ table: CellTable, field: String, primary: Set<Int>, minCount: Double, known: Set<Int> = []
    ) throws -> Outcome {
        var forced: Set<Int> = []
        while true {
            let gauss = GaussSuppression.secondary(table, primary: primary, forced: forced, known: known)
            let suppressed = primary.union(forced).union(gauss)
            let audit = try DisclosureAudit.run(
                table, field: field, suppressed: suppressed, primary: primary, minCount: minCount)
            let secondary = suppressed.subtracting(primary).sorted()
            if audit.passed { return Outcome(secondary: secondary, audit: audit) }
            var added = false
            for finding in audit.findings {
                guard let cell = table.index(level: finding.level, id: finding.id),
                    let parent = cheapestCover(cell, in: table, excluding: suppressed.union(known))
                else { continue }
                added = forced.insert(parent).inserted || added
            }
            // Nothing left that could hide the finding: the failing audit is the answer.
            if !added { return Outcome(secondary: secondary, audit: audit) }
        }
    }

    /// The published cell to suppress for a finding on `cell`: the cheapest (smallest value, then fewest members,
    /// then first) published sibling — a cell disjoint from it inside a published cell that contains it — so that
    /// their parent's remainder is shared by more suppressed cells; without one, the cheapest published cell that
    /// contains it (its parent).
    static func cheapestCover(_ cell: Int, in table: CellTable, excluding suppressed: Set<Int>) -> Int? {
        let members = Set(table.cells[cell].members)
        let published = table.cells.indices.filter { !suppressed.contains($0) && table.cells[$0].value != nil }
        let parents = published.filter { index in
            table.cells[index].members.count > members.count && members.isSubset(of: table.cells[index].members)
        }
        let siblings = published.filter { index in
            let other = table.cells[index].members
            return !other.isEmpty && members.isDisjoint(with: other)
                && parents.contains { Set(table.cells[$0].members).isSuperset(of: other) }
        }
        return cheapest(siblings, in: table) ?? cheapest(parents, in: table)
    }

    static func cheapest(_ cells: [Int], in table: CellTable) -> Int? {
        cells.min { a, b in
            let (ca, cb) = (table.cells[a], table.cells[b])
            let (va, vb) = (ca.value ?? .infinity, cb.value ?? .infinity)
            if va != vb { return va < vb }
            if ca.members.count != cb.members.count { return ca.members.count < cb.members.count }
            return a < b
        }
    }
}
