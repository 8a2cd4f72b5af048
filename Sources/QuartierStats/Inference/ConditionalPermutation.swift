import Dispatch
import Foundation
import QuartierModel

/// Conditional permutation inference for local statistics of the form Iᵢ = aᵢ · Σⱼ wᵢⱼ vⱼ
/// (Anselin 1995, "Local indicators of spatial association — LISA", Geographical Analysis 27(2), §4):
/// area i keeps its own value; its kᵢ neighbours' values are replaced by kᵢ values drawn without
/// replacement from the other n − 1 areas.
///
/// The pseudo p-value folds as esda's `crand` with `alternative="directed"` (esda ≥ 2.5):
/// with L = #{simulated ≥ observed}, p = (min(L, R − L) + 1) / (R + 1) — a one-sided p in the direction
/// of the observed value, at most 0.5.
///
/// Reproducibility: area i draws from its own stream `SplitMix64.stream(seed:index: i)`, and each worker
/// restores its index buffer after every permutation, so results are identical for any thread count.
/// Cost: R · kᵢ bounded draws per area; no allocation per area or permutation (one buffer of n − 1
/// indexes and one of max kᵢ swap positions per worker).
enum ConditionalPermutation {
    /// Pseudo p-values, NaN for islands (callers turn NaN into nil with state `isolated`).
    /// - Parameters:
    ///   - focal: aᵢ, already multiplied by any scaling (e.g. (n − 1)·zᵢ/Σz² for local Moran).
    ///   - values: v, the values permuted among neighbours.
    ///   - threads: workers; nil uses every active processor.
    static func pseudoPValues(
        focal: [Double], values: [Double], weights w: SpatialWeights, permutations: Int, seed: UInt64,
        threads: Int?
    ) -> [Double] {
        let n = values.count
        var result = [Double](repeating: .nan, count: n)
        guard permutations > 0, n > 1 else { return result }
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, n))
        let maxCardinality = (0..<n).reduce(0) { max($0, w.offsets[$1 + 1] - w.offsets[$1]) }
        result.withUnsafeMutableBufferPointer { output in
            // Workers write disjoint index ranges of `output`.
            nonisolated(unsafe) let out = output
            let run: @Sendable (Int) -> Void = { worker in
                let lower = worker * n / workers
                let upper = (worker + 1) * n / workers
                simulate(
                    areas: lower..<upper, focal: focal, values: values, weights: w, permutations: permutations,
                    seed: seed, maxCardinality: maxCardinality, into: out)
            }
            if workers == 1 {
                run(0)
            } else {
                DispatchQueue.concurrentPerform(iterations: workers, execute: run)
            }
        }
        return result
    }

    private static func simulate(
        areas: Range<Int>, focal: [Double], values: [Double], weights w: SpatialWeights, permutations: Int,
        seed: UInt64, maxCardinality: Int, into out: UnsafeMutableBufferPointer<Double>
    ) {
        let n = values.count
        // Positions 0..<n-1 stand for the other areas: position m is area m, or m + 1 when m ≥ i.
        var indexBuffer = (0..<(n - 1)).map { Int32($0) }
        var swaps = [Int](repeating: 0, count: max(1, maxCardinality))
        let remaining = UInt64(n - 1)
        indexBuffer.withUnsafeMutableBufferPointer { buffer in
            swaps.withUnsafeMutableBufferPointer { swapAt in
                values.withUnsafeBufferPointer { v in
                    w.weights.withUnsafeBufferPointer { wts in
                        w.neighbors.withUnsafeBufferPointer { nbs in
                            for i in areas {
                                let start = w.offsets[i]
                                let k = w.offsets[i + 1] - start
                                guard k > 0 else {
                                    out[i] = .nan
                                    continue
                                }
                                let a = focal[i]
                                var observedLag = 0.0
                                for j in 0..<k { observedLag += wts[start + j] * v[nbs[start + j]] }
                                let observed = a * observedLag
                                var rng = SplitMix64.stream(seed: seed, index: i)
                                let i32 = Int32(i)
                                var larger = 0
                                for _ in 0..<permutations {
                                    var lag = 0.0
                                    for j in 0..<k {
                                        // Partial Fisher–Yates: position j gets a uniform pick of the rest.
                                        let r = j + Int(rng.bounded(remaining - UInt64(j)))
                                        swapAt[j] = r
                                        let picked = buffer[r]
                                        buffer[r] = buffer[j]
                                        buffer[j] = picked
                                        let area = picked < i32 ? Int(picked) : Int(picked) + 1
                                        lag += wts[start + j] * v[area]
                                    }
                                    // Undo the swaps in reverse so the buffer is the identity again.
                                    var j = k - 1
                                    while j >= 0 {
                                        let r = swapAt[j]
                                        let t = buffer[r]
                                        buffer[r] = buffer[j]
                                        buffer[j] = t
                                        j -= 1
                                    }
                                    if a * lag >= observed { larger += 1 }
                                }
                                if permutations - larger < larger { larger = permutations - larger }
                                out[i] = Double(larger + 1) / Double(permutations + 1)
                            }
                        }
                    }
                }
            }
        }
    }
}
