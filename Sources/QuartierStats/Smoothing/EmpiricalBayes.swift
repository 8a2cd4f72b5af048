/// Empirical Bayes rate smoothing, following esda.smoothing (https://pysal.org/esda/api.html#smoothing).
///
/// Inputs are counts of `events` and the `population` at risk per area; rates are events/population
/// (multiply by 1,000 or 100 for display). Missing or suppressed areas must be dropped by the caller
/// (`SpatialWeights.subset` for the spatial variant); a population of zero is rejected, not smoothed.
package enum EmpiricalBayes {
    /// Global EB rates (esda.Empirical_Bayes; S. J. Clayton, J. Kaldor 1987, Biometrics 43; method of
    /// moments of R. J. Marshall 1991, "Mapping disease and mortality rates using empirical Bayes
    /// estimators", Applied Statistics 40(2)):
    ///   b = Σe/Σn, s² = Σ nᵢ(rᵢ − b)²/Σn, a = s² − b/n̄,  rᵢ* = wᵢ rᵢ + (1 − wᵢ) b,  wᵢ = a/(a + b/nᵢ).
    /// As esda, a is not clipped at 0; an area whose a + b/nᵢ is 0 gets b.
    package static func globalRates(events: [Double], population: [Double]) throws -> [Double] {
        try check(events: events, population: population)
        let eSum = events.reduce(0, +)
        let bSum = population.reduce(0, +)
        let mean = eSum / bSum
        var left = 0.0
        for i in events.indices {
            let r = events[i] / population[i]
            left += population[i] * (r - mean) * (r - mean)
        }
        let variance = left / bSum - mean / (bSum / Double(events.count))
        return events.indices.map { i in
            let r = events[i] / population[i]
            let d = variance + mean / population[i]
            guard d != 0 else { return mean }
            let weight = variance / d
            return weight * r + (1 - weight) * mean
        }
    }

    /// Spatial EB rates (esda.Spatial_Empirical_Bayes; Marshall 1991): the prior of area i comes from its
    /// neighbourhood *including i*, with binary weights whatever `weights.transform` says:
    ///   bᵢ = (eᵢ + Σⱼ eⱼ)/(nᵢ + Σⱼ nⱼ), aᵢ = max(0, Σₖ nₖ(rₖ − bᵢ)²/Nᵢ − bᵢ/(Nᵢ/(kᵢ + 1))), Nᵢ = Σₖ nₖ,
    ///   rᵢ* = bᵢ + (rᵢ − bᵢ)·aᵢ/(aᵢ + bᵢ/nᵢ), k over i and its kᵢ neighbours.
    /// An isolated area is smoothed towards its own rate (its neighbourhood is itself), as esda.
    /// An area with aᵢ + bᵢ/nᵢ = 0 (no events around it) gets bᵢ.
    package static func spatialRates(events: [Double], population: [Double], weights w: SpatialWeights) throws
        -> [Double]
    {
        try check(events: events, population: population)
        guard events.count == w.count else {
            throw StatisticsError(
                .lengthMismatch, "\(events.count) areas of events but the weights have \(w.count) areas")
        }
        let rates = zip(events, population).map { $0 / $1 }
        return (0..<w.count).map { i in
            let neighbours = w.neighbors(of: i)
            var eSum = events[i]
            var bSum = population[i]
            for j in neighbours {
                eSum += events[j]
                bSum += population[j]
            }
            let prior = eSum / bSum
            var left = population[i] * (rates[i] - prior) * (rates[i] - prior)
            for j in neighbours { left += population[j] * (rates[j] - prior) * (rates[j] - prior) }
            let count = Double(neighbours.count + 1)
            let variance = max(0, left / bSum - prior / (bSum / count))
            let d = variance + prior / population[i]
            guard d != 0 else { return prior }
            return prior + (rates[i] - prior) * (variance / d)
        }
    }

    /// EB-standardised rates (Assunção & Reis 1999, Statistics in Medicine 18; esda.assuncao_rate):
    ///   zᵢ = (rᵢ − b)/√vᵢ, vᵢ = a + b/nᵢ, or b/nᵢ where that is negative; b and a as in `globalRates`.
    /// - Throws: `StatisticsError.constantField` when every vᵢ is 0 (no events anywhere).
    package static func standardizedRates(events: [Double], population: [Double]) throws -> [Double] {
        try check(events: events, population: population)
        let bSum = population.reduce(0, +)
        let mean = events.reduce(0, +) / bSum
        guard mean > 0 else {
            throw StatisticsError(.constantField, "no events in any area: every rate is 0 and cannot be standardised")
        }
        var s2 = 0.0
        for i in events.indices {
            let r = events[i] / population[i]
            s2 += population[i] * (r - mean) * (r - mean)
        }
        s2 /= bSum
        let a = s2 - mean / (bSum / Double(events.count))
        return events.indices.map { i in
            let raw = a + mean / population[i]
            let v = raw < 0 ? mean / population[i] : raw
            return (events[i] / population[i] - mean) / v.squareRoot()
        }
    }

    private static func check(events: [Double], population: [Double]) throws {
        guard events.count == population.count else {
            throw StatisticsError(
                .lengthMismatch, "\(events.count) event counts but \(population.count) population counts")
        }
        guard events.count >= 3 else {
            throw StatisticsError(.tooFewAreas, "\(events.count) areas; at least 3 are needed for rate smoothing")
        }
        for i in events.indices {
            guard events[i].isFinite && events[i] >= 0 else {
                throw StatisticsError(.outOfDomain, "events[\(i)] = \(events[i]); counts must be finite and ≥ 0")
            }
            guard population[i].isFinite && population[i] > 0 else {
                throw StatisticsError(
                    .outOfDomain,
                    "population[\(i)] = \(population[i]); the population at risk must be > 0 (drop empty areas)")
            }
        }
    }
}
