/// Named classes of an index cut at given values, e.g. MSS status: cut-offs −1, +1, +1.5 with codes
/// 1–4 and the names hoch, mittel, niedrig, sehr niedrig.
///
/// A value equal to a cut-off falls into the lower class: class k holds cutₖ₋₁ < v ≤ cutₖ (the first
/// class everything up to the first cut-off, the last everything above the last one).
package struct IndexClasses: Sendable, Hashable {
    /// Strictly increasing cut-offs.
    package var cutoffs: [Double]
    /// One code per class (cut-offs + 1), e.g. MSS's 1/3/5 for dynamics.
    package var codes: [Int]
    /// One name per class, shown on maps and in tables (German by default in the shipped files).
    package var names: [String]

    /// Checks that the cut-offs increase and that codes and names have one entry per class.
    package init(cutoffs: [Double], codes: [Int]? = nil, names: [String]) throws(StatisticsError) {
        guard !cutoffs.isEmpty, cutoffs.allSatisfy(\.isFinite) else {
            throw StatisticsError(.invalidArgument, "cut-offs must be one or more finite numbers")
        }
        for (a, b) in zip(cutoffs, cutoffs.dropFirst()) where !(a < b) {
            throw StatisticsError(.invalidArgument, "cut-offs must increase: \(a) is followed by \(b)")
        }
        let classCodes = codes ?? Array(1...(cutoffs.count + 1))
        guard classCodes.count == cutoffs.count + 1, names.count == cutoffs.count + 1 else {
            throw StatisticsError(
                .invalidArgument,
                "\(cutoffs.count) cut-offs make \(cutoffs.count + 1) classes, but \(classCodes.count) codes and "
                    + "\(names.count) names are given")
        }
        guard Set(classCodes).count == classCodes.count else {
            throw StatisticsError(.invalidArgument, "class codes must differ: \(classCodes)")
        }
        self.cutoffs = cutoffs
        self.codes = classCodes
        self.names = names
    }

    /// The 0-based class of `value`.
    package func classIndex(of value: Double) -> Int {
        cutoffs.firstIndex { value <= $0 } ?? cutoffs.count
    }
}
