import QuartierModel
import QuartierTiles
import Testing

@Suite("TileClipper") struct TileClipperTests {
    let tile = TileID(z: 12, x: 2200, y: 1343)

    /// A polygon in EPSG:3857 metres from tile-space corners (x right, y down).
    private func metres(_ points: [(Double, Double)], in tile: TileID) -> [Coordinate] {
        let b = WebMercator.tileBounds(tile)
        return points.map { Coordinate(x: b.minX + $0.0 / 4096 * b.width, y: b.maxY - $0.1 / 4096 * b.height) }
    }

    private func allPoints(_ g: TileGeometry) -> [TilePoint] {
        switch g {
        case .points(let ps): return ps
        case .lines(let ls): return ls.flatMap { $0 }
        case .polygons(let ps): return ps.flatMap { $0.flatMap { $0 } }
        }
    }

    @Test func polygonLargerThanTileStaysWithinBuffer() throws {
        let ring = metres([(-5000, -3000), (9000, -100), (8000, 9000), (-2000, 7000), (-5000, -3000)], in: tile)
        let clipped = try #require(TileClipper().clip(.polygon(Polygon(exterior: ring)), to: tile))
        let pts = allPoints(clipped)
        #expect(!pts.isEmpty)
        #expect(pts.allSatisfy { (-64...4160).contains($0.x) && (-64...4160).contains($0.y) })
    }

    @Test(arguments: [0, 16, 64, 256]) func bufferIsRespected(buffer: Int) throws {
        let line = metres([(-9000, 2000), (2048, 2048), (12000, -500)], in: tile)
        let clipped = try #require(TileClipper(buffer: buffer).clip(.lineString(line), to: tile))
        let pts = allPoints(clipped)
        #expect(pts.allSatisfy { (-buffer...4096 + buffer).contains($0.x) && (-buffer...4096 + buffer).contains($0.y) })
        #expect(pts.contains(TilePoint(x: 2048, y: 2048)))
    }

    @Test func pointsOutsideAreDropped() {
        let inside = metres([(100, 100)], in: tile)[0]
        let outside = metres([(5000, 100)], in: tile)[0]
        #expect(TileClipper().clip(.multiPoint([inside, outside]), to: tile) == .points([TilePoint(x: 100, y: 100)]))
        #expect(TileClipper().clip(.point(outside), to: tile) == nil)
    }

    @Test func lineLeavingAndReenteringSplits() throws {
        let line = metres([(100, 100), (100, 6000), (200, 6000), (200, 100)], in: tile)
        let clipped = try #require(TileClipper().clip(.lineString(line), to: tile))
        guard case .lines(let parts) = clipped else {
            Issue.record("expected lines")
            return
        }
        #expect(parts.count == 2)
    }

    @Test func tinyPolygonNeverDisappears() throws {
        // 0.2 units across: every vertex rounds to the same tile point.
        let ring = metres([(1000.1, 1000.1), (1000.3, 1000.1), (1000.3, 1000.3), (1000.1, 1000.1)], in: tile)
        let clipped = try #require(TileClipper().clip(.polygon(Polygon(exterior: ring)), to: tile))
        let encoding = MVTEncoder.encode(MVTLayer(name: "a", features: [MVTFeature(id: 1, geometry: clipped)]))
        #expect(encoding.substitutedPolygons == 1)
        #expect(encoding.skippedFeatures == 0)
        #expect(!encoding.bytes.isEmpty)
    }
}

@Suite("WebMercator") struct WebMercatorTests {
    @Test func projectsAndClamps() {
        let (berlin, clamped) = WebMercator.project(Coordinate(x: 13.4, y: 52.52))
        #expect(!clamped)
        // Reference: EPSG GN 7-2 §1.3.3.2 closed form evaluated in Python's math module
        // (x = R·λ, y = R·ln tan(π/4 + φ/2)): (1491681.176629866, 6894699.801282422), ±1 mm.
        #expect(abs(berlin.x - 1_491_681.176629866) < 1e-3)
        #expect(abs(berlin.y - 6_894_699.801282422) < 1e-3)
        let back = WebMercator.unproject(berlin)
        #expect(abs(back.x - 13.4) < 1e-9 && abs(back.y - 52.52) < 1e-9)
        let (pole, poleClamped) = WebMercator.project(Coordinate(x: 0, y: 89))
        #expect(poleClamped)
        #expect(abs(pole.y - WebMercator.halfWorld) < 1)
        let (_, count) = WebMercator.project(.lineString([Coordinate(x: 0, y: -90), Coordinate(x: 0, y: 0)]))
        #expect(count == 1)
    }

    @Test func tilesCoveringBerlin() {
        let berlin = BoundingBox(minX: 13.08, minY: 52.33, maxX: 13.77, maxY: 52.68)
        #expect(TileMath.tilesCovering(bbox: berlin, zoom: 0) == [TileID(z: 0, x: 0, y: 0)])
        let z10 = TileMath.tilesCovering(bbox: berlin, zoom: 10)
        #expect(z10.contains(TileID(z: 10, x: 550, y: 335)))  // tile of 13.4°E 52.52°N
        for t in z10 {
            #expect(WebMercator.tileBoundsLonLat(t).intersects(berlin))
        }
    }
}

@Suite("HilbertTileID") struct HilbertTileIDTests {
    /// PMTiles v3 spec §"Tile ID": z0 → 0, then the z1 tiles in Hilbert order, then z2 from 5.
    static let examples: [(z: Int, x: Int, y: Int, id: UInt64)] = [
        (0, 0, 0, 0), (1, 0, 0, 1), (1, 0, 1, 2), (1, 1, 1, 3), (1, 1, 0, 4), (2, 0, 0, 5),
    ]

    @Test func matchesSpecExamples() {
        for e in Self.examples {
            #expect(TileID(z: e.z, x: e.x, y: e.y).hilbertID == e.id)
        }
    }

    @Test func rejectsOutOfGrid() {
        #expect(TileID(z: 1, x: 2, y: 0).hilbertID == nil)
        #expect(TileID(z: 32, x: 0, y: 0).hilbertID == nil)
    }

    @Test func idsAreABijectionPerZoom() {
        for z in 0...5 {
            let n = 1 << z
            let ids = Set((0..<n).flatMap { x in (0..<n).compactMap { y in TileID(z: z, x: x, y: y).hilbertID } })
            let first = UInt64(((1 << (2 * z)) - 1) / 3)
            #expect(ids == Set(first..<first + UInt64(n * n)))
        }
    }
}
