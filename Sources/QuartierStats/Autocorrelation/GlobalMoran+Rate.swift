/// Moran's I for rates, on Empirical Bayes standardised rates (esda.Moran_Rate with `adjusted=True`).
extension GlobalMoran {
    /// Moran's I of the EB-standardised rates of `events` per `population` (Assunção & Reis 1999,
    /// "A new proposal to adjust Moran's I for population density", Statistics in Medicine 18;
    /// esda.Moran_Rate, https://pysal.org/esda/generated/esda.Moran_Rate.html).
    ///
    /// Weights are used as given (esda's default is row-standardised).
    /// - Throws: `StatisticsError` as `EmpiricalBayes.standardizedRates` and `compute`.
    package static func rate(
        events: [Double], population: [Double], weights: SpatialWeights, permutations: Int = 999, seed: UInt64
    ) throws -> MoranResult {
        let standardized = try EmpiricalBayes.standardizedRates(events: events, population: population)
        return try compute(standardized, weights: weights, permutations: permutations, seed: seed)
    }
}
