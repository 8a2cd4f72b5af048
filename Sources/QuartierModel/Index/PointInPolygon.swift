/// Point-in-polygon for polygons with holes, by the crossing-number (even–odd) test.
///
/// **Boundary rule.** A point on an edge or a vertex of any ring — the exterior *or a hole* — counts as
/// inside. A point on the border shared by two neighbouring polygons is therefore inside both;
/// `PolygonIndex.locate` resolves that by returning the lowest index. Points in the interior of a hole
/// are outside.
///
/// **Robustness.** Each edge is classified by the sign of one cross product,
/// `(a − p) × (b − p)`, evaluated in the same floating-point operations whatever the edge's direction,
/// so an edge shared by two polygons (traversed in opposite directions) gives both of them the same
/// answer: on a gap-free tessellation a point is located in at least one polygon, never lost in a
/// rounding crack. For an edge that straddles the ray's line the sign is exact unless the point lies
/// within the edge's bounding box (outside it, the two products have opposite signs or one is zero);
/// only there can rounding matter, and a cross product that rounds to exactly zero counts as "on the
/// edge".
///
/// Rings may be closed (last coordinate repeats the first, as OGC Simple Features requires) or not; an
/// unclosed ring is closed implicitly. Points with a non-finite coordinate are outside everything.
///
/// Sources: crossing-number test after W. R. Franklin, "PNPOLY – Point Inclusion in Polygon Test",
/// https://wrfranklin.org/Research/Short_Notes/pnpoly.html, and E. Haines, "Point in Polygon
/// Strategies", Graphics Gems IV (1994); the half-open convention for vertices on the ray as discussed
/// by J. O'Rourke, *Computational Geometry in C*, 2nd ed. (1998), §7.4.
package enum PointInPolygon {
    /// Where a point lies relative to one ring.
    enum RingPosition: Sendable, Equatable {
        case outside
        case inside
        case boundary
    }

    /// True when `point` lies inside `polygon` or on its boundary (exterior or hole edges), and not in
    /// the interior of a hole. An empty exterior contains nothing.
    package static func contains(_ polygon: Polygon, _ point: Coordinate) -> Bool {
        guard point.x.isFinite, point.y.isFinite else { return false }
        let outer = polygon.exterior.withUnsafeBufferPointer { position(of: point, in: $0) }
        switch outer {
        case .outside: return false
        case .boundary: return true
        case .inside: break
        }
        for hole in polygon.holes {
            switch hole.withUnsafeBufferPointer({ position(of: point, in: $0) }) {
            case .outside: continue
            case .boundary: return true
            case .inside: return false
            }
        }
        return true
    }

    /// True when a polygonal geometry (`.polygon` or `.multiPolygon`) contains `point`, by the rule of
    /// `contains(_:_:)` for polygons applied to each part. Every other case, including
    /// `.collection`, contains nothing.
    package static func contains(_ geometry: Geometry, _ point: Coordinate) -> Bool {
        switch geometry {
        case .polygon(let polygon):
            return contains(polygon, point)
        case .multiPolygon(let polygons):
            return polygons.contains { contains($0, point) }
        case .point, .multiPoint, .lineString, .multiLineString, .collection:
            return false
        }
    }

    /// Classifies `point` against one ring given as contiguous coordinates.
    ///
    /// The loop body is branch-light: per edge two subtractions per axis, one cross product and a few
    /// comparisons folded into a boolean; the only data-dependent branch is the rare `cross == 0`.
    ///
    /// The ray runs from `point` towards +x. An edge `a → b` crosses it when exactly one endpoint lies
    /// strictly above the point (the half-open rule, so a vertex on the ray is counted once), and the
    /// crossing lies right of the point when `cross = (a − p) × (b − p)` has the sign of `b.y − a.y`
    /// (the crossing's x minus `p.x` equals `cross / (b.y − a.y)`).
    @inline(__always)
    static func position(of point: Coordinate, in ring: UnsafeBufferPointer<Coordinate>) -> RingPosition {
        guard var previous = ring.last else { return .outside }
        let px = point.x
        let py = point.y
        var odd = false
        for current in ring {
            let ax = previous.x - px
            let ay = previous.y - py
            let bx = current.x - px
            let by = current.y - py
            let cross = ax * by - bx * ay
            let bAbove = by > 0
            let straddles = (ay > 0) != bAbove
            // Toggle when the edge straddles the ray's line and the crossing is right of the point.
            odd = odd != (straddles && ((cross > 0) == bAbove))
            if cross == 0, isWithinExtent(ax, ay, bx, by) {
                return .boundary
            }
            previous = current
        }
        return odd ? .inside : .outside
    }

    /// True when the origin (the query point, after translation) lies in the edge's bounding box; with
    /// a zero cross product that means it lies on the edge.
    @inline(__always)
    private static func isWithinExtent(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double) -> Bool {
        Swift.min(ax, bx) <= 0 && Swift.max(ax, bx) >= 0 && Swift.min(ay, by) <= 0 && Swift.max(ay, by) >= 0
    }
}
