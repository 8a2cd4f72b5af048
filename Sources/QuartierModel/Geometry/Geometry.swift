/// A closed ring of coordinates; the last coordinate repeats the first (as in OGC Simple Features).
package typealias Ring = [Coordinate]

/// A polygon: one exterior ring and any number of holes.
package struct Polygon: Sendable, Hashable, Codable {
    package var exterior: Ring
    package var holes: [Ring]

    package init(exterior: Ring, holes: [Ring] = []) {
        self.exterior = exterior
        self.holes = holes
    }

    /// Area in squared CRS units: the exterior's area minus its holes'.
    package var area: Double {
        abs(Polygon.signedArea(exterior)) - holes.reduce(0) { $0 + abs(Polygon.signedArea($1)) }
    }

    /// Shoelace signed area: positive for counter-clockwise rings (in a y-up plane).
    package static func signedArea(_ ring: Ring) -> Double {
        guard ring.count >= 3 else { return 0 }
        var sum = 0.0
        var previous = ring[ring.count - 1]
        for c in ring {
            sum += (previous.x * c.y) - (c.x * previous.y)
            previous = c
        }
        return sum / 2
    }

    /// The same polygon with the exterior counter-clockwise and holes clockwise (RFC 7946 §3.1.6).
    package func rightHandRule() -> Polygon {
        func oriented(_ ring: Ring, counterClockwise: Bool) -> Ring {
            (Polygon.signedArea(ring) > 0) == counterClockwise ? ring : ring.reversed()
        }
        return Polygon(
            exterior: oriented(exterior, counterClockwise: true),
            holes: holes.map { oriented($0, counterClockwise: false) })
    }
}

/// A geometry value as read from any OGR source, in the CRS of its layer.
package enum Geometry: Sendable, Hashable, Codable {
    case point(Coordinate)
    case multiPoint([Coordinate])
    case lineString([Coordinate])
    case multiLineString([[Coordinate]])
    case polygon(Polygon)
    case multiPolygon([Polygon])
    case collection([Geometry])

    /// Every coordinate of the geometry, rings and parts in order.
    package var coordinates: [Coordinate] {
        switch self {
        case .point(let c): return [c]
        case .multiPoint(let cs), .lineString(let cs): return cs
        case .multiLineString(let lines): return lines.flatMap { $0 }
        case .polygon(let p): return p.exterior + p.holes.flatMap { $0 }
        case .multiPolygon(let ps): return ps.flatMap { $0.exterior + $0.holes.flatMap { $0 } }
        case .collection(let gs): return gs.flatMap(\.coordinates)
        }
    }

    /// The bounding box, or nil for an empty geometry.
    package var envelope: BoundingBox? { BoundingBox(covering: coordinates) }

    /// True when the geometry has no coordinates.
    package var isEmpty: Bool {
        switch self {
        case .point: return false
        case .multiPoint(let cs), .lineString(let cs): return cs.isEmpty
        case .multiLineString(let ls): return ls.allSatisfy(\.isEmpty)
        case .polygon(let p): return p.exterior.isEmpty
        case .multiPolygon(let ps): return ps.allSatisfy { $0.exterior.isEmpty }
        case .collection(let gs): return gs.allSatisfy(\.isEmpty)
        }
    }

    /// Polygonal area in squared CRS units (0 for points and lines).
    package var area: Double {
        switch self {
        case .polygon(let p): return p.area
        case .multiPolygon(let ps): return ps.reduce(0) { $0 + $1.area }
        case .collection(let gs): return gs.reduce(0) { $0 + $1.area }
        default: return 0
        }
    }

    /// The polygons of a polygonal geometry (empty for others).
    package var polygons: [Polygon] {
        switch self {
        case .polygon(let p): return [p]
        case .multiPolygon(let ps): return ps
        case .collection(let gs): return gs.flatMap(\.polygons)
        default: return []
        }
    }

    /// The same geometry with every coordinate mapped through `transform`.
    package func mapCoordinates(_ transform: (Coordinate) throws -> Coordinate) rethrows -> Geometry {
        func ring(_ r: [Coordinate]) throws -> [Coordinate] { try r.map(transform) }
        func poly(_ p: Polygon) throws -> Polygon {
            Polygon(exterior: try ring(p.exterior), holes: try p.holes.map(ring))
        }
        switch self {
        case .point(let c): return .point(try transform(c))
        case .multiPoint(let cs): return .multiPoint(try ring(cs))
        case .lineString(let cs): return .lineString(try ring(cs))
        case .multiLineString(let ls): return .multiLineString(try ls.map(ring))
        case .polygon(let p): return .polygon(try poly(p))
        case .multiPolygon(let ps): return .multiPolygon(try ps.map(poly))
        case .collection(let gs): return .collection(try gs.map { try $0.mapCoordinates(transform) })
        }
    }

    /// OGR's name of the geometry type ("Point", "MultiPolygon", …).
    package var typeName: String {
        switch self {
        case .point: return "Point"
        case .multiPoint: return "MultiPoint"
        case .lineString: return "LineString"
        case .multiLineString: return "MultiLineString"
        case .polygon: return "Polygon"
        case .multiPolygon: return "MultiPolygon"
        case .collection: return "GeometryCollection"
        }
    }
}
