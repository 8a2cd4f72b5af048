package import QuartierModel

/// Projects EPSG:3857 geometries into one tile's integer coordinate space and clips them to the
/// tile plus a buffer.
///
/// Tile space follows Mapbox Vector Tile spec 2.1 §4.3.1: origin at the tile's top-left, x right,
/// y down, `extent` units across (4096 by default). Clipping happens in floating point before
/// rounding, against the square `[-buffer, extent + buffer]` (64 units by default), so every
/// emitted coordinate lies within it:
/// - polygon rings: Sutherland–Hodgman against the four edges (Sutherland & Hodgman 1974,
///   "Reentrant polygon clipping", CACM 17(1)); holes are clipped the same way; a ring left with
///   fewer than 3 vertices is dropped (an exterior with its holes);
/// - lines: Liang–Barsky segment clipping (Liang & Barsky 1984, ACM TOG 3(1)), a line leaving and
///   re-entering the box becoming several parts;
/// - points: kept when inside the box.
/// Degenerate rings after rounding are handled by `MVTEncoder`, which never drops a polygon feature.
package struct TileClipper: Sendable {
    package var extent: Int
    package var buffer: Int

    package init(extent: Int = 4096, buffer: Int = 64) {
        self.extent = extent
        self.buffer = buffer
    }

    private struct Point {
        var x: Double
        var y: Double
    }

    /// The geometry in tile coordinates clipped to the buffered tile, or nil when nothing remains.
    ///
    /// - Parameters:
    ///   - geometry: in EPSG:3857 metres (see `WebMercator.project`).
    ///   - tile: the target tile.
    package func clip(_ geometry: Geometry, to tile: TileID) -> TileGeometry? {
        let bounds = WebMercator.tileBounds(tile)
        let sx = Double(extent) / bounds.width
        let sy = Double(extent) / bounds.height
        func toTile(_ c: Coordinate) -> Point { Point(x: (c.x - bounds.minX) * sx, y: (bounds.maxY - c.y) * sy) }
        let lo = Double(-buffer)
        let hi = Double(extent + buffer)

        switch geometry {
        case .point(let c):
            return clipPoints([c], toTile, lo, hi)
        case .multiPoint(let cs):
            return clipPoints(cs, toTile, lo, hi)
        case .lineString(let cs):
            return clipLines([cs], toTile, lo, hi)
        case .multiLineString(let ls):
            return clipLines(ls, toTile, lo, hi)
        case .polygon(let p):
            return clipPolygons([p], toTile, lo, hi)
        case .multiPolygon(let ps):
            return clipPolygons(ps, toTile, lo, hi)
        case .collection(let gs):
            // A tile feature has one type: keep the polygonal parts, else lines, else points.
            let polygons = gs.flatMap(\.polygons)
            if !polygons.isEmpty { return clipPolygons(polygons, toTile, lo, hi) }
            let lines = gs.flatMap { g -> [[Coordinate]] in
                switch g {
                case .lineString(let cs): return [cs]
                case .multiLineString(let ls): return ls
                default: return []
                }
            }
            if !lines.isEmpty { return clipLines(lines, toTile, lo, hi) }
            let points = gs.flatMap { g -> [Coordinate] in
                switch g {
                case .point(let c): return [c]
                case .multiPoint(let cs): return cs
                default: return []
                }
            }
            return points.isEmpty ? nil : clipPoints(points, toTile, lo, hi)
        }
    }

    private func round(_ p: Point) -> TilePoint {
        // Finite by construction (clipped into [lo, hi]); guard anyway against NaN input.
        TilePoint(x: p.x.isFinite ? Int(p.x.rounded()) : 0, y: p.y.isFinite ? Int(p.y.rounded()) : 0)
    }

    private func clipPoints(
        _ cs: [Coordinate], _ toTile: (Coordinate) -> Point, _ lo: Double, _ hi: Double
    ) -> TileGeometry? {
        let kept = cs.map(toTile).filter { $0.x >= lo && $0.x <= hi && $0.y >= lo && $0.y <= hi }
        return kept.isEmpty ? nil : .points(kept.map(round))
    }

    private func clipLines(
        _ lines: [[Coordinate]], _ toTile: (Coordinate) -> Point, _ lo: Double, _ hi: Double
    ) -> TileGeometry? {
        var parts: [[TilePoint]] = []
        for line in lines {
            var current: [TilePoint] = []
            let pts = line.map(toTile)
            for i in 1..<max(pts.count, 1) {
                guard let (a, b, aClipped, bClipped) = liangBarsky(pts[i - 1], pts[i], lo, hi) else {
                    if current.count >= 2 { parts.append(current) }
                    current = []
                    continue
                }
                if aClipped || current.isEmpty {
                    if current.count >= 2 { parts.append(current) }
                    current = [round(a)]
                }
                current.append(round(b))
                if bClipped {
                    if current.count >= 2 { parts.append(current) }
                    current = []
                }
            }
            if current.count >= 2 { parts.append(current) }
        }
        return parts.isEmpty ? nil : .lines(parts)
    }

    /// The part of segment a→b inside the box, with flags telling whether each end was moved.
    private func liangBarsky(
        _ a: Point, _ b: Point, _ lo: Double, _ hi: Double
    ) -> (Point, Point, Bool, Bool)? {
        let dx = b.x - a.x
        let dy = b.y - a.y
        var t0 = 0.0
        var t1 = 1.0
        for (p, q) in [(-dx, a.x - lo), (dx, hi - a.x), (-dy, a.y - lo), (dy, hi - a.y)] {
            if p == 0 {
                if q < 0 { return nil }
            } else {
                let r = q / p
                if p < 0 {
                    if r > t1 { return nil }
                    if r > t0 { t0 = r }
                } else {
                    if r < t0 { return nil }
                    if r < t1 { t1 = r }
                }
            }
        }
        let start = Point(x: a.x + t0 * dx, y: a.y + t0 * dy)
        let end = Point(x: a.x + t1 * dx, y: a.y + t1 * dy)
        return (start, end, t0 > 0, t1 < 1)
    }

    private func clipPolygons(
        _ polygons: [Polygon], _ toTile: (Coordinate) -> Point, _ lo: Double, _ hi: Double
    ) -> TileGeometry? {
        var out: [[[TilePoint]]] = []
        for polygon in polygons {
            guard let exterior = clipRing(polygon.exterior.map(toTile), lo, hi) else { continue }
            var rings = [exterior]
            for hole in polygon.holes {
                if let h = clipRing(hole.map(toTile), lo, hi) { rings.append(h) }
            }
            out.append(rings)
        }
        return out.isEmpty ? nil : .polygons(out)
    }

    /// Sutherland–Hodgman against x ≥ lo, x ≤ hi, y ≥ lo, y ≤ hi; nil when under 3 vertices remain.
    private func clipRing(_ ring: [Point], _ lo: Double, _ hi: Double) -> [TilePoint]? {
        var pts = ring
        if pts.count > 1, let f = pts.first, let l = pts.last, f.x == l.x, f.y == l.y { pts.removeLast() }
        let edges: [(Point) -> Double] = [{ $0.x - lo }, { hi - $0.x }, { $0.y - lo }, { hi - $0.y }]
        for inside in edges {
            guard pts.count >= 3 else { return nil }
            var next: [Point] = []
            next.reserveCapacity(pts.count + 4)
            var prev = pts[pts.count - 1]
            var prevD = inside(prev)
            for p in pts {
                let d = inside(p)
                if d >= 0 {
                    if prevD < 0 { next.append(intersect(prev, p, prevD, d)) }
                    next.append(p)
                } else if prevD >= 0 {
                    next.append(intersect(prev, p, prevD, d))
                }
                prev = p
                prevD = d
            }
            pts = next
        }
        guard pts.count >= 3 else { return nil }
        return pts.map(round)
    }

    /// The crossing of segment a–b with a clip edge, computed from the endpoints in a fixed order so
    /// that two neighbours walking a shared border in opposite directions get the same point.
    private func intersect(_ a: Point, _ b: Point, _ da: Double, _ db: Double) -> Point {
        if (b.x, b.y) < (a.x, a.y) { return intersect(b, a, db, da) }
        let t = da / (da - db)
        return Point(x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y))
    }
}
