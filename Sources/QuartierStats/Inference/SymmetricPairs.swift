import QuartierModel

/// W folded onto its upper triangle for quadratic forms: xᵀWx = Σₐ xₐ Σ_{b>a} sₐᵦ xᵦ with
/// sₐᵦ = wₐᵦ + wᵦₐ (W has a zero diagonal). Half the entries of W, 32-bit columns: the kernel of the
/// global Moran permutation test, where xᵀWx is evaluated R times.
struct SymmetricPairs: Sendable {
    /// Row starts, n + 1 entries.
    let offsets: [Int]
    /// Columns b > a of each row a, increasing.
    let columns: [Int32]
    /// sₐᵦ, aligned with `columns`.
    let weights: [Double]

    init(_ w: SpatialWeights) {
        let n = w.count
        var start = [Int](repeating: 0, count: n + 1)
        for i in 0..<n {
            for k in w.offsets[i]..<w.offsets[i + 1] { start[min(i, w.neighbors[k]) + 1] += 1 }
        }
        for a in 0..<n { start[a + 1] += start[a] }
        let nnz = start[n]
        var columns = [Int32](repeating: 0, count: nnz)
        var values = [Double](repeating: 0, count: nnz)
        var fill = start
        for i in 0..<n {
            for k in w.offsets[i]..<w.offsets[i + 1] {
                let j = w.neighbors[k]
                let a = min(i, j)
                columns[fill[a]] = Int32(truncatingIfNeeded: max(i, j))
                values[fill[a]] = w.weights[k]
                fill[a] += 1
            }
        }
        // Sort each (short) row by column and merge wₐᵦ with wᵦₐ.
        var offsets = [Int](repeating: 0, count: n + 1)
        var outColumns = [Int32]()
        var outValues = [Double]()
        outColumns.reserveCapacity(nnz)
        outValues.reserveCapacity(nnz)
        for a in 0..<n {
            let lower = start[a]
            let upper = start[a + 1]
            var x = lower + 1
            while x < upper {  // insertion sort, stable
                let c = columns[x]
                let v = values[x]
                var y = x - 1
                while y >= lower && columns[y] > c {
                    columns[y + 1] = columns[y]
                    values[y + 1] = values[y]
                    y -= 1
                }
                columns[y + 1] = c
                values[y + 1] = v
                x += 1
            }
            var x2 = lower
            while x2 < upper {
                let c = columns[x2]
                var v = values[x2]
                x2 += 1
                while x2 < upper && columns[x2] == c {
                    v += values[x2]
                    x2 += 1
                }
                outColumns.append(c)
                outValues.append(v)
            }
            offsets[a + 1] = outColumns.count
        }
        self.offsets = offsets
        self.columns = outColumns
        self.weights = outValues
    }

    /// xᵀWx.
    func quadraticForm(_ x: UnsafeBufferPointer<Double>) -> Double {
        offsets.withUnsafeBufferPointer { offsets in
            columns.withUnsafeBufferPointer { columns in
                weights.withUnsafeBufferPointer { weights in
                    var total = 0.0
                    var k = 0
                    for a in 0..<(offsets.count - 1) {
                        let end = offsets[a + 1]
                        var lag = 0.0
                        while k < end {
                            lag += weights[k] * x[Int(columns[k])]
                            k += 1
                        }
                        total += x[a] * lag
                    }
                    return total
                }
            }
        }
    }

    /// xᵀWx for four vectors in one pass over the pairs: each sum is formed in the same order as by
    /// `quadraticForm`, so each result is bit for bit the same, while W — at 3 million areas 100 MB and more,
    /// far beyond the caches — is read from memory once per four permutations instead of once per permutation.
    func quadraticForms(
        _ x0: UnsafeBufferPointer<Double>, _ x1: UnsafeBufferPointer<Double>, _ x2: UnsafeBufferPointer<Double>,
        _ x3: UnsafeBufferPointer<Double>
    ) -> (Double, Double, Double, Double) {
        offsets.withUnsafeBufferPointer { offsets in
            columns.withUnsafeBufferPointer { columns in
                weights.withUnsafeBufferPointer { weights in
                    var t0 = 0.0
                    var t1 = 0.0
                    var t2 = 0.0
                    var t3 = 0.0
                    var k = 0
                    for a in 0..<(offsets.count - 1) {
                        let end = offsets[a + 1]
                        var l0 = 0.0
                        var l1 = 0.0
                        var l2 = 0.0
                        var l3 = 0.0
                        while k < end {
                            let c = Int(columns[k])
                            let w = weights[k]
                            l0 += w * x0[c]
                            l1 += w * x1[c]
                            l2 += w * x2[c]
                            l3 += w * x3[c]
                            k += 1
                        }
                        t0 += x0[a] * l0
                        t1 += x1[a] * l1
                        t2 += x2[a] * l2
                        t3 += x3[a] * l3
                    }
                    return (t0, t1, t2, t3)
                }
            }
        }
    }
}
