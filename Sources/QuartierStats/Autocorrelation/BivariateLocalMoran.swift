/// Bivariate local Moran's I: x in the area against the spatial lag of y, following esda.Moran_Local_BV
/// (https://pysal.org/esda/generated/esda.Moran_Local_BV.html; L. Anselin, I. Syabri, O. Smirnov 2002,
/// "Visualizing multivariate spatial correlation with dynamically linked windows").
///
/// Iᵢ = (n − 1) zₓ,ᵢ Σⱼ wᵢⱼ z_y,ⱼ / Σₖ zₓ,ₖ², with zₓ, z_y standardised by their population standard
/// deviations (as esda; so Σ zₓ² = n). Inference by conditional permutation of y among the other
/// n − 1 areas, x held fixed (esda's `_moran_local_bv_crand`), with the random index matrix shared by
/// all areas as in esda's `crand` (see `ConditionalPermutation`). No analytic moments: `expected`,
/// `variance` and `z` are nil. Quadrant: sign of zₓ,ᵢ against the sign of the lag of z_y.
package enum BivariateLocalMoran {
    /// Computes the bivariate LISA of x (in the area) and y (in the neighbours), weights as given.
    /// - Throws: `StatisticsError` for mismatched lengths, n < 3, constant x or y, non-finite values.
    package static func compute(
        x: [Double], y: [Double], weights w: SpatialWeights, permutations: Int = 999, seed: UInt64,
        threads: Int? = nil
    ) throws -> [LocalMoranResult] {
        try InputCheck.permutations(permutations)
        let (meanX, ssX) = try InputCheck.values(x, weights: w, name: "x", minimumCount: 3)
        let (meanY, ssY) = try InputCheck.values(y, weights: w, name: "y", minimumCount: 3)
        let n = Double(x.count)
        let sdX = (ssX / n).squareRoot()
        let sdY = (ssY / n).squareRoot()
        let zx = x.map { ($0 - meanX) / sdX }
        let zy = y.map { ($0 - meanY) / sdY }
        var den = 0.0
        for v in zx { den += v * v }
        let scaling = (n - 1) / den
        let focal = zx.map { $0 * scaling }
        let lag = w.lag(zy)
        let pValues = ConditionalPermutation.pseudoPValues(
            focal: focal, values: zy, weights: w, permutations: permutations, seed: seed, threads: threads)
        return (0..<w.count).map { i in
            guard w.offsets[i + 1] > w.offsets[i] else { return .isolated }
            return LocalMoranResult(
                state: .ok, i: focal[i] * lag[i], expected: nil, variance: nil, z: nil,
                pSimulated: pValues[i].isNaN ? nil : pValues[i],
                quadrant: LocalMoranResult.Quadrant(value: zx[i], lag: lag[i]))
        }
    }
}
