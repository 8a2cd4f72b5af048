import QuartierModel

/// The rings of a layer's polygons with their vertices replaced by integer ids, the input of contiguity hashing.
///
/// Two coordinates get the same id exactly when they are equal as numbers: their bit patterns are hashed, with
/// `-0.0` read as `0.0` (so equality is that of Python floats in libpysal's vertex dictionaries). Coordinates
/// that are not finite are left out of their ring.
struct RingTable {
    /// A coordinate's identity: the bit patterns of x and y, negative zero normalised.
    struct VertexKey: Hashable {
        let x: UInt64
        let y: UInt64

        init(_ c: Coordinate) {
            x = c.x == 0 ? 0 : c.x.bitPattern
            y = c.y == 0 ? 0 : c.y.bitPattern
        }
    }

    /// The distinct coordinates, indexed by vertex id.
    private(set) var vertices: [Coordinate] = []
    /// The vertex ids of every ring, one ring after the other (rewritten when vertices are snapped).
    var vertexIDs: [Int32] = []
    /// Ring `r` is `vertexIDs[starts[r] ..< starts[r + 1]]`.
    private(set) var starts: [Int] = [0]
    /// The area (row) of each ring.
    private(set) var areas: [Int32] = []
    private var ids: [VertexKey: Int32] = [:]

    /// Appends a ring of area `area`, as given (closed or not).
    mutating func add(_ ring: Ring, area: Int) {
        guard !ring.isEmpty else { return }
        if ids.isEmpty {
            ids.reserveCapacity(ring.count * 4)
        }
        for c in ring where c.x.isFinite && c.y.isFinite {
            let key = VertexKey(c)
            if let id = ids[key] {
                vertexIDs.append(id)
            } else {
                // Fewer than 2³¹ vertices: a layer that large does not fit in memory as `Geometry` values anyway.
                let id = Int32(vertices.count)
                ids[key] = id
                vertices.append(c)
                vertexIDs.append(id)
            }
        }
        guard vertexIDs.count > starts[starts.count - 1] else { return }
        starts.append(vertexIDs.count)
        areas.append(Int32(area))
    }
}
