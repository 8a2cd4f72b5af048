/// Access summarised per area (e.g. Planungsraum) from its origins (e.g. population grid cells).
///
/// For area a with origins i (group index `groups[i] == a`) and demand P_i:
/// - `meanDistance` = Σ P_i d_i / Σ P_i, the population-weighted mean nearest distance (metres);
/// - `shareBeyond` = Σ_{d_i > threshold} P_i / Σ P_i (strictly beyond the threshold);
/// - `medianDistance`: the weighted (lower) median, the smallest d_i whose cumulative demand in
///   ascending order of distance reaches half of Σ P_i;
/// - `meanAccess` = Σ P_i A_i / Σ P_i, the area's 2SFCA from its cells, where an origin with state
///   `.noProvisionInReach` counts with A_i = 0: its residents are in the area and have no provision in
///   reach, which is what an area-level 2SFCA (PySAL's, on the area as one origin) would show; leaving
///   them out would overstate the area's access. `shareWithoutProvision` reports their weight.
/// Origins that are `.undefined` (no position, NaN demand), or outside every area (`groups[i] == nil`),
/// are left out. An area with no demand weight (Σ P_i = 0) is `.undefined`, its values nil.
package struct AccessAggregation: Sendable {
    /// Σ P_i over the counted origins of each area.
    package let demand: [Double]
    /// Population-weighted mean nearest distance, metres.
    package let meanDistance: [Double?]
    /// Weighted median nearest distance, metres.
    package let medianDistance: [Double?]
    /// Share of demand with nearest distance > `threshold`, in [0, 1].
    package let shareBeyond: [Double?]
    /// Demand-weighted mean FCA value (nil when no FCA result was given, or the area is undefined).
    package let meanAccess: [Double?]
    /// Share of demand in origins with no facility in the catchment (nil as `meanAccess`).
    package let shareWithoutProvision: [Double?]
    /// `.ok` or `.undefined` (no demand weight in the area).
    package let states: [AccessState]
    /// The distance threshold of `shareBeyond`, metres.
    package let threshold: Double

    /// - Parameters:
    ///   - groups: per origin its area index in `0 ..< areaCount`, or nil when it lies in no area.
    ///   - areaCount: number of areas.
    ///   - demand: per origin, finite and >= 0 or NaN (missing).
    ///   - nearestDistance: per origin (e.g. `NearestResult.distance` or `FloatingCatchmentResult
    ///     .nearestDistance`); nil means undefined.
    ///   - threshold: metres, > 0.
    ///   - access: an FCA result over the same origins, for `meanAccess`.
    package init(
        groups: [Int?], areaCount: Int, demand: [Double], nearestDistance: [Double?], threshold: Double,
        access: FloatingCatchmentResult? = nil
    ) throws(AccessError) {
        let n = groups.count
        try AccessValidation.demand(demand, origins: n)
        try AccessValidation.radius(threshold)
        guard nearestDistance.count == n else {
            throw .lengthMismatch(what: "nearest distances", expected: n, actual: nearestDistance.count)
        }
        if let access, access.states.count != n {
            throw .lengthMismatch(what: "access values", expected: n, actual: access.states.count)
        }
        var members = [[Int]](repeating: [], count: areaCount)
        for (i, g) in groups.enumerated() {
            guard let g else { continue }
            guard g >= 0, g < areaCount else { throw .invalidGroup(origin: i, group: g, areaCount: areaCount) }
            guard !demand[i].isNaN, nearestDistance[i] != nil else { continue }
            members[g].append(i)
        }
        var total = [Double](repeating: 0, count: areaCount)
        var mean = [Double?](repeating: nil, count: areaCount)
        var median = [Double?](repeating: nil, count: areaCount)
        var beyond = [Double?](repeating: nil, count: areaCount)
        var meanAccess = [Double?](repeating: nil, count: areaCount)
        var without = [Double?](repeating: nil, count: areaCount)
        var states = [AccessState](repeating: .undefined, count: areaCount)
        for a in 0 ..< areaCount {
            // Ascending by distance, ties by origin index: the median is a pure function of the input.
            let sorted = members[a].map { (d: nearestDistance[$0] ?? 0, i: $0) }
                .sorted { $0.d != $1.d ? $0.d < $1.d : $0.i < $1.i }
            var p = 0.0, pd = 0.0, pBeyond = 0.0
            for (d, i) in sorted {
                p += demand[i]
                pd += demand[i] * d
                if d > threshold { pBeyond += demand[i] }
            }
            total[a] = p
            guard p > 0 else { continue }
            states[a] = .ok
            mean[a] = pd / p
            beyond[a] = pBeyond / p
            var cumulative = 0.0
            for (d, i) in sorted {
                cumulative += demand[i]
                if cumulative >= p / 2 {
                    median[a] = d
                    break
                }
            }
            if let access {
                var pa = 0.0, pAccessed = 0.0, pWithout = 0.0
                for i in members[a] {
                    switch access.states[i] {
                    case .ok:
                        pa += demand[i] * (access.access[i] ?? 0)
                        pAccessed += demand[i]
                    case .noProvisionInReach:
                        pWithout += demand[i]
                    case .undefined:
                        continue
                    }
                }
                let counted = pAccessed + pWithout
                if counted > 0 {
                    meanAccess[a] = pa / counted
                    without[a] = pWithout / counted
                }
            }
        }
        self.demand = total
        self.meanDistance = mean
        self.medianDistance = median
        self.shareBeyond = beyond
        self.meanAccess = meanAccess
        self.shareWithoutProvision = without
        self.states = states
        self.threshold = threshold
    }
}
