/// The rings of many polygonal geometries in a few contiguous arrays, for repeated point-in-polygon tests.
///
/// A `Geometry` holds its rings as arrays of arrays inside an enum; walking that for every query chases
/// pointers and retains buffers. Here every ring coordinate of every geometry sits in one
/// `[Coordinate]` (ring after ring, part after part, geometry after geometry), and offset arrays say
/// where each ring, each polygon and each entry (one indexed geometry) begins — the compressed sparse
/// row layout. The crossing test then runs over a contiguous buffer.
///
/// The answers are those of `PointInPolygon.contains(_:_:)` for the same geometry, boundary rule
/// included.
struct FlatPolygons: Sendable {
    /// Every ring's coordinates, ring after ring.
    private let coordinates: [Coordinate]
    /// The bounding box of each polygon's exterior, to skip far parts of a multipolygon cheaply.
    private let polygonBoxes: [BoundingBox]
    /// Three offset tables, one after the other (see `Tester`): ring starts, polygon starts, entry starts.
    private let offsets: [Int]
    private let ringCount: Int
    private let polygonCount: Int

    /// The number of entries.
    let count: Int

    /// One entry for each element of `entries`, made of its polygons with a non-empty exterior (empty
    /// holes dropped).
    ///
    /// - Precondition: every coordinate is finite (see `envelope(of:)`).
    init(_ entries: [[Polygon]]) {
        var coordinates: [Coordinate] = []
        var polygonBoxes: [BoundingBox] = []
        var ringStarts = [0]
        var polygonStarts = [0]
        var entryStarts = [0]
        for polygons in entries {
            for polygon in polygons {
                guard let box = BoundingBox(covering: polygon.exterior) else { continue }
                polygonBoxes.append(box)
                for ring in [polygon.exterior] + polygon.holes where !ring.isEmpty {
                    coordinates.append(contentsOf: ring)
                    ringStarts.append(coordinates.count)
                }
                polygonStarts.append(ringStarts.count - 1)
            }
            entryStarts.append(polygonBoxes.count)
        }
        self.coordinates = coordinates
        self.polygonBoxes = polygonBoxes
        self.offsets = ringStarts + polygonStarts + entryStarts
        self.ringCount = ringStarts.count - 1
        self.polygonCount = polygonStarts.count - 1
        self.count = entries.count
    }

    /// The bounding box of the polygons with a non-empty exterior, or nil when there is none or a
    /// coordinate (of any ring) is not finite: such an entry cannot be placed in an index.
    static func envelope(of polygons: [Polygon]) -> BoundingBox? {
        var box: BoundingBox?
        for polygon in polygons where !polygon.exterior.isEmpty {
            for ring in [polygon.exterior] + polygon.holes {
                guard ring.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else { return nil }
            }
            box = BoundingBox.union(box, BoundingBox(covering: polygon.exterior))
        }
        return box
    }

    /// Calls `body` with a `Tester` over this value's storage, valid only during the call.
    @inline(__always)
    func withTester<Result>(_ body: (Tester) -> Result) -> Result {
        coordinates.withUnsafeBufferPointer { coordinates in
            polygonBoxes.withUnsafeBufferPointer { polygonBoxes in
                offsets.withUnsafeBufferPointer { offsets in
                    let polygonBase = ringCount + 1
                    let entryBase = polygonBase + polygonCount + 1
                    return body(
                        Tester(
                            coordinates: coordinates,
                            polygonBoxes: polygonBoxes,
                            ringStarts: UnsafeBufferPointer(rebasing: offsets[0 ..< polygonBase]),
                            polygonStarts: UnsafeBufferPointer(rebasing: offsets[polygonBase ..< entryBase]),
                            entryStarts: UnsafeBufferPointer(rebasing: offsets[entryBase...])))
                }
            }
        }
    }

    /// Point-in-entry tests over borrowed buffers: no reference counting, no copies in the hot loop.
    /// Valid only inside the `withTester` call that made it.
    struct Tester {
        /// Every ring's coordinates, ring after ring.
        let coordinates: UnsafeBufferPointer<Coordinate>
        let polygonBoxes: UnsafeBufferPointer<BoundingBox>
        /// Ring `r` spans `coordinates[ringStarts[r] ..< ringStarts[r + 1]]`.
        let ringStarts: UnsafeBufferPointer<Int>
        /// Polygon `q` owns rings `polygonStarts[q] ..< polygonStarts[q + 1]`; the first is its exterior.
        let polygonStarts: UnsafeBufferPointer<Int>
        /// Entry `e` owns polygons `entryStarts[e] ..< entryStarts[e + 1]`.
        let entryStarts: UnsafeBufferPointer<Int>

        /// True when entry `entry` contains `point` (boundary counts as inside; see `PointInPolygon`).
        ///
        /// - Precondition: `0 <= entry < count`, and `point` has finite coordinates.
        @inline(__always)
        func contains(entry: Int, _ point: Coordinate) -> Bool {
            for polygon in entryStarts[entry] ..< entryStarts[entry + 1] {
                let box = polygonBoxes[polygon]
                guard point.x >= box.minX, point.x <= box.maxX, point.y >= box.minY, point.y <= box.maxY
                else { continue }
                if polygonContains(polygon, point) {
                    return true
                }
            }
            return false
        }

        /// The polygon rule of `PointInPolygon.contains(_:_:)` over the flat rings of polygon `polygon`.
        @inline(__always)
        private func polygonContains(_ polygon: Int, _ point: Coordinate) -> Bool {
            let firstRing = polygonStarts[polygon]
            let endRing = polygonStarts[polygon + 1]
            for ring in firstRing ..< endRing {
                let slice = UnsafeBufferPointer(rebasing: coordinates[ringStarts[ring] ..< ringStarts[ring + 1]])
                switch PointInPolygon.position(of: point, in: slice) {
                case .boundary:
                    return true
                case .outside:
                    // Outside the exterior: out. Outside a hole: go on to the next hole.
                    if ring == firstRing { return false }
                case .inside:
                    // Inside the exterior: go on to the holes. Inside a hole: out.
                    if ring != firstRing { return false }
                }
            }
            return true
        }
    }
}
