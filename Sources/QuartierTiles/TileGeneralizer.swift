package import QuartierModel

/// Generalises a projected layer (EPSG:3857 metres) for one zoom at a time, keeping shared borders
/// identical between neighbours.
///
/// Polygons are taken apart into shared arcs once (`ArcTopology`); for each zoom every arc is
/// simplified once (`LineSimplifier`, Douglas–Peucker) and each polygon is rebuilt from its
/// simplified arcs, so both sides of a border get the same vertices. Junctions (where three areas
/// meet or a shared border ends) are arc ends and never move. A ring that the simplification
/// would reduce to fewer than three points keeps its original vertices instead: an area is never
/// dropped, and one too small to see is drawn as a minimal square by `MVTEncoder`.
/// Lines are simplified one by one; points and geometry collections are kept as they are.
package struct TileGeneralizer: Sendable {
    /// The features' projected geometries (nil: no geometry).
    package let geometries: [Geometry?]
    /// The features' bounding boxes in metres (nil: no geometry); generalisation moves no vertex by
    /// more than the tolerance, so these serve every zoom.
    package let envelopes: [BoundingBox?]
    private let topology: ArcTopology

    package init(projected geometries: [Geometry?]) {
        self.geometries = geometries
        envelopes = Parallel.map(geometries) { $0?.envelope }
        topology = ArcTopology(
            polygons: geometries.map { geometry in
                switch geometry {
                case .polygon(let p): return [p]
                case .multiPolygon(let ps): return ps
                default: return nil
                }
            })
    }

    /// Number of shared arcs (for reports).
    package var arcCount: Int { topology.arcs.count }

    /// The geometries generalised with a Douglas–Peucker tolerance in metres (0: unchanged).
    /// A feature no wider and no taller than the tolerance is returned as it is: it will be drawn
    /// as a minimal square anyway.
    package func geometries(tolerance: Double) -> [Geometry?] {
        guard tolerance > 0 else { return geometries }
        let original = topology.arcs
        let simplified = Parallel.map(original) { LineSimplifier.simplify($0, tolerance: tolerance) }
        let topology = topology
        let geometries = geometries
        let envelopes = envelopes
        return Parallel.map(count: geometries.count) { i -> Geometry? in
            if let box = envelopes[i], box.width <= tolerance, box.height <= tolerance { return geometries[i] }
            if let polygons = topology.features[i] {
                let rebuilt = polygons.map { rings -> Polygon in
                    let coordinates = rings.map { references -> Ring in
                        let ring = ArcTopology.ring(references, arcs: simplified)
                        return ring.count >= 4 ? ring : ArcTopology.ring(references, arcs: original)
                    }
                    return Polygon(exterior: coordinates.first ?? [], holes: Array(coordinates.dropFirst()))
                }
                return rebuilt.count == 1 ? .polygon(rebuilt[0]) : .multiPolygon(rebuilt)
            }
            switch geometries[i] {
            case .lineString(let line):
                return .lineString(LineSimplifier.simplify(line, tolerance: tolerance))
            case .multiLineString(let lines):
                return .multiLineString(lines.map { LineSimplifier.simplify($0, tolerance: tolerance) })
            default:
                return geometries[i]
            }
        }
    }
}
