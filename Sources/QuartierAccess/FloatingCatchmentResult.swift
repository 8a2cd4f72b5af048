/// The result of a floating catchment (2SFCA family) computation: per origin its access value and
/// state, per facility its supply-to-demand ratio.
package struct FloatingCatchmentResult: Sendable {
    /// A_i = Σ_{j: d_ij <= D} R_j f(d_ij), facilities per unit of demand (e.g. doctors per resident).
    /// nil where `states[i]` is not `.ok`: no facility in reach is missing provision, not zero. An origin
    /// whose facilities in reach all have capacity 0 (or are `unreachedSupply`) is `.ok` with 0.
    package let access: [Double?]
    /// `.ok`, `.noProvisionInReach` (no facility with d <= D) or `.undefined` (no finite position, or
    /// demand NaN).
    package let states: [AccessState]
    /// Distance to the nearest facility, metres, for every origin with a position (also, and above
    /// all, for `.noProvisionInReach` origins); nil only when the position is not finite.
    package let nearestDistance: [Double?]
    /// R_j = S_j / Σ_{k: d_kj <= D} P_k f(d_kj); nil where `unreachedSupply[j]`.
    package let supplyRatio: [Double?]
    /// The denominator of R_j: demand in the catchment of facility j, weighted by f.
    package let weightedDemand: [Double]
    /// True when facility j's catchment holds no (weighted) demand, so R_j is undefined rather than a
    /// division by zero; such supply reaches nobody and contributes to no origin.
    package let unreachedSupply: [Bool]
    /// The catchment radius D, metres (inclusive).
    package let radius: Double

    /// Σ S_j over facilities whose catchment holds demand. Invariant: Σ_i P_i A_i equals it (each
    /// facility's supply is shared out exactly among the demand it reaches).
    package let reachedSupply: Double
}
