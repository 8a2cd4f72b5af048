import Foundation

/// A distance-decay function f(d) of Euclidean distance d in metres, as used by gravity access and
/// the weighted floating catchments. Every case follows a published definition, named below.
package enum DistanceDecay: Sendable, Hashable {
    /// f(d) = 1: every facility in reach counts fully (cumulative opportunities; Luo & Wang 2003 2SFCA).
    case none
    /// Power (gravity) decay f(d) = max(d, minDistance)^(−β), β > 0.
    ///
    /// As PySAL access `weights.gravity(scale: 1, alpha: −β, min_dist: minDistance)`: distances below
    /// `minDistance` metres are raised to it, so a facility on the origin gets a finite weight. We
    /// default `minDistance` to 1 m (PySAL's default of 0 makes f(0) infinite).
    /// Source: W. G. Hansen, "How accessibility shapes land use", JAIP 25(2), 1959.
    case power(beta: Double, minDistance: Double = 1)
    /// Unnormalised Gaussian f(d) = exp(−d² / (2σ²)), so f(0) = 1; σ in metres.
    ///
    /// Exactly PySAL access `weights.gaussian(sigma)`; with a cut-off radius it gives PySAL's
    /// "Gaussian 2SFCA" (`two_stage_fca(weight_fn=gaussian(σ), max_cost=D)`).
    case gaussian(sigma: Double)
    /// Dai's Gaussian f(d) = (exp(−½ (d/d₀)²) − exp(−½)) / (1 − exp(−½)) for d ≤ d₀, else 0.
    ///
    /// Falls from 1 at d = 0 to 0 at the bandwidth d₀ (metres), which is also the catchment radius.
    /// Source: D. Dai, "Black residential segregation, disparities in spatial access to health care
    /// facilities, and late-stage breast cancer diagnosis in metropolitan Detroit", Health & Place
    /// 16(5), 2010, https://doi.org/10.1016/j.healthplace.2010.06.012 (Gaussian 2SFCA).
    case daiGaussian(bandwidth: Double)
    /// Step weights: the weight of the first step whose `upTo` is `>= d` (steps sorted ascending),
    /// 0 beyond the last. Exactly PySAL access `weights.step_fn`; Luo & Qi 2009 E2SFCA uses
    /// 1, 0.68, 0.22 (W. Luo, Y. Qi, "An enhanced two-step floating catchment area (E2SFCA) method for
    /// measuring spatial accessibility to primary care physicians", Health & Place 15(4), 2009,
    /// https://doi.org/10.1016/j.healthplace.2009.06.002).
    case steps([DecayStep])

    /// f(d) for a distance `d >= 0` in metres.
    @inline(__always)
    package func weight(_ d: Double) -> Double {
        switch self {
        case .none:
            return 1
        case .power(let beta, let minDistance):
            return pow(Swift.max(d, minDistance), -beta)
        case .gaussian(let sigma):
            return exp(-d * d / (2 * sigma * sigma))
        case .daiGaussian(let d0):
            guard d <= d0 else { return 0 }
            let tail = exp(-0.5)
            let r = d / d0
            return (exp(-0.5 * r * r) - tail) / (1 - tail)
        case .steps(let steps):
            for step in steps where d <= step.upTo {
                return step.weight
            }
            return 0
        }
    }

    /// The largest distance at which f can be non-zero (infinity when it never reaches 0).
    var reach: Double {
        switch self {
        case .none, .power, .gaussian: .infinity
        case .daiGaussian(let d0): d0
        case .steps(let steps): steps.last?.upTo ?? 0
        }
    }

    /// Rejects parameters outside each definition's domain.
    func validate() throws(AccessError) {
        switch self {
        case .none:
            return
        case .power(let beta, let minDistance):
            guard beta.isFinite, beta >= 0 else { throw .invalidDecay("power β = \(beta), must be finite and >= 0") }
            guard minDistance.isFinite, minDistance >= 0 else {
                throw .invalidDecay("power minimum distance = \(minDistance) m, must be finite and >= 0")
            }
            guard minDistance > 0 || beta == 0 else {
                throw .invalidDecay("power decay with a minimum distance of 0 m is infinite at d = 0")
            }
        case .gaussian(let sigma):
            guard sigma > 0, sigma.isFinite else { throw .invalidDecay("Gaussian σ = \(sigma) m, must be > 0") }
        case .daiGaussian(let d0):
            guard d0 > 0, d0.isFinite else { throw .invalidDecay("Gaussian bandwidth = \(d0) m, must be > 0") }
        case .steps(let steps):
            guard !steps.isEmpty else { throw .invalidDecay("no steps") }
            var previous = 0.0
            for step in steps {
                guard step.upTo.isFinite, step.upTo > previous else {
                    throw .invalidDecay("step limits must be positive, finite and ascending (got \(step.upTo) m)")
                }
                guard step.weight.isFinite, step.weight >= 0 else {
                    throw .invalidDecay("step weight \(step.weight) must be finite and >= 0")
                }
                previous = step.upTo
            }
        }
    }
}

/// One step of a step decay: weight `weight` for distances up to and including `upTo` metres.
package struct DecayStep: Sendable, Hashable {
    package var upTo: Double
    package var weight: Double

    package init(upTo: Double, weight: Double) {
        self.upTo = upTo
        self.weight = weight
    }
}
