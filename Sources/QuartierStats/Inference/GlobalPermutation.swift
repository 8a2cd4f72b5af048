import Foundation
import QuartierModel

/// The permutation test of a global statistic xᵀWx: R random relabellings of z.
///
/// Permutation p relabels with the stream `SplitMix64.stream(seed:index: p)` alone (a shuffle of z into one of a
/// worker's buffers), so the count — and the pseudo p — is identical for any number of threads; permutations are
/// dealt round-robin to the workers, which draw four at a time and evaluate the four quadratic forms in one pass
/// over W.
enum GlobalPermutation {
    /// #{p : z_πₚᵀ W z_πₚ ≥ observed} over `permutations` uniform permutations πₚ.
    static func countAtLeast(
        _ observed: Double, z: [Double], pairs: SymmetricPairs, permutations: Int, seed: UInt64, threads: Int?
    ) -> Int {
        let n = z.count
        // Each worker holds four permuted copies of z (32 bytes per value): at most 2 GiB of them in all, whatever
        // the number of cores (the result does not depend on the number of workers).
        let budget = max(1, (2 << 30) / max(1, 32 * n))
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, permutations, budget))
        var counts = [Int](repeating: 0, count: workers)
        let cancellation = CallerCancellation()
        // Large layers look at the flag before every group (a group of 3 million values takes tens of ms),
        // small ones every 256 groups.
        let checkEvery = n >= 4096 ? 1 : 256
        counts.withUnsafeMutableBufferPointer { output in
            nonisolated(unsafe) let out = output
            ParallelChunks.runRoundRobin(count: permutations, workers: workers) { worker, items in
                let mine = Array(items)
                var buffers = [Double](repeating: 0, count: 4 * n)
                var scratch = [Int](repeating: 0, count: 2 * bucketCount + 1)
                var larger = 0
                z.withUnsafeBufferPointer { z in
                    buffers.withUnsafeMutableBufferPointer { all in
                        scratch.withUnsafeMutableBufferPointer { scratch in
                            // The four permuted copies, drawn into and read from in place.
                            let slots = (0..<4).map {
                                UnsafeMutableBufferPointer(rebasing: all[($0 * n)..<($0 * n + n)])
                            }
                            let x = slots.map(UnsafeBufferPointer.init)
                            var start = 0
                            var group = 0
                            while start < mine.count {
                                if group % checkEvery == 0 && cancellation.isCancelled { break }
                                let size = min(4, mine.count - start)
                                for slot in 0..<size {
                                    var rng = InlineSplitMix64(
                                        state: SplitMix64.stream(seed: seed, index: mine[start + slot]).state)
                                    if n > bucketThreshold {
                                        bucketShuffle(z, into: slots[slot], scratch: scratch, rng: &rng)
                                    } else {
                                        shuffle(z, into: slots[slot], rng: &rng)
                                    }
                                }
                                if size == 4 {
                                    let (q0, q1, q2, q3) = pairs.quadraticForms(x[0], x[1], x[2], x[3])
                                    larger += (q0 >= observed ? 1 : 0) + (q1 >= observed ? 1 : 0)
                                    larger += (q2 >= observed ? 1 : 0) + (q3 >= observed ? 1 : 0)
                                } else {
                                    for slot in 0..<size where pairs.quadraticForm(x[slot]) >= observed { larger += 1 }
                                }
                                start += size
                                group += 1
                            }
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

    /// Buckets of `bucketShuffle` (a power of two; 8 random bits each).
    static let bucketCount = 256

    /// `out` = a uniform random permutation of `z` by Rao–Sandelius: every value is sent to one of 256 buckets
    /// uniformly at random (8 bits of the generator each), the buckets are laid out in order (a counting-sort
    /// scatter into 256 sequential streams), and each bucket is shuffled in place (Fisher–Yates, Durstenfeld).
    /// Exactly uniform: a final order with bucket sizes k₁…k₂₅₆ arises with probability 256⁻ⁿ / ∏kⱼ!, and summed
    /// over all size vectors (multinomial theorem) that is 1/n!. The buckets are counted in a first pass and
    /// the generator is then rewound to draw the same buckets again for the scatter, so no per-value tag is
    /// stored. For the national grid's 3 million values it replaces 3 million random accesses to 24 MB by two
    /// sequential passes and shuffles of ~94 KB, which stay in a core's cache.
    /// - Parameter scratch: 2 × `bucketCount` + 1 integers of working space.
    @inline(__always)
    static func bucketShuffle(
        _ z: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>,
        scratch: UnsafeMutableBufferPointer<Int>, rng: inout InlineSplitMix64
    ) {
        let n = z.count
        let mask: UInt64 = UInt64(bucketCount - 1)
        let perDraw = 8  // 64 bits, 8 per bucket
        // scratch[0...bucketCount]: bucket starts (prefix sums); scratch[bucketCount + 1 ..< 2·bucketCount + 1]:
        // the next free position of each bucket.
        for b in 0...bucketCount { scratch[b] = 0 }
        let rewind = rng
        var i = 0
        while i < n {
            var bits = rng.next()
            let stop = min(n, i + perDraw)
            while i < stop {
                scratch[Int(truncatingIfNeeded: bits & mask) + 1] += 1
                bits >>= 8
                i += 1
            }
        }
        for b in 0..<bucketCount {
            scratch[b + 1] += scratch[b]
            scratch[bucketCount + 1 + b] = scratch[b]
        }
        rng = rewind
        i = 0
        while i < n {
            var bits = rng.next()
            let stop = min(n, i + perDraw)
            while i < stop {
                let slot = bucketCount + 1 + Int(truncatingIfNeeded: bits & mask)
                out[scratch[slot]] = z[i]
                scratch[slot] += 1
                bits >>= 8
                i += 1
            }
        }
        var touched = 0.0
        for b in 0..<bucketCount {
            let lower = scratch[b]
            // The bucket was written by the scatter long ago and left the core's cache: read it in order first (one
            // value per 64-byte line, which the prefetcher streams in) instead of missing on every random swap.
            var line = lower
            while line < scratch[b + 1] {
                touched += out[line]
                line += 8
            }
            var i = scratch[b + 1] - 1
            // Two draws from each output of the generator (its 32-bit halves), as in `shuffle`.
            while i > lower + 1 {
                let bits = rng.next()
                let j0 = bounded32(UInt32(truncatingIfNeeded: bits), UInt32(truncatingIfNeeded: i - lower + 1), &rng)
                out.swapAt(i, lower + j0)
                i -= 1
                let j1 = bounded32(
                    UInt32(truncatingIfNeeded: bits >> 32), UInt32(truncatingIfNeeded: i - lower + 1), &rng)
                out.swapAt(i, lower + j1)
                i -= 1
            }
            if i > lower {
                let j = bounded32(
                    UInt32(truncatingIfNeeded: rng.next()), UInt32(truncatingIfNeeded: i - lower + 1), &rng)
                out.swapAt(i, lower + j)
            }
        }
        // Uses the sum, so that the compiler keeps the reads; scratch[0] is 0 already, so the store changes nothing.
        if touched.bitPattern == 1 { scratch[0] = 0 }
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
