/// Weight sums used by the moments of global statistics and spatial lags.
///
/// Definitions as in libpysal's `W` (`s0`, `s1`, `s2`; Cliff & Ord 1981, *Spatial Processes*, ch. 1):
/// S0 = Σᵢ Σⱼ wᵢⱼ, S1 = ½ Σᵢ Σⱼ (wᵢⱼ + wⱼᵢ)², S2 = Σᵢ (wᵢ. + w.ᵢ)².
extension SpatialWeights {
    /// Row sums wᵢ. (0 for islands).
    package var rowSums: [Double] {
        (0..<count).map { i in weights[offsets[i]..<offsets[i + 1]].reduce(0, +) }
    }

    /// Row sums of squared weights Σⱼ wᵢⱼ².
    package var rowSquareSums: [Double] {
        (0..<count).map { i in weights[offsets[i]..<offsets[i + 1]].reduce(0) { $0 + $1 * $1 } }
    }

    /// Column sums w.ⱼ.
    package var columnSums: [Double] {
        var sums = [Double](repeating: 0, count: count)
        for k in neighbors.indices { sums[neighbors[k]] += weights[k] }
        return sums
    }

    /// S1 = ½ Σᵢ Σⱼ (wᵢⱼ + wⱼᵢ)², correct for asymmetric weights (row-standardised, kNN).
    ///
    /// wⱼᵢ is found by binary search in row j when every row lists its neighbours in ascending order (as the
    /// builders do), else through a table of all entries: the same sum either way, without a dictionary of
    /// millions of entries for a national grid.
    package var s1: Double {
        var sortedRows = true
        for i in 0..<count where sortedRows {
            var k = offsets[i] + 1
            while k < offsets[i + 1] {
                if neighbors[k - 1] >= neighbors[k] {
                    sortedRows = false
                    break
                }
                k += 1
            }
        }
        let reverseWeight: (Int, Int) -> Double?
        if sortedRows {
            reverseWeight = { [offsets, neighbors, weights] j, i in
                var lower = offsets[j]
                var upper = offsets[j + 1]
                while lower < upper {
                    let middle = (lower + upper) / 2
                    if neighbors[middle] < i { lower = middle + 1 } else { upper = middle }
                }
                return lower < offsets[j + 1] && neighbors[lower] == i ? weights[lower] : nil
            }
        } else {
            var lookup: [Int: Double] = [:]
            lookup.reserveCapacity(neighbors.count)
            for i in 0..<count {
                for k in offsets[i]..<offsets[i + 1] { lookup[i &* count &+ neighbors[k]] = weights[k] }
            }
            let n = count
            reverseWeight = { j, i in lookup[j &* n &+ i] }
        }
        var sum = 0.0
        for i in 0..<count {
            for k in offsets[i]..<offsets[i + 1] {
                let w = weights[k]
                if let reverse = reverseWeight(neighbors[k], i) {
                    // Both (i, j) and (j, i) are stored: each contributes half of (wᵢⱼ + wⱼᵢ)².
                    sum += (w + reverse) * (w + reverse) / 2
                } else {
                    // Only (i, j): the ordered pairs (i, j) and (j, i) both hold wᵢⱼ², halved.
                    sum += w * w
                }
            }
        }
        return sum
    }

    /// S2 = Σᵢ (wᵢ. + w.ᵢ)².
    package var s2: Double {
        let rows = rowSums
        let columns = columnSums
        var sum = 0.0
        for i in 0..<count { sum += (rows[i] + columns[i]) * (rows[i] + columns[i]) }
        return sum
    }

    /// The spatial lag Σⱼ wᵢⱼ yⱼ of every area (0 for islands).
    package func lag(_ y: [Double]) -> [Double] {
        (0..<count).map { i in
            var sum = 0.0
            for k in offsets[i]..<offsets[i + 1] { sum += weights[k] * y[neighbors[k]] }
            return sum
        }
    }
}
