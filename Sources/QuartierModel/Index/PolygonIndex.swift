
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A static R-tree (Sort-Tile-Recursive packing, Leutenegger et al. 1997) over the bounding boxes of
/// polygonal geometries, with exact point location by the crossing-number test.
///
/// Built once, queried many times, shared freely across tasks (it is an immutable value). Indexes in
/// and out are positions in the array given to `init`. Only `.polygon` and `.multiPolygon` geometries
/// are indexed — the cases `PointInPolygon.contains(_:_:)` accepts; nil geometries, other cases,
/// geometries without a non-empty exterior and geometries with a non-finite coordinate are skipped
/// and never returned.
///
/// Point location follows `PointInPolygon`'s boundary rule: a point on a border shared by several
/// geometries lies in all of them, and `locate` returns the lowest index.
///
/// Sources: the packing is described in `PackedRTree`; the per-geometry ring layout in `FlatPolygons`.
package struct PolygonIndex: Sendable {
    private let tree: PackedRTree
    private let rings: FlatPolygons
    /// Entry `e` (tree item `e`) is geometry `sourceIndexes[e]`; ascending, so the lowest entry found
    /// is also the lowest source index.
    private let sourceIndexes: [Int]

    /// Indexes the polygonal geometries among `geometries`.
    ///
    /// - Parameters:
    ///   - geometries: in any CRS; queries use the same CRS. nil or empty geometries are skipped.
    ///   - nodeCapacity: the R-tree's fan-out (at least 2; 16 is a good default for point queries).
    package init(_ geometries: [Geometry?], nodeCapacity: Int = 16) {
        var entries: [[Polygon]] = []
        var boxes: [BoundingBox] = []
        var sourceIndexes: [Int] = []
        for (index, geometry) in geometries.enumerated() {
            let polygons: [Polygon]
            switch geometry {
            case .polygon(let polygon): polygons = [polygon]
            case .multiPolygon(let parts): polygons = parts
            case .point, .multiPoint, .lineString, .multiLineString, .collection, nil: continue
            }
            guard let box = FlatPolygons.envelope(of: polygons) else { continue }
            entries.append(polygons)
            boxes.append(box)
            sourceIndexes.append(index)
        }
        self.tree = PackedRTree(boxes, nodeCapacity: nodeCapacity)
        self.rings = FlatPolygons(entries)
        self.sourceIndexes = sourceIndexes
    }

    /// The number of geometries indexed (skipped ones not counted).
    package var count: Int { sourceIndexes.count }

    /// The indexes of the geometries whose bounding box contains `point` (edges included), ascending.
    package func candidates(containing point: Coordinate) -> [Int] {
        var found: [Int] = []
        tree.withSearcher { $0.forEachItem(containing: point) { found.append(sourceIndexes[$0]) } }
        return found.sorted()
    }

    /// The indexes of the geometries whose bounding box intersects `box` (touching counts), ascending.
    package func candidates(intersecting box: BoundingBox) -> [Int] {
        var found: [Int] = []
        tree.withSearcher { $0.forEachItem(intersecting: box) { found.append(sourceIndexes[$0]) } }
        return found.sorted()
    }

    /// The lowest index of a geometry containing `point` (boundary included), or nil when none does
    /// or a coordinate of `point` is not finite.
    package func locate(_ point: Coordinate) -> Int? {
        withLocator { $0.locate(point) }
    }

    /// `points.map(locate)`, computed in parallel over the active cores.
    ///
    /// The points are cut into contiguous chunks (several per core, for balance) run by `ParallelChunks`; each
    /// chunk writes its own slice of the result. Every answer
    /// depends only on its point, so the result is the same whatever the core count or scheduling.
    package func locateAll(_ points: [Coordinate]) -> [Int?] {
        let total = points.count
        let cores = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunkCount = Swift.min(cores * Self.chunksPerCore, total / Self.minimumChunk)
        guard cores > 1, chunkCount > 1 else {
            return withLocator { locator in points.map { locator.locate($0) } }
        }
        let chunkSize = (total + chunkCount - 1) / chunkCount
        return [Int?](unsafeUninitializedCapacity: total) { buffer, initializedCount in
            // Each chunk initializes only its own, disjoint range of the buffer, and the buffer outlives
            // `ParallelChunks.run`, which returns when every chunk has finished.
            let output = buffer
            ParallelChunks.run(count: total, size: chunkSize) { _, range in
                withLocator { locator in
                    points.withUnsafeBufferPointer { points in
                        for i in range {
                            output.initializeElement(at: i, to: locator.locate(points[i]))
                        }
                    }
                }
            }
            initializedCount = total
        }
    }

    /// Calls `body` with a `Locator` over this index, valid only during the call.
    private func withLocator<Result>(_ body: (Locator) -> Result) -> Result {
        tree.withSearcher { searcher in
            rings.withTester { tester in
                body(Locator(searcher: searcher, tester: tester, sourceIndexes: sourceIndexes))
            }
        }
    }

    /// Point location over borrowed buffers, for a run of points on one thread.
    private struct Locator {
        let searcher: PackedRTree.Searcher
        let tester: FlatPolygons.Tester
        let sourceIndexes: [Int]

        @inline(__always)
        func locate(_ point: Coordinate) -> Int? {
            guard point.x.isFinite, point.y.isFinite else { return nil }
            var best = Int.max
            searcher.forEachItem(containing: point) { entry in
                // Candidates come in tree order; only a lower entry can improve on the one found.
                if entry < best, tester.contains(entry: entry, point) {
                    best = entry
                }
            }
            return best == Int.max ? nil : sourceIndexes[best]
        }
    }

    /// Chunks per core in `locateAll`: more than one, so a core that finishes early takes another.
    private static let chunksPerCore = 4
    /// Below this many points per chunk, threading costs more than it saves.
    private static let minimumChunk = 2048
}
