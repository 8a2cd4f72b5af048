/// Class breaks of a choropleth classification: class c holds the values in
/// (upperBounds[c − 1], upperBounds[c]], class 0 everything up to upperBounds[0] (mapclassify's `bin1d`).
package struct ClassBreaks: Sendable, Equatable, Codable {
    /// Upper bound of every class, ascending (mapclassify `bins`).
    package var upperBounds: [Double]
    /// Number of the classified values in every class (mapclassify `counts`).
    package var counts: [Int]

    package init(upperBounds: [Double], counts: [Int]) {
        self.upperBounds = upperBounds
        self.counts = counts
    }

    /// Builds breaks from bounds and counts the values into them.
    init(upperBounds: [Double], values: [Double]) {
        self.upperBounds = upperBounds
        self.counts = Array(repeating: 0, count: upperBounds.count)
        for v in values {
            if let c = classify(v) { counts[c] += 1 }
        }
    }

    /// Number of classes.
    package var count: Int { upperBounds.count }

    /// The class of `value`: the first class whose upper bound is ≥ value. Values above the last bound
    /// go to the last class (mapclassify would put them in class 0); NaN has no class (nil).
    package func classify(_ value: Double) -> Int? {
        guard !value.isNaN, !upperBounds.isEmpty else { return nil }
        var low = 0
        var high = upperBounds.count - 1
        while low < high {
            let mid = (low + high) / 2
            if value <= upperBounds[mid] { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
