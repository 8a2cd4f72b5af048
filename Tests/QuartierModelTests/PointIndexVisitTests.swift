import QuartierModel
import Testing

/// The allocation-free queries of `PointIndex+Visit.swift` agree with the allocating ones.
@Suite("PointIndex allocation-free queries")
struct PointIndexVisitTests {
    static func points(_ n: Int, seed: UInt64) -> [Coordinate] {
        var rng = SplitMix64(seed: seed)
        return (0 ..< n).map { _ in Coordinate(x: rng.nextDouble(in: 0, 1000), y: rng.nextDouble(in: 0, 1000)) }
    }

    @Test(arguments: [0.0, 25, 100, 2000])
    func withinIntoArraysMatchesWithin(radius: Double) {
        let index = PointIndex(Self.points(3000, seed: 1))
        var hits: [Int] = []
        var distances: [Double] = []
        for q in Self.points(200, seed: 2) {
            index.within(radius: radius, of: q, indexes: &hits, distances: &distances)
            #expect(hits.sorted() == index.within(radius: radius, of: q))
            #expect(distances.allSatisfy { $0 <= radius })
        }
    }

    @Test(arguments: [1, 2, 7])
    func nearestIntoCandidatesMatchesNearest(k: Int) {
        let index = PointIndex(Self.points(3000, seed: 3))
        var candidates = NearestCandidates()
        for q in Self.points(200, seed: 4) {
            let expected = index.nearest(to: q, k: k)
            index.nearest(to: q, k: k, into: &candidates)
            #expect(candidates.count == k)
            #expect(candidates.nearest?.index == expected.first?.index)
            #expect(candidates.nearest?.distance == expected.first?.distance)
            #expect(candidates.farthestDistance == expected.last?.distance)
        }
    }
}
