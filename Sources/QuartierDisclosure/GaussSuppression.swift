/// Secondary suppression by Gaussian elimination (Langsrud 2024, "Secondary Cell Suppression by Gaussian
/// Elimination: An Algorithm Suitable for Handling Issues with Zeros and Singletons", Journal of Official
/// Statistics 40(4); Statistics Norway's R package GaussSuppression).
///
/// Every published cell is a vector over the finest units (1 for each member). A suppressed cell can be computed
/// from the published ones exactly when its vector lies in their span. The cells that are not primary are
/// visited in order of how much publishing them is worth (here: larger values first, then coarser levels, then
/// the table's order — deterministic); each is published unless that would put a primary (or already secondary)
/// cell into the span of the published ones, in which case it becomes a secondary suppression. The span test is
/// incremental elimination: the published vectors are kept in echelon form and the suppressed cells' residuals
/// (what is left of them after elimination) are updated with each new published vector; a residual that becomes
/// zero means the cell would be disclosed.
///
/// The arithmetic is exact, in the prime field GF(2³¹ − 1): cell vectors are 0/1, so a dependence over the
/// rationals is one modulo p too (p divides no pivot of these small systems in practice); a dependence found only
/// modulo p would suppress one cell too many, never one too few.
package enum GaussSuppression {
    /// The cells to suppress in addition to `primary`.
    /// - Parameters:
    ///   - table: the published cells.
    ///   - primary: the indexes of the cells that must not be computable.
    ///   - forced: cells that are suppressed anyway (e.g. by an audit finding) and protected like primary ones.
    ///   - known: cells the public knows whatever is published here (a merged unit's value in the source table):
    ///     never secondary, they go into the span first; a protected cell they alone disclose is left to the audit.
    /// - Returns: the secondary cells, ascending.
    package static func secondary(
        _ table: CellTable, primary: Set<Int>, forced: Set<Int> = [], known: Set<Int> = []
    ) -> [Int] {
        let protected = primary.union(forced)
        var residuals: [Int: SparseVector] = [:]
        for cell in protected.sorted() { residuals[cell] = SparseVector(ones: table.cells[cell].members) }
        // A protected cell without members (an empty parent) has value 0 by definition: nothing protects it.
        var basis = EchelonBasis()
        for cell in known.subtracting(protected).sorted() {
            let reduced = basis.reduce(SparseVector(ones: table.cells[cell].members))
            guard reduced.first != nil else { continue }
            let (updated, disclosed) = eliminate(reduced, from: residuals)
            residuals.merge(updated) { $1 }
            for index in disclosed { residuals[index] = nil }
            basis.append(reduced)
        }
        var secondary: [Int] = []
        for cell in publishOrder(table, excluding: protected.union(known)) {
            let reduced = basis.reduce(SparseVector(ones: table.cells[cell].members))
            guard reduced.first != nil else { continue }  // already computable: publishing adds nothing
            let (updated, disclosed) = eliminate(reduced, from: residuals)
            if !disclosed.isEmpty {
                secondary.append(cell)
                residuals[cell] = reduced
            } else {
                basis.append(reduced)
                residuals.merge(updated) { $1 }
            }
        }
        return secondary.sorted()
    }

    /// The residuals of the protected cells once `reduced` (non-zero) is published: the changed ones, and the cells
    /// whose residual becomes zero (computable from the published cells).
    static func eliminate(
        _ reduced: SparseVector, from residuals: [Int: SparseVector]
    ) -> (updated: [Int: SparseVector], disclosed: [Int]) {
        guard let pivot = reduced.first else { return ([:], []) }
        var updated: [Int: SparseVector] = [:]
        var disclosed: [Int] = []
        for (index, residual) in residuals {
            let factor = residual[pivot.index]
            guard factor != 0 else { continue }
            let next = residual.adding(reduced, times: SparseVector.negate(SparseVector.divide(factor, pivot.value)))
            if next.isZero { disclosed.append(index) } else { updated[index] = next }
        }
        return (updated, disclosed.sorted())
    }

    /// The non-protected cells with a value (a missing value is published as missing: it tells nothing), the ones
    /// most worth publishing first: larger values, then coarser levels (more members), then the table's order.
    static func publishOrder(_ table: CellTable, excluding protected: Set<Int>) -> [Int] {
        table.cells.indices.filter { !protected.contains($0) && table.cells[$0].value != nil }.sorted { a, b in
            let (ca, cb) = (table.cells[a], table.cells[b])
            let (va, vb) = (ca.value ?? -1, cb.value ?? -1)
            if va != vb { return va > vb }
            if ca.members.count != cb.members.count { return ca.members.count > cb.members.count }
            return a < b
        }
    }
}

/// Published vectors in echelon form: each has a pivot where every vector after it is zero, so reducing a vector
/// by them in the order they were added leaves it zero at every pivot.
struct EchelonBasis {
    private var vectors: [SparseVector] = []
    private var pivots: [Int] = []
    private var pivotValues: [UInt64] = []

    /// The vector minus its components along the basis (zero at every pivot).
    func reduce(_ vector: SparseVector) -> SparseVector {
        var result = vector
        for (k, pivot) in pivots.enumerated() {
            let value = result[pivot]
            guard value != 0 else { continue }
            let factor = SparseVector.negate(SparseVector.divide(value, pivotValues[k]))
            result = result.adding(vectors[k], times: factor)
        }
        return result
    }

    /// Adds a reduced, non-zero vector; its first entry becomes its pivot.
    mutating func append(_ reduced: SparseVector) {
        guard let first = reduced.first else { return }
        vectors.append(reduced)
        pivots.append(first.index)
        pivotValues.append(first.value)
    }
}
