import Foundation
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
}

/// The permutation test of a global statistic xᵀWx: R random relabellings of z.
///
/// Permutation p relabels with the stream `SplitMix64.stream(seed:index: p)` alone (an inside-out
/// Fisher–Yates shuffle of z into a worker's buffer), so the count — and the pseudo p — is identical for
/// any number of threads; permutations are dealt round-robin to the workers.
enum GlobalPermutation {
    /// #{p : z_πₚᵀ W z_πₚ ≥ observed} over `permutations` uniform permutations πₚ.
    static func countAtLeast(
        _ observed: Double, z: [Double], pairs: SymmetricPairs, permutations: Int, seed: UInt64, threads: Int?
    ) -> Int {
        let n = z.count
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, permutations))
        var counts = [Int](repeating: 0, count: workers)
        let cancellation = CallerCancellation()
        counts.withUnsafeMutableBufferPointer { output in
            nonisolated(unsafe) let out = output
            ParallelChunks.runRoundRobin(count: permutations, workers: workers) { worker, items in
                var buffer = [Double](repeating: 0, count: n)
                var tags = [UInt8](repeating: 0, count: n > bucketThreshold ? n : 0)
                var larger = 0
                z.withUnsafeBufferPointer { z in
                    buffer.withUnsafeMutableBufferPointer { shuffled in
                        for p in items {
                            if p % 4096 < workers && cancellation.isCancelled { break }
                            var rng = InlineSplitMix64(state: SplitMix64.stream(seed: seed, index: p).state)
                            if n > bucketThreshold {
                                tags.withUnsafeMutableBufferPointer { bucketShuffle(z, into: shuffled, tags: $0, rng: &rng) }
                            } else {
                                shuffle(z, into: shuffled, rng: &rng)
                            }
                            if pairs.quadraticForm(UnsafeBufferPointer(shuffled)) >= observed { larger += 1 }
                        }
                    }
                }
                out[worker] = larger
            }
        }
        return counts.reduce(0, +)
    }

    /// Above this many values (2 MiB of doubles, beyond a core's cache) a permutation is drawn by
    /// `bucketShuffle`, whose memory accesses stay within a cache-sized bucket; below, by `shuffle`.
    static let bucketThreshold = 1 << 18

    /// Buckets of `bucketShuffle` (a power of two; 6 random bits each).
    static let bucketCount = 64

    /// `out` = a uniform random permutation of `z` by Rao–Sandelius: every value is sent to one of 64 buckets
    /// uniformly at random (6 bits of the generator each), the buckets are laid out in order (a counting-sort
    /// scatter into 64 sequential streams), and each bucket is shuffled in place (Fisher–Yates, Durstenfeld).
    /// Exactly uniform: a final order with bucket sizes k₁…k₆₄ arises with probability 64⁻ⁿ / ∏kⱼ!, and summed
    /// over all size vectors (multinomial theorem) that is 1/n!. For the national grid's 3 million values it
    /// replaces 3 million random accesses to 24 MB by three sequential passes and shuffles of ~400 KB.
    @inline(__always)
    static func bucketShuffle(
        _ z: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>,
        tags: UnsafeMutableBufferPointer<UInt8>, rng: inout InlineSplitMix64
    ) {
        let n = z.count
        var counts = (0..<(bucketCount + 1)).map { _ in 0 }
        var i = 0
        while i < n {
            var bits = rng.next()
            var k = 0
            while k < 10 && i < n {
                let b = Int(bits & 63)
                tags[i] = UInt8(truncatingIfNeeded: b)
                counts[b + 1] += 1
                bits >>= 6
                k += 1
                i += 1
            }
        }
        for b in 0..<bucketCount { counts[b + 1] += counts[b] }
        var next = counts
        for i in 0..<n {
            let b = Int(tags[i])
            out[next[b]] = z[i]
            next[b] += 1
        }
        for b in 0..<bucketCount {
            let lower = counts[b]
            var i = counts[b + 1] - 1
            while i > lower {
                let bits = rng.next()
                let j = lower + bounded32(UInt32(truncatingIfNeeded: bits), UInt32(truncatingIfNeeded: i - lower + 1), &rng)
                out.swapAt(i, j)
                i -= 1
            }
        }
    }

    /// `out` = a uniform random permutation of `z` (inside-out Fisher–Yates, Durstenfeld/Knuth): at step
    /// i, j is uniform in 0...i, out[i] = out[j], out[j] = z[i]. Bounded integers by Lemire's method on
    /// 32-bit halves of the generator's output (two per draw) while n fits 32 bits.
    @inline(__always)
    static func shuffle(
        _ z: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>, rng: inout InlineSplitMix64
    ) {
        let n = z.count
        guard n > 0 else { return }
        out[0] = z[0]
        guard n <= Int(UInt32.max) else {
            for i in 1..<n {
                let bound = UInt64(i + 1)
                var product = rng.next().multipliedFullWidth(by: bound)
                if product.low < bound {
                    let threshold = (0 &- bound) % bound
                    while product.low < threshold { product = rng.next().multipliedFullWidth(by: bound) }
                }
                let j = Int(product.high)
                out[i] = out[j]
                out[j] = z[i]
            }
            return
        }
        var i = 1
        while i < n {
            let bits = rng.next()
            let j0 = bounded32(UInt32(truncatingIfNeeded: bits), UInt32(truncatingIfNeeded: i + 1), &rng)
            out[i] = out[j0]
            out[j0] = z[i]
            i += 1
            if i == n { break }
            let j1 = bounded32(UInt32(truncatingIfNeeded: bits >> 32), UInt32(truncatingIfNeeded: i + 1), &rng)
            out[i] = out[j1]
            out[j1] = z[i]
            i += 1
        }
    }

    /// A uniform integer in 0..<bound from 32 random bits (Lemire 2019), redrawing from `rng` on rejection.
    @inline(__always)
    private static func bounded32(_ random: UInt32, _ bound: UInt32, _ rng: inout InlineSplitMix64) -> Int {
        var product = UInt64(random) &* UInt64(bound)
        if UInt32(truncatingIfNeeded: product) < bound {
            let threshold = (0 &- bound) % bound
            while UInt32(truncatingIfNeeded: product) < threshold {
                product = UInt64(UInt32(truncatingIfNeeded: rng.next() >> 32)) &* UInt64(bound)
            }
        }
        return Int(truncatingIfNeeded: product >> 32)
    }
}

/// SplitMix64's step (the same sequence as `SplitMix64` from the same state), spelled out here so that it
/// inlines into the shuffle: `SplitMix64.next` lives in another module and is not inlinable.
struct InlineSplitMix64 {
    var state: UInt64

    @inline(__always)
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
