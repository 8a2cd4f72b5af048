/// Choropleth classifications with mapclassify's definitions (https://pysal.org/mapclassify/, 2.10).
///
/// All take finite values (callers drop missing areas) and return `ClassBreaks`; they throw
/// `StatisticsError` for empty or non-finite input or an invalid k.
package enum Classification {
    /// Quantiles (mapclassify.Quantiles): upper bounds at the percentiles 100·c/k, c = 1…k, with linear
    /// interpolation (scipy `scoreatpercentile`); repeated bounds collapse, so ties can give fewer classes.
    package static func quantiles(_ y: [Double], k: Int = 5) throws -> ClassBreaks {
        let sorted = try prepare(y, k: k)
        var bounds: [Double] = []
        for c in 1...k {
            let q = percentile(sorted, min(100, 100.0 * Double(c) / Double(k)))
            if bounds.last != q { bounds.append(q) }
        }
        return ClassBreaks(upperBounds: bounds, values: y)
    }

    /// Equal intervals (mapclassify.EqualInterval): k classes of width (max − min)/k; the last bound is max.
    package static func equalInterval(_ y: [Double], k: Int = 5) throws -> ClassBreaks {
        let sorted = try prepare(y, k: k)
        let low = sorted[0]
        let high = sorted[sorted.count - 1]
        let width = (high - low) / Double(k)
        let first = low + width
        var bounds = (0..<k).map { first + Double($0) * width }  // as numpy.arange
        bounds[k - 1] = high
        return ClassBreaks(upperBounds: bounds, values: y)
    }

    /// Standard deviation classes (mapclassify.StdMean): bounds at ȳ + m·s for the multiples (default
    /// −2, −1, 1, 2), s the sample standard deviation (ddof = 1), plus max when it lies above.
    package static func standardDeviation(_ y: [Double], multiples: [Double] = [-2, -1, 1, 2]) throws
        -> ClassBreaks
    {
        let sorted = try prepare(y, k: 2)
        guard !multiples.isEmpty, zip(multiples, multiples.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw StatisticsError(.invalidArgument, "multiples must be non-empty and ascending: \(multiples)")
        }
        let n = Double(y.count)
        let mean = y.reduce(0, +) / n
        var ss = 0.0
        for v in y { ss += (v - mean) * (v - mean) }
        let s = (ss / (n - 1)).squareRoot()
        var bounds = multiples.map { mean + s * $0 }
        if let last = bounds.last, let top = sorted.last, last < top { bounds.append(top) }
        return ClassBreaks(upperBounds: bounds, values: y)
    }

    /// Box plot classes (mapclassify.BoxPlot): bounds q1 − h·IQR, q1, median, q3, q3 + h·IQR, max — six
    /// classes, the first and last holding the outliers; when q3 + h·IQR ≥ max it replaces max (five).
    package static func boxPlot(_ y: [Double], hinge: Double = 1.5) throws -> ClassBreaks {
        let sorted = try prepare(y, k: 2)
        let q1 = percentile(sorted, 25)
        let median = percentile(sorted, 50)
        let q3 = percentile(sorted, 75)
        let top = sorted[sorted.count - 1]
        let pivot = hinge * (q3 - q1)
        let right = q3 + pivot
        var bounds = [q1 - pivot, q1, median, q3]
        if right < top { bounds += [right, top] } else { bounds.append(right) }
        return ClassBreaks(upperBounds: bounds, values: y)
    }

    /// User-defined bounds (mapclassify.UserDefined): the given ascending bounds, plus max when it lies
    /// above the last one.
    package static func userDefined(_ y: [Double], upperBounds: [Double]) throws -> ClassBreaks {
        let sorted = try prepare(y, k: 1)
        guard !upperBounds.isEmpty, zip(upperBounds, upperBounds.dropFirst()).allSatisfy({ $0 < $1 }),
            upperBounds.allSatisfy(\.isFinite)
        else {
            throw StatisticsError(.invalidArgument, "bounds must be finite, non-empty and ascending: \(upperBounds)")
        }
        var bounds = upperBounds
        if let top = sorted.last, let last = bounds.last, top > last { bounds.append(top) }
        return ClassBreaks(upperBounds: bounds, values: y)
    }

    /// Fisher–Jenks natural breaks (mapclassify.FisherJenks), exact; see `FisherJenks`.
    package static func fisherJenks(_ y: [Double], k: Int = 5) throws -> ClassBreaks {
        let sorted = try prepare(y, k: k)
        var distinct = 1
        for (a, b) in zip(sorted, sorted.dropFirst()) where a != b { distinct += 1 }
        guard distinct >= k else {
            throw StatisticsError(.invalidArgument, "\(distinct) distinct values cannot form \(k) classes")
        }
        return ClassBreaks(upperBounds: FisherJenks.upperBounds(sorted: sorted, k: k), values: y)
    }

    /// The sorted values after checking them and k.
    static func prepare(_ y: [Double], k: Int) throws -> [Double] {
        guard k >= 1 else { throw StatisticsError(.invalidArgument, "k must be at least 1, not \(k)") }
        guard !y.isEmpty else { throw StatisticsError(.tooFewAreas, "no values to classify") }
        if let bad = y.firstIndex(where: { !$0.isFinite }) {
            throw StatisticsError(.nonFiniteValue, "value \(bad) is \(y[bad]); drop missing areas before classifying")
        }
        return y.sorted()
    }

    /// Percentile with linear interpolation between order statistics (numpy's default, scipy
    /// `scoreatpercentile`): position p/100·(n − 1).
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        let position = p / 100 * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }
}
