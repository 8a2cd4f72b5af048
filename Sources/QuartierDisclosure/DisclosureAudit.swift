import CGLPK
package import QuartierModel
import Synchronization

/// The disclosure audit: for every suppressed cell, the interval of values consistent with everything published
/// (a linear program over the finest units: each unit ≥ 0, each published cell fixed to its value, each cell the
/// sum of its members), solved with GLPK's simplex (GNU Linear Programming Kit, https://www.gnu.org/software/glpk/),
/// minimising and maximising the cell's sum. This is the audit of τ-ARGUS and of the statistical offices
/// (Hundepool et al., Statistical Disclosure Control, Wiley 2012, § 4.3: "feasibility intervals").
///
/// A finding is a suppressed cell pinned to one value (the interval narrower than 1, counts being integers), or a
/// primary cell whose upper bound is below the minimum count (the public learns it is small).
package enum DisclosureAudit {
    /// What the public can learn about one suppressed cell.
    package struct Interval: Sendable, Codable, Equatable {
        package var level: String
        package var id: String
        package var primary: Bool
        package var lower: Double
        /// nil: no upper bound (nothing published constrains the cell from above).
        package var upper: Double?
        /// Why this cell is disclosed; nil when it is safe.
        package var finding: String?

        package init(level: String, id: String, primary: Bool, lower: Double, upper: Double?, finding: String?) {
            (self.level, self.id, self.primary, self.lower, self.upper, self.finding) = (
                level, id, primary, lower, upper, finding
            )
        }
    }

    /// The audit of one field.
    package struct Report: Sendable, Codable, Equatable {
        package var field: String
        package var minCount: Double
        package var cells: [Interval]
        package var passed: Bool { cells.allSatisfy { $0.finding == nil } }
        package var findings: [Interval] { cells.filter { $0.finding != nil } }

        package init(field: String, minCount: Double, cells: [Interval]) {
            (self.field, self.minCount, self.cells) = (field, minCount, cells)
        }
    }

    /// An audit that cannot be made: the published values contradict each other (no unit values fit them).
    package struct Infeasible: QuartierFailure {
        package var field: String
        /// Published values that contradict each other come from the input: bad input.
        package var kind: FailureKind { .badInput }
        package var description: String {
            "the published values of '\(field)' contradict each other (no non-negative values of the finest units "
                + "add up to them); the audit cannot run"
        }
    }

    /// GLPK keeps its environment per thread, but one problem at a time is cheap and certain.
    private static let lock = Mutex(())

    /// Audits the cells of `table` that are in `suppressed` against all the others (published with their values).
    /// - Parameters:
    ///   - primary: the suppressed cells that are primary (small counts, small areas).
    ///   - minCount: the smallest count that may be published.
    package static func run(
        _ table: CellTable, field: String, suppressed: Set<Int>, primary: Set<Int>, minCount: Double
    ) throws -> Report {
        let published = table.cells.indices.filter { !suppressed.contains($0) && table.cells[$0].value != nil }
        var report = Report(field: field, minCount: minCount, cells: [])
        let bounds: [(Double, Double?)] = try lock.withLock { _ in
            try solve(table, field: field, published: published, targets: suppressed.sorted())
        }
        for (cell, (lower, upper)) in zip(suppressed.sorted(), bounds) {
            let c = table.cells[cell]
            var interval = Interval(
                level: c.level, id: c.id, primary: primary.contains(cell), lower: lower, upper: upper, finding: nil)
            if let upper, upper - lower < 1 - 1e-9 {
                interval.finding = "its value can be computed from the published cells: between \(lower) and \(upper)"
            } else if interval.primary, let upper, upper < minCount - 1e-9 {
                interval.finding = "it can be shown to be below the minimum count \(minCount): at most \(upper)"
            }
            report.cells.append(interval)
        }
        return report
    }

    /// Minimum and maximum of each target cell's sum over the feasible unit values.
    private static func solve(
        _ table: CellTable, field: String, published: [Int], targets: [Int]
    ) throws -> [(Double, Double?)] {
        guard !targets.isEmpty else { return [] }
        // Nothing published: every cell lies anywhere from 0 up.
        guard !published.isEmpty else { return targets.map { _ in (0, nil) } }
        guard let problem = glp_create_prob() else { throw Infeasible(field: field) }
        defer { glp_delete_prob(problem) }
        glp_term_out(GLP_OFF)
        let units = table.unitCount
        glp_add_cols(problem, Int32(units))
        for unit in 0..<units { glp_set_col_bnds(problem, Int32(unit + 1), GLP_LO, 0, 0) }
        do {
            glp_add_rows(problem, Int32(published.count))
            var (rows, columns, values): ([Int32], [Int32], [Double]) = ([0], [0], [0])  // GLPK counts from 1
            for (row, cell) in published.enumerated() {
                let value = table.cells[cell].value ?? 0
                glp_set_row_bnds(problem, Int32(row + 1), GLP_FX, value, value)
                for member in table.cells[cell].members {
                    rows.append(Int32(row + 1))
                    columns.append(Int32(member + 1))
                    values.append(1)
                }
            }
            glp_load_matrix(problem, Int32(rows.count - 1), &rows, &columns, &values)
        }
        var parameters = glp_smcp()
        glp_init_smcp(&parameters)
        parameters.msg_lev = GLP_MSG_OFF
        var result: [(Double, Double?)] = []
        var previous: [Int] = []
        for target in targets {
            for member in previous { glp_set_obj_coef(problem, Int32(member + 1), 0) }
            previous = table.cells[target].members
            for member in previous { glp_set_obj_coef(problem, Int32(member + 1), 1) }
            var bounds: [Double?] = []
            for direction in [GLP_MIN, GLP_MAX] {
                glp_set_obj_dir(problem, direction)
                guard glp_simplex(problem, &parameters) == 0 else { throw Infeasible(field: field) }
                switch glp_get_status(problem) {
                case GLP_OPT: bounds.append(glp_get_obj_val(problem))
                case GLP_UNBND: bounds.append(nil)
                default: throw Infeasible(field: field)
                }
            }
            result.append((max(0, bounds[0] ?? 0), bounds[1]))
        }
        return result
    }
}
