/// Fisher–Jenks natural breaks: the partition of sorted values into k contiguous classes that minimises
/// the total within-class sum of squared deviations, by exact dynamic programming.
///
/// W. D. Fisher (1958), "On grouping for maximum homogeneity", JASA 53(284); G. F. Jenks (1977),
/// *Optimal data classification for choropleth maps*. The recursion is the one of mapclassify's
/// `_fisher_jenks_means` (after D. Lewis's port of the Fortran code), here in double precision
/// (mapclassify accumulates in float32, which can only matter for near-ties of the optimum).
/// Cost O(k·n²) time, O(k·n) memory: fine for thousands of areas; sample for much more.
enum FisherJenks {
    /// Upper bounds of the k optimal classes (values from `sorted`; the last is the maximum).
    static func upperBounds(sorted values: [Double], k: Int) -> [Double] {
        let n = values.count
        guard k > 1, n > k else { return k >= n ? values : [values[n - 1]] }
        // lowerClassLimits[l][j]: 1-based index of the first value of the last class in the best split of
        // the first l values into j classes; variance[l][j]: that split's within-class sum of squares.
        var lowerClassLimits = [[Int]](repeating: [Int](repeating: 0, count: k + 1), count: n + 1)
        var variance = [[Double]](repeating: [Double](repeating: 0, count: k + 1), count: n + 1)
        for j in 1...k { lowerClassLimits[1][j] = 1 }
        for l in 2...n {
            for j in 1...k { variance[l][j] = .infinity }
        }
        for l in 2...n {
            var sum = 0.0
            var sumSquares = 0.0
            var within = 0.0
            for m in 1...l {
                let lower = l - m + 1
                let value = values[lower - 1]
                sum += value
                sumSquares += value * value
                within = sumSquares - sum * sum / Double(m)
                let previous = lower - 1
                if previous != 0 {
                    for j in 2...k where variance[l][j] >= within + variance[previous][j - 1] {
                        lowerClassLimits[l][j] = lower
                        variance[l][j] = within + variance[previous][j - 1]
                    }
                }
            }
            lowerClassLimits[l][1] = 1
            variance[l][1] = within
        }
        var bounds = [Double](repeating: 0, count: k)
        bounds[k - 1] = values[n - 1]
        var last = n
        var j = k
        while j > 1 {
            let pivot = lowerClassLimits[last][j]
            bounds[j - 2] = values[pivot - 2]
            last = pivot - 1
            j -= 1
        }
        return bounds
    }
}
