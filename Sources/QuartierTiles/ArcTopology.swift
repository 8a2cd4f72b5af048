package import QuartierModel

/// The boundaries of a polygon layer as shared arcs, built once so that neighbouring polygons are
/// generalised together: each arc is simplified once per zoom and every polygon is rebuilt from the
/// simplified arcs, so two neighbours keep exactly the same border vertices (no gaps, no slivers).
///
/// Construction follows TopoJSON's "join" and "cut" (Bostock, topojson-server `join.js`/`cut.js`,
/// https://github.com/topojson/topojson-server): vertices are identified by their exact coordinates
/// (by sorting, O(n log n));
/// a vertex is a *junction* when its neighbours differ between the rings that pass through it (three
/// or more polygons meet, or a shared border ends). Each ring is cut at its junctions into arcs;
/// an arc and its reverse are stored once. A ring without junctions (an island, or an island and
/// the hole it fills) is one closed arc, rotated to a canonical start so that both copies match.
///
/// Arcs are referenced as in TopoJSON: `i` for arc `i` forwards, `~i` (bitwise not) for backwards.
package struct ArcTopology: Sendable {
    /// Arc coordinates; a closed arc repeats its first coordinate at the end.
    package private(set) var arcs: [[Coordinate]] = []
    /// Per feature: polygons → rings (exterior first) → arc references; nil for a feature that has
    /// no polygonal geometry.
    package private(set) var features: [[[[Int32]]]?] = []

    /// Builds the arcs of `polygons` (one entry per feature, nil for a non-polygonal feature).
    package init(polygons: [[Polygon]?]) {
        // Every ring vertex in one flat array; vertex ids by sorting (equal coordinates, one id).
        var flat: [Coordinate] = []
        var ringEnds: [Int] = []
        var shape: [[[Int]]?] = []  // feature → polygon → ring numbers
        shape.reserveCapacity(polygons.count)
        for feature in polygons {
            guard let feature else {
                shape.append(nil)
                continue
            }
            shape.append(
                feature.map { polygon in
                    ([polygon.exterior] + polygon.holes).map { ring in
                        flat.append(contentsOf: ring)
                        ringEnds.append(flat.count)
                        return ringEnds.count - 1
                    }
                })
        }
        let order = flat.indices.sorted { a, b in
            flat[a].x != flat[b].x ? flat[a].x < flat[b].x : flat[a].y < flat[b].y
        }
        var vertexOf = [Int32](repeating: 0, count: flat.count)
        var coordinates: [Coordinate] = []
        for position in order {
            if coordinates.last != flat[position] { coordinates.append(flat[position]) }
            vertexOf[position] = Int32(coordinates.count - 1)
        }
        // Rings as vertex ids, open (no closing repeat), without consecutive repeats.
        var ringVertices: [[Int32]] = []
        ringVertices.reserveCapacity(ringEnds.count)
        var ringStart = 0
        for end in ringEnds {
            var ids: [Int32] = []
            ids.reserveCapacity(end - ringStart)
            for position in ringStart..<end where ids.last != vertexOf[position] { ids.append(vertexOf[position]) }
            if ids.count > 1, ids.first == ids.last { ids.removeLast() }
            ringVertices.append(ids)
            ringStart = end
        }
        let junction = Self.junctions(ringVertices, vertexCount: coordinates.count)

        // An arc is identified by its first two vertices in canonical direction: from a junction the
        // next vertex determines the rest (it is a junction, or its neighbours are the same in every
        // ring through it); a closed arc starts at its smallest vertex, which is no junction.
        var arcTable = InternTable<UInt64, [Int32]>()
        func reference(_ sequence: [Int32], closed: Bool) -> Int32 {
            let (canonical, reversed) = closed ? Self.canonicalLoop(sequence) : Self.canonicalPath(sequence)
            let key = UInt64(UInt32(bitPattern: canonical[0])) << 32 | UInt64(UInt32(bitPattern: canonical[1]))
            let index = Int32(arcTable.intern(key, canonical))
            return reversed ? ~index : index
        }
        let ringArcs: [[Int32]] = ringVertices.map { ring in
            guard ring.count >= 2 else { return ring.isEmpty ? [] : [reference(ring + ring, closed: false)] }
            guard let start = ring.firstIndex(where: { junction[Int($0)] }) else {
                return [reference(ring, closed: true)]
            }
            var refs: [Int32] = []
            var current: [Int32] = [ring[start]]
            for step in 1...ring.count {
                let v = ring[(start + step) % ring.count]
                current.append(v)
                if junction[Int(v)] {
                    refs.append(reference(current, closed: false))
                    current = [v]
                }
            }
            return refs
        }
        arcs = arcTable.elements.map { ids in ids.map { coordinates[Int($0)] } }
        features = shape.map { feature in feature?.map { polygon in polygon.map { ringArcs[$0] } } }
    }

    /// Marks the vertices whose neighbour pair differs between the rings passing through them.
    private static func junctions(_ rings: [[Int32]], vertexCount: Int) -> [Bool] {
        var previous = [Int32](repeating: -1, count: vertexCount)
        var next = [Int32](repeating: -1, count: vertexCount)
        var junction = [Bool](repeating: false, count: vertexCount)
        for ring in rings where ring.count >= 2 {
            for (i, v) in ring.enumerated() {
                let a = ring[(i + ring.count - 1) % ring.count]
                let b = ring[(i + 1) % ring.count]
                let vi = Int(v)
                if previous[vi] < 0 {
                    previous[vi] = a
                    next[vi] = b
                } else if !((previous[vi] == a && next[vi] == b) || (previous[vi] == b && next[vi] == a)) {
                    junction[vi] = true
                }
            }
        }
        return junction
    }

    /// An open arc in the direction whose first vertex id is smaller (ties: the second vertex).
    private static func canonicalPath(_ path: [Int32]) -> ([Int32], reversed: Bool) {
        var i = 0
        var j = path.count - 1
        while i < j {
            if path[i] != path[j] { return path[i] < path[j] ? (path, false) : (path.reversed(), true) }
            i += 1
            j -= 1
        }
        return (path, false)
    }

    /// A closed ring (open form) rotated to start at its smallest vertex id and turned so that the
    /// second vertex is the smaller neighbour; returned closed (first vertex repeated at the end).
    private static func canonicalLoop(_ ring: [Int32]) -> ([Int32], reversed: Bool) {
        guard let start = ring.indices.min(by: { ring[$0] < ring[$1] }) else { return (ring, false) }
        let n = ring.count
        let forward = ring[(start + 1) % n] <= ring[(start + n - 1) % n]
        var out: [Int32] = []
        out.reserveCapacity(n + 1)
        for step in 0...n {
            let k = forward ? (start + step) % n : (start - step % n + n) % n
            out.append(ring[k])
        }
        return (out, !forward)
    }

    /// The coordinates of a ring assembled from arc references into `arcs` (which may be the
    /// simplified arcs), closed (first coordinate repeated at the end).
    package static func ring(_ references: [Int32], arcs: [[Coordinate]]) -> [Coordinate] {
        var count = 1
        for reference in references { count += arcs[Int(reference >= 0 ? reference : ~reference)].count }
        var out: [Coordinate] = []
        out.reserveCapacity(count)
        for reference in references {
            if reference >= 0 {
                let arc = arcs[Int(reference)]
                out.append(contentsOf: out.isEmpty ? arc[...] : arc.dropFirst())
            } else {
                let arc = arcs[Int(~reference)]
                var i = arc.count - (out.isEmpty ? 1 : 2)
                while i >= 0 {
                    out.append(arc[i])
                    i -= 1
                }
            }
        }
        if let first = out.first, out.last != first { out.append(first) }
        return out
    }
}
