package import QuartierModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension WeightsBuilder {
    /// libpysal's `eps`: adaptive bandwidths are stretched by this factor so the k-th neighbour keeps a positive
    /// weight under kernels that vanish at z = 1.
    package static let adaptiveBandwidthStretch = 1.0000001

    /// Kernel weights K(d / h) on points, with a fixed or an adaptive bandwidth h.
    ///
    /// Semantics of `libpysal.weights.Kernel` 4.14 (after Anselin and Rey 2014, *Modern Spatial Econometrics in
    /// Practice*, p. 78; https://pysal.org/libpysal/generated/libpysal.weights.Kernel.html):
    /// - fixed (`bandwidth` given, `k` nil): h is `bandwidth` (CRS units, metres in EPSG:25833) for every point;
    ///   the neighbours are the points at distance ≤ h (a point at exactly h keeps weight 0 with `.bisquare`).
    /// - adaptive (`k` given, `bandwidth` nil): hᵢ is the distance from i to its k-th nearest other point, times
    ///   `adaptiveBandwidthStretch` (libpysal's `eps = 1.0000001`); the neighbours are those k nearest points
    ///   (ties by index), so Gaussian weights are truncated there too.
    /// - z = d / h, K as in `KernelFunction` (Gaussian normalised by 1/√(2π); bisquare = libpysal's `"quartic"`).
    ///
    /// Difference from libpysal: libpysal's `Kernel` lists each point as its own neighbour with weight K(0)
    /// (1/√(2π) ≈ 0.398942 for Gaussian, 15/16 for bisquare; 1 with `diagonal=True`). `SpatialWeights` has no
    /// diagonal, so the self-pair is left out; everything else is identical. Add K(0) back to a row sum when
    /// comparing kernel-smoothed values with libpysal's.
    /// - Throws: `WeightsError` `.countMismatch`, `.invalidBandwidth` (neither or both of bandwidth and k, or a
    ///   bandwidth that is not a positive finite number), `.invalidK`.
    package static func kernel(
        _ points: [Coordinate], ids: [String], function: KernelFunction, bandwidth: Double?, k: Int?
    ) throws -> SpatialWeights {
        guard points.count == ids.count else { throw WeightsError.countMismatch(points: points.count, ids: ids.count) }
        let index = PointIndex(points)
        var rows: [[Int]] = []
        var weightRows: [[Double]] = []
        rows.reserveCapacity(points.count)
        weightRows.reserveCapacity(points.count)
        switch (bandwidth, k) {
        case (let h?, nil):
            guard h > 0, h.isFinite else {
                throw WeightsError(.invalidBandwidth, "kernel bandwidth \(h) is not a positive finite number")
            }
            for (i, p) in points.enumerated() {
                let found = index.within(radius: h, of: p).filter { $0 != i }
                rows.append(found)
                weightRows.append(found.map { kernelValue(function, z: p.distance(to: points[$0]) / h) })
            }
        case (nil, let k?):
            guard k >= 1, k < points.count else { throw WeightsError.invalidK(k, areas: points.count) }
            for (i, p) in points.enumerated() {
                let nearest = index.nearest(to: p, k: k + 1)
                guard let farthest = nearest.last?.distance else {
                    rows.append([])
                    weightRows.append([])
                    continue
                }
                let h = farthest * adaptiveBandwidthStretch
                let others = nearest.filter { $0.index != i }
                rows.append(others.map(\.index))
                // h == 0 only when all k + 1 points coincide: z = 0 for each (libpysal would divide 0 by 0).
                weightRows.append(others.map { kernelValue(function, z: h > 0 ? $0.distance / h : 0) })
            }
        case (nil, nil):
            throw WeightsError(
                .invalidBandwidth, "kernel weights need a fixed bandwidth (metres) or k for an adaptive bandwidth")
        case (.some, .some):
            throw WeightsError(
                .invalidBandwidth, "give either a fixed bandwidth or k for an adaptive bandwidth, not both")
        }
        return assemble(ids: ids, rows: rows, weights: weightRows)
    }

    /// K(z) for 0 ≤ z ≤ 1 (libpysal `Kernel._eval_kernel`).
    package static func kernelValue(_ function: KernelFunction, z: Double) -> Double {
        switch function {
        case .gaussian:
            return exp(-(z * z) / 2) / (2 * Double.pi).squareRoot()
        case .bisquare:
            let u = 1 - z * z
            return 15.0 / 16.0 * u * u
        }
    }
}
