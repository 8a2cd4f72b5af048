package import QuartierModel

/// Two-step floating catchment area (2SFCA) access, plain and with distance decay (E2SFCA, Gaussian).
///
/// Step 1, for each facility j: R_j = S_j / Σ_{k: d_kj <= D} P_k f(d_kj).
/// Step 2, for each origin i: A_i = Σ_{j: d_ij <= D} R_j f(d_ij).
/// With f = 1 this is the 2SFCA of W. Luo, F. Wang, "Measures of spatial accessibility to health care
/// in a GIS environment: synthesis and a case study in the Chicago region", Environment and Planning B
/// 30(6), 2003, https://doi.org/10.1068/b29120; with step weights the E2SFCA of Luo & Qi 2009; with
/// Dai's Gaussian the Gaussian 2SFCA of Dai 2010 (see `DistanceDecay`). Identical in definition to PySAL
/// access `two_stage_fca(max_cost=D, weight_fn=f)`, whose catchment is also inclusive (d <= D).
///
/// Distances are Euclidean, metres, projected CRS. S_j is capacity (>= 0; 0 contributes nothing),
/// P_k demand (population; NaN = missing: that origin is `.undefined` and adds no demand). Facilities
/// outside the study area count like any other: pass them in to avoid border effects.
///
/// Cost O(m log m + n log m + pairs in reach), in parallel over fixed chunks of origins. Step 1 sums
/// per chunk, then over chunks in chunk order, so results do not depend on the number of cores.
package enum FloatingCatchment {
    /// Plain 2SFCA (Luo & Wang 2003): every pair with d <= `radius` weighs 1.
    package static func twoStep(
        origins: [Coordinate], demand: [Double], facilities: [Coordinate], capacities: [Double]? = nil,
        radius: Double
    ) throws(AccessError) -> FloatingCatchmentResult {
        try weighted(
            origins: origins, demand: demand, facilities: Facilities(facilities, capacities: capacities),
            decay: .none, radius: radius)
    }

    /// Enhanced 2SFCA (Luo & Qi 2009): step weights, e.g. `[(500, 1), (1000, 0.68), (1500, 0.22)]`
    /// (metres, ascending, each inclusive); the catchment radius is the last step's limit.
    package static func enhanced(
        origins: [Coordinate], demand: [Double], facilities: [Coordinate], capacities: [Double]? = nil,
        steps: [(upTo: Double, weight: Double)]
    ) throws(AccessError) -> FloatingCatchmentResult {
        let decay = DistanceDecay.steps(steps.map { DecayStep(upTo: $0.upTo, weight: $0.weight) })
        try decay.validate()
        return try weighted(
            origins: origins, demand: demand, facilities: Facilities(facilities, capacities: capacities),
            decay: decay, radius: decay.reach)
    }

    /// Gaussian-decay 2SFCA as in PySAL access: f(d) = exp(−d²/2σ²) within d <= `radius`
    /// (`two_stage_fca(weight_fn=weights.gaussian(σ), max_cost=radius)`).
    package static func gaussian(
        origins: [Coordinate], demand: [Double], facilities: [Coordinate], capacities: [Double]? = nil,
        sigma: Double, radius: Double
    ) throws(AccessError) -> FloatingCatchmentResult {
        try weighted(
            origins: origins, demand: demand, facilities: Facilities(facilities, capacities: capacities),
            decay: .gaussian(sigma: sigma), radius: radius)
    }

    /// Gaussian 2SFCA of Dai 2010: f falls from 1 at d = 0 to 0 at d = `bandwidth`, the catchment radius.
    package static func gaussian(
        origins: [Coordinate], demand: [Double], facilities: [Coordinate], capacities: [Double]? = nil,
        bandwidth: Double
    ) throws(AccessError) -> FloatingCatchmentResult {
        try weighted(
            origins: origins, demand: demand, facilities: Facilities(facilities, capacities: capacities),
            decay: .daiGaussian(bandwidth: bandwidth), radius: bandwidth)
    }

    /// The general weighted 2SFCA with any decay f and catchment radius D (metres, > 0, inclusive).
    /// - Throws: `AccessError` for a refused input; `.cancelled` when the calling thread was cancelled meanwhile.
    package static func weighted(
        origins: [Coordinate], demand: [Double], facilities: Facilities, decay: DistanceDecay, radius: Double
    ) throws(AccessError) -> FloatingCatchmentResult {
        try AccessValidation.radius(radius)
        try AccessValidation.demand(demand, origins: origins.count)
        try decay.validate()
        let cancellation = CallerCancellation()
        let weighted = weightedDemand(origins: origins, demand: demand, facilities: facilities, decay: decay,
                                      radius: radius, cancellation: cancellation)
        if cancellation.isCancelled { throw .cancelled }
        var ratio = [Double?](repeating: nil, count: facilities.count)
        var unreached = [Bool](repeating: true, count: facilities.count)
        var reachedSupply = 0.0
        for j in 0 ..< facilities.count where weighted[j] > 0 {
            ratio[j] = facilities.capacities[j] / weighted[j]
            unreached[j] = false
            reachedSupply += facilities.capacities[j]
        }
        let (access, states, nearest) = secondStep(
            origins: origins, demand: demand, facilities: facilities, ratio: ratio, decay: decay, radius: radius,
            cancellation: cancellation)
        if cancellation.isCancelled { throw .cancelled }
        return FloatingCatchmentResult(
            access: access, states: states, nearestDistance: nearest, supplyRatio: ratio,
            weightedDemand: weighted, unreachedSupply: unreached, radius: radius, reachedSupply: reachedSupply)
    }

    /// Step 1: W_j = Σ_{k: d_kj <= D} P_k f(d_kj), summed per chunk of origins, then over chunks in order.
    private static func weightedDemand(
        origins: [Coordinate], demand: [Double], facilities: Facilities, decay: DistanceDecay, radius: Double,
        cancellation: CallerCancellation
    ) -> [Double] {
        let n = origins.count
        let m = facilities.count
        // Partial sums take chunks × m doubles: keep them near 4 M (32 MB) by widening chunks for
        // large m. A function of n and m only, never of the core count.
        let size = Swift.max(OriginChunks.size, (n * m) / (1 << 22) + 1)
        let chunks = ParallelChunks.chunkCount(n, size: size)
        guard chunks > 0 else { return [Double](repeating: 0, count: m) }
        let index = facilities.index
        var partial = [Double](repeating: 0, count: chunks * m)
        partial.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let out = ColumnWriter(base: base)
            OriginChunks.run(count: n, size: size, cancellation: cancellation) { chunk, range in
                let row = out.base + chunk * m
                var hits: [Int] = []
                var distances: [Double] = []
                for i in range {
                    let p = demand[i]
                    guard !p.isNaN, p > 0 else { continue }
                    index.within(radius: radius, of: origins[i], indexes: &hits, distances: &distances)
                    for (j, d) in zip(hits, distances) { row[j] += p * decay.weight(d) }
                }
            }
        }
        guard chunks > 1, !cancellation.isCancelled else { return partial }
        return ColumnWriter.column(m, 0.0) { total in
            partial.withUnsafeBufferPointer { rows in
                ParallelChunks.run(count: m, size: 1024) { _, columns in
                    for j in columns {
                        var sum = 0.0
                        for chunk in 0 ..< chunks { sum += rows[chunk * m + j] }
                        total(j, sum)
                    }
                }
            }
        }
    }

    /// Step 2: A_i, its state, and the nearest distance (from the pairs in reach, else from the tree).
    private static func secondStep(
        origins: [Coordinate], demand: [Double], facilities: Facilities, ratio: [Double?], decay: DistanceDecay,
        radius: Double, cancellation: CallerCancellation
    ) -> (access: [Double?], states: [AccessState], nearest: [Double?]) {
        let n = origins.count
        let index = facilities.index
        var states: [AccessState] = []
        var nearest: [Double?] = []
        let access = ColumnWriter.column(n, Double?.none) { accessOut in
            states = ColumnWriter.column(n, AccessState.undefined) { stateOut in
                nearest = ColumnWriter.column(n, Double?.none) { nearestOut in
                    OriginChunks.run(count: n, cancellation: cancellation) { _, range in
                        var candidates = NearestCandidates()
                        var hits: [Int] = []
                        var distances: [Double] = []
                        for i in range {
                            let o = origins[i]
                            guard o.x.isFinite, o.y.isFinite else { continue }
                            index.within(radius: radius, of: o, indexes: &hits, distances: &distances)
                            var sum = 0.0
                            var closest = Double.infinity
                            for (j, d) in zip(hits, distances) {
                                closest = Swift.min(closest, d)
                                if let r = ratio[j] { sum += r * decay.weight(d) }
                            }
                            if closest.isFinite {
                                nearestOut(i, closest)
                                guard !demand[i].isNaN else { continue }
                                accessOut(i, sum)
                                stateOut(i, .ok)
                            } else {
                                index.nearest(to: o, k: 1, into: &candidates)
                                nearestOut(i, candidates.nearest?.distance)
                                stateOut(i, demand[i].isNaN ? .undefined : .noProvisionInReach)
                            }
                        }
                    }
                }
            }
        }
        return (access, states, nearest)
    }
}
