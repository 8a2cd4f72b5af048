/// Areas that are the cells of a regular square grid (a Zensus grid given as cell centres): the cell size and each
/// feature's column and row, so that queen and rook neighbours come from the indices, without geometry. The squares
/// themselves are made only where geometry is needed (`FeatureLayer.withGridSquares()`).
package struct GridCells: Sendable, Hashable {
    /// The side of a cell in CRS units (100 for the 100 m grid of EPSG:3035).
    package var cellSize: Double
    /// Per feature, in the order of the layer's features: the cell's column and row, `floor(centre / cellSize)`.
    package var columns: [Int32]
    package var rows: [Int32]

    package init(cellSize: Double, columns: [Int32], rows: [Int32]) {
        self.cellSize = cellSize
        self.columns = columns
        self.rows = rows
    }

    package var count: Int { columns.count }

    /// The square of cell `i` (closed ring, counter-clockwise), in the grid's CRS.
    package func square(_ i: Int) -> Geometry {
        let x = Double(columns[i]) * cellSize
        let y = Double(rows[i]) * cellSize
        return .polygon(
            Polygon(exterior: [
                Coordinate(x: x, y: y), Coordinate(x: x + cellSize, y: y),
                Coordinate(x: x + cellSize, y: y + cellSize), Coordinate(x: x, y: y + cellSize), Coordinate(x: x, y: y),
            ]))
    }

    /// The centre of cell `i`.
    package func centre(_ i: Int) -> Coordinate {
        Coordinate(x: (Double(columns[i]) + 0.5) * cellSize, y: (Double(rows[i]) + 0.5) * cellSize)
    }
}

extension FeatureLayer {
    /// The layer with every feature without geometry given its grid square (in the grid's CRS); unchanged when the
    /// layer is no grid.
    package func withGridSquares() -> FeatureLayer {
        guard let grid, grid.count == features.count else { return self }
        var result = self
        for i in result.features.indices where result.features[i].geometry == nil {
            result.features[i].geometry = grid.square(i)
        }
        result.geometryType = "Polygon"
        return result
    }
}

/// An open-addressing hash table from a cell's (column, row) to an Int32 value (the row number), for the position
/// check: millions of cells without `Hashable` boxing.
package struct GridPositionTable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var count = 0
    private static let empty = UInt64.max

    package init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        keys = [UInt64](repeating: Self.empty, count: size)
        values = [Int32](repeating: 0, count: size)
    }

    package static func key(_ column: Int32, _ row: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: column)) << 32 | UInt64(UInt32(bitPattern: row))
    }

    private static func slot(_ key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    /// Where `key` is (linear probing): its slot, or else the empty slot that ends its probe sequence.
    private func probe(_ key: UInt64) -> (slot: Int, found: Bool) {
        let mask = keys.count - 1
        var i = Self.slot(key, mask: mask)
        while keys[i] != Self.empty {
            if keys[i] == key { return (i, true) }
            i = (i + 1) & mask
        }
        return (i, false)
    }

    /// Inserts the value; returns the value already at that position instead, if any.
    package mutating func insert(column: Int32, row: Int32, value: Int32) -> Int32? {
        if (count + 1) * 2 > keys.count { grow() }
        let key = Self.key(column, row)
        let (i, found) = probe(key)
        if found { return values[i] }
        keys[i] = key
        values[i] = value
        count += 1
        return nil
    }

    /// The value at a position, or nil.
    package func find(column: Int32, row: Int32) -> Int32? {
        let (i, found) = probe(Self.key(column, row))
        return found ? values[i] : nil
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        keys = [UInt64](repeating: Self.empty, count: oldKeys.count * 2)
        values = [Int32](repeating: 0, count: oldKeys.count * 2)
        for (k, key) in oldKeys.enumerated() where key != Self.empty {
            let i = probe(key).slot  // each key once: its probe ends at an empty slot
            keys[i] = key
            values[i] = oldValues[k]
        }
    }
}
