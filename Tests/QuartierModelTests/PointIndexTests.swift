import QuartierModel
import Testing

/// The `k` nearest by brute force: one pass over every point, keeping the `k` least (distance, index)
/// by insertion into a sorted list.
private func bruteNearest(_ points: [Coordinate], _ query: Coordinate, k: Int) -> [Int] {
    guard k > 0 else { return [] }
    var best: [(distance: Double, index: Int)] = []
    for (index, point) in points.enumerated() where point.x.isFinite && point.y.isFinite {
        let d = query.distance(to: point)
        let position = best.firstIndex { d < $0.distance } ?? best.count  // after equal distances: lower index
        if position < k {
            best.insert((d, index), at: position)
            if best.count > k { best.removeLast() }
        }
    }
    return best.map(\.index)
}

private func bruteWithin(_ points: [Coordinate], _ query: Coordinate, radius: Double) -> [Int] {
    points.indices.filter { query.distance(to: points[$0]) <= radius }
}

@Suite("PointIndex")
struct PointIndexTests {
    static let box = BoundingBox(minX: 0, minY: 0, maxX: 10_000, maxY: 5_000)
    static let points = SyntheticPolygons.randomPoints(count: 2_000, in: box, seed: 3)
    static let queries = SyntheticPolygons.randomPoints(
        count: 500, in: BoundingBox(minX: -1_000, minY: -1_000, maxX: 11_000, maxY: 6_000), seed: 4)
        + points.prefix(20)
    /// The five nearest of every query by brute force, computed once for both values of k.
    static let bruteFive = queries.map { bruteNearest(points, $0, k: 5) }

    @Test(arguments: [1, 5])
    func nearestAgreesWithBruteForce(k: Int) {
        let index = PointIndex(Self.points)
        #expect(index.count == 2_000)
        for (query, expected) in zip(Self.queries, Self.bruteFive) {
            let found = index.nearest(to: query, k: k)
            #expect(found.map(\.index) == Array(expected.prefix(k)))
            #expect(found.allSatisfy { $0.distance == query.distance(to: Self.points[$0.index]) })
        }
    }

    @Test(arguments: [0.0, 50.0, 250.0, 1_000.0])
    func withinAgreesWithBruteForce(radius: Double) {
        let index = PointIndex(Self.points)
        for query in Self.queries {
            #expect(index.within(radius: radius, of: query) == bruteWithin(Self.points, query, radius: radius))
        }
        // A query on an indexed point finds it at radius 0.
        #expect(index.within(radius: 0, of: Self.points[17]).contains(17))
    }

    /// On an integer lattice many points share a distance; ties go to the lower index, and a radius
    /// equal to a distance includes that point.
    @Test(arguments: [1, 2, 4, 5, 9, 13])
    func tiesAreBrokenByIndex(k: Int) {
        var lattice: [Coordinate] = []
        for y in 0 ..< 20 {
            for x in 0 ..< 20 {
                lattice.append(Coordinate(x: Double(x), y: Double(y)))
            }
        }
        let points = lattice.reversed() + lattice  // every position twice, under two indexes
        let index = PointIndex(points)
        let queries = [
            Coordinate(x: 5, y: 5), Coordinate(x: 5.5, y: 5.5), Coordinate(x: 0, y: 7.5), Coordinate(x: -3, y: 19),
        ]
        for query in queries {
            #expect(index.nearest(to: query, k: k).map(\.index) == bruteNearest(points, query, k: k))
            #expect(index.within(radius: 1, of: query) == bruteWithin(points, query, radius: 1))
            #expect(index.within(radius: 2.5, of: query) == bruteWithin(points, query, radius: 2.5))
        }
        let onPoint = index.nearest(to: Coordinate(x: 5, y: 5), k: 2)
        #expect(onPoint.map(\.distance) == [0, 0])
        #expect(onPoint.map(\.index) == [294, 505])
    }

    /// Collinear points with many duplicate coordinates exercise the three-way partition and the
    /// splitting of a zero-width axis.
    @Test func collinearAndDuplicatePoints() {
        var random = SplitMix64(seed: 21)
        let points = (0 ..< 1_500).map { _ in Coordinate(x: 7, y: Double(random.next() % 40)) }
        let index = PointIndex(points)
        for y in stride(from: -2.0, through: 42, by: 0.5) {
            for query in [Coordinate(x: 7, y: y), Coordinate(x: 3, y: y)] {
                #expect(index.nearest(to: query, k: 5).map(\.index) == bruteNearest(points, query, k: 5))
                #expect(index.within(radius: 1.5, of: query) == bruteWithin(points, query, radius: 1.5))
            }
        }
    }

    @Test func allPointsIdentical() {
        let points = Array(repeating: Coordinate(x: 3, y: 4), count: 1_000)
        let index = PointIndex(points)
        #expect(index.nearest(to: Coordinate(x: 0, y: 0), k: 5).map(\.index) == [0, 1, 2, 3, 4])
        #expect(index.nearest(to: Coordinate(x: 0, y: 0), k: 5).allSatisfy { $0.distance == 5 })
        #expect(index.within(radius: 5, of: Coordinate(x: 0, y: 0)) == Array(0 ..< 1_000))
        #expect(index.within(radius: 4.999, of: Coordinate(x: 0, y: 0)).isEmpty)
        #expect(index.nearest(to: Coordinate(x: 3, y: 4), k: 2_000).count == 1_000)
    }

    @Test func noPoints() {
        let index = PointIndex([])
        #expect(index.count == 0)
        #expect(index.nearest(to: Coordinate(x: 0, y: 0)).isEmpty)
        #expect(index.nearest(to: Coordinate(x: 0, y: 0), k: 5).isEmpty)
        #expect(index.within(radius: .infinity, of: Coordinate(x: 0, y: 0)).isEmpty)
    }

    @Test func onePoint() {
        let index = PointIndex([Coordinate(x: 1, y: 1)])
        let found = index.nearest(to: Coordinate(x: 4, y: 5), k: 3)
        #expect(found.count == 1)
        #expect(found.first?.index == 0)
        #expect(found.first?.distance == 5)
        #expect(index.within(radius: 5, of: Coordinate(x: 4, y: 5)) == [0])
        #expect(index.within(radius: 4.9, of: Coordinate(x: 4, y: 5)).isEmpty)
    }

    @Test func invalidArgumentsFindNothing() {
        let index = PointIndex(Self.points)
        #expect(index.nearest(to: Coordinate(x: 0, y: 0), k: 0).isEmpty)
        #expect(index.nearest(to: Coordinate(x: 0, y: 0), k: -3).isEmpty)
        #expect(index.nearest(to: Coordinate(x: .nan, y: 0)).isEmpty)
        #expect(index.within(radius: -1, of: Coordinate(x: 0, y: 0)).isEmpty)
        #expect(index.within(radius: .nan, of: Coordinate(x: 0, y: 0)).isEmpty)
        #expect(index.within(radius: 10, of: Coordinate(x: 0, y: .infinity)).isEmpty)
        #expect(index.within(radius: .infinity, of: Coordinate(x: 0, y: 0)).count == Self.points.count)
    }

    @Test func nonFinitePointsAreNotIndexed() {
        let points = [
            Coordinate(x: .nan, y: 0), Coordinate(x: 2, y: 2), Coordinate(x: 0, y: .infinity), Coordinate(x: 1, y: 1),
        ]
        let index = PointIndex(points)
        #expect(index.count == 2)
        #expect(index.nearest(to: Coordinate(x: 0, y: 0), k: 4).map(\.index) == [3, 1])
        #expect(index.within(radius: .infinity, of: Coordinate(x: 0, y: 0)) == [1, 3])
    }
}
