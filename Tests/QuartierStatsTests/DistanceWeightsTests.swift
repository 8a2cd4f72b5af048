import QuartierModel
import QuartierStats
import Testing

/// The code of the `WeightsError` that `body` throws, nil when it throws nothing or something else.
func code(_ body: () throws -> SpatialWeights) -> WeightsError.Code? {
    do {
        _ = try body()
        return nil
    } catch {
        return (error as? WeightsError)?.code
    }
}

@Suite("WeightsBuilder distance weights")
struct DistanceWeightsTests {
    static let kernels: [(WeightsBuilder.KernelFunction, Double?, Int?, String, String)] = [
        (.gaussian, nil, 8, "kernel_gaussian_adaptive_k8.gwt", "gaussian"),
        (.bisquare, 2000, nil, "kernel_quartic_fixed_2000.gwt", "quartic"),
    ]

    /// Reference: shapely 2.2 / GEOS 3.14 centroids (`berlin_plr_centroids.txt`).
    @Test func centroidsAgreeWithShapely() throws {
        let berlin = try #require(BerlinGeometryFixture.shared)
        for (geometry, expected) in zip(berlin.geometries, berlin.shapelyCentroids) {
            let c = try #require(geometry.flatMap(Centroids.centroid(of:)))
            #expect(abs(c.x - expected.x) < 1e-6 && abs(c.y - expected.y) < 1e-6)
        }
        // A 10 × 10 square with a 4 × 4 hole in its lower-left quarter: the centroid moves away from the hole.
        let hole: Ring = [
            Coordinate(x: 1, y: 1), Coordinate(x: 1, y: 5), Coordinate(x: 5, y: 5), Coordinate(x: 5, y: 1),
            Coordinate(x: 1, y: 1),
        ]
        guard case .polygon(let square) = ContiguityTests.square(0, 0, 10) else { return }
        let c = try #require(Centroids.centroid(of: .polygon(Polygon(exterior: square.exterior, holes: [hole]))))
        let expected = (100 * 5 - 16 * 3) / 84.0
        #expect(isClose(c.x, expected, atol: 1e-12, rtol: 1e-12) && isClose(c.y, expected, atol: 1e-12, rtol: 1e-12))
        #expect(Centroids.centroid(of: .multiPolygon([])) == nil)
        let line = Geometry.lineString([Coordinate(x: 0, y: 0), Coordinate(x: 4, y: 0)])
        #expect(Centroids.centroid(of: line) == Coordinate(x: 2, y: 0))
    }

    /// Reference: libpysal 4.14.1 `KNN(k=6)` on the shapely centroids (`knn6.gal`).
    @Test func knnMatchesLibpysal() throws {
        let berlin = try #require(BerlinGeometryFixture.shared)
        let reference = try berlin.libpysal("knn6.gal")
        let mine = try WeightsBuilder.knn(berlin.shapelyCentroids, ids: berlin.ids, k: 6)
        #expect(differences(mine, reference) == [])
        #expect(mine.cardinalities.allSatisfy { $0 == 6 })
        // Our own centroids give the same neighbours.
        let own = berlin.geometries.compactMap { $0.flatMap(Centroids.centroid(of:)) }
        #expect(differences(try WeightsBuilder.knn(own, ids: berlin.ids, k: 6), reference) == [])
    }

    /// Reference: libpysal 4.14.1 `DistanceBand(binary=True)` at `min_threshold_distance` (`distance_band_min.gal`).
    @Test func distanceBandMatchesLibpysal() throws {
        let berlin = try #require(BerlinGeometryFixture.shared)
        let threshold = try #require(WeightsBuilder.minimumThreshold(berlin.shapelyCentroids))
        #expect(threshold == Double(berlin.reference["min_threshold_distance"] ?? ""))
        let mine = try WeightsBuilder.distanceBand(berlin.shapelyCentroids, ids: berlin.ids, threshold: threshold)
        #expect(differences(mine, try berlin.libpysal("distance_band_min.gal")) == [])
        #expect(mine.islands.isEmpty)
        #expect(mine.neighbors.count == Int(berlin.reference["distance_band_nonzero"] ?? ""))
    }

    /// Reference: libpysal 4.14.1 `Kernel` (Gaussian adaptive k = 8; quartic = bisquare, fixed 2000 m), without
    /// libpysal's self-pairs (K(0) = 1/√(2π) and 15/16, checked against `reference.txt`); rtol 1e-5, atol 1e-7.
    @Test(arguments: kernels)
    func kernelMatchesLibpysal(
        function: WeightsBuilder.KernelFunction, bandwidth: Double?, k: Int?, file: String, name: String
    ) throws {
        let berlin = try #require(BerlinGeometryFixture.shared)
        let mine = try WeightsBuilder.kernel(
            berlin.shapelyCentroids, ids: berlin.ids, function: function, bandwidth: bandwidth, k: k)
        let reference = try berlin.libpysal(file)
        #expect(differences(mine, reference, compareWeights: true) == [])
        #expect(mine.neighbors.count + 542 == Int(berlin.reference["\(name)_nonzero_with_self"] ?? ""))
        let selfText = (berlin.reference["\(name)_self_weight"] ?? "").filter { $0 != "[" && $0 != "]" }
        let selfWeight = try #require(Double(selfText))
        #expect(isClose(WeightsBuilder.kernelValue(function, z: 0), selfWeight))
    }

    @Test func inverseDistance() throws {
        let points = [Coordinate(x: 0, y: 0), Coordinate(x: 3, y: 4), Coordinate(x: 100, y: 0)]
        let w = try WeightsBuilder.distanceBand(points, ids: ["a", "b", "c"], threshold: 5, inverseAlpha: 2)
        #expect(Array(w.neighbors(of: 0)) == [1])
        #expect(isClose(w.weights(of: 0).first ?? 0, 1.0 / 25))
        #expect(w.islands == [2])
        #expect(throws: WeightsError.self) {
            try WeightsBuilder.distanceBand(points + [Coordinate(x: 0, y: 0)], ids: ["a", "b", "c", "d"], threshold: 5,
                inverseAlpha: 1)
        }
        // d^−α beyond a Double (5^−500 → 0, 0.5^−2000 → ∞) would make every statistic NaN: refused (issue 25, item 8;
        // before, `hotspots --weights idw:5000:500` exited 2 with "Unable to encode Double.-nan").
        #expect(code { try WeightsBuilder.distanceBand(points, ids: ["a", "b", "c"], threshold: 5, inverseAlpha: 500) }
            == .invalidExponent)
        let close = [Coordinate(x: 0, y: 0), Coordinate(x: 0.5, y: 0)]
        #expect(code { try WeightsBuilder.distanceBand(close, ids: ["a", "b"], threshold: 5, inverseAlpha: 2000) }
            == .invalidExponent)
    }

    @Test func errorsSayWhatWouldWork() {
        let points = [Coordinate(x: 0, y: 0), Coordinate(x: 10, y: 0), Coordinate(x: 0, y: 30)]
        let ids = ["a", "b", "c"]
        for k in [0, 3, -1] {
            #expect(code { try WeightsBuilder.knn(points, ids: ids, k: k) } == .invalidK)
        }
        for threshold in [0, -1, Double.nan] {
            let result = code { try WeightsBuilder.distanceBand(points, ids: ids, threshold: threshold) }
            #expect(result == .invalidThreshold)
        }
        do {
            _ = try WeightsBuilder.distanceBand(points, ids: ids, threshold: 5)
            Issue.record("a 5 m band leaves every point alone")
        } catch let error as WeightsError {
            #expect(error.code == .allIsolated)
            #expect(error.description.contains("smallest threshold that gives every area a neighbour is 30.0"))
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(code { try WeightsBuilder.knn(points, ids: ["a"], k: 1) } == .countMismatch)
        let bandwidths: [(Double?, Int?)] = [(nil, nil), (100.0, 2), (-3.0, nil), (Double.infinity, nil)]
        for (bandwidth, k) in bandwidths {
            let result = code {
                try WeightsBuilder.kernel(points, ids: ids, function: .gaussian, bandwidth: bandwidth, k: k)
            }
            #expect(result == .invalidBandwidth)
        }
        #expect(WeightsBuilder.minimumThreshold(points) == 30)
        #expect(WeightsBuilder.minimumThreshold([points[0]]) == nil)
    }

    @Test func knnBreaksTiesByIndex() throws {
        // b and c are both at distance 1 from a: the lower index wins.
        let points = [Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0), Coordinate(x: -1, y: 0), Coordinate(x: 5, y: 0)]
        let w = try WeightsBuilder.knn(points, ids: ["a", "b", "c", "d"], k: 1)
        #expect(Array(w.neighbors(of: 0)) == [1])
        #expect(Array(w.neighbors(of: 3)) == [1])
    }
}
