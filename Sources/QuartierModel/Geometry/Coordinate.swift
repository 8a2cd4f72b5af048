/// A position in the plane of some coordinate reference system.
///
/// `x` is easting or longitude, `y` northing or latitude: Quartier always uses the traditional GIS
/// axis order (`OAMS_TRADITIONAL_GIS_ORDER`), whatever the CRS definition says.
package struct Coordinate: Sendable, Hashable, Codable {
    package var x: Double
    package var y: Double

    package init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// Euclidean distance in CRS units (metres in a projected metric CRS).
    package func distance(to other: Coordinate) -> Double {
        let dx = other.x - x
        let dy = other.y - y
        return (dx * dx + dy * dy).squareRoot()
    }
}

/// An axis-aligned rectangle `[minX, minY, maxX, maxY]`.
package struct BoundingBox: Sendable, Hashable, Codable {
    package var minX: Double
    package var minY: Double
    package var maxX: Double
    package var maxY: Double

    package init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    /// The smallest box holding every coordinate, or nil when there is none.
    package init?<S: Sequence>(covering coordinates: S) where S.Element == Coordinate {
        var iterator = coordinates.makeIterator()
        guard let first = iterator.next() else { return nil }
        var box = BoundingBox(minX: first.x, minY: first.y, maxX: first.x, maxY: first.y)
        while let c = iterator.next() {
            box.include(c)
        }
        self = box
    }

    package mutating func include(_ c: Coordinate) {
        minX = Swift.min(minX, c.x)
        minY = Swift.min(minY, c.y)
        maxX = Swift.max(maxX, c.x)
        maxY = Swift.max(maxY, c.y)
    }

    package mutating func include(_ other: BoundingBox) {
        minX = Swift.min(minX, other.minX)
        minY = Swift.min(minY, other.minY)
        maxX = Swift.max(maxX, other.maxX)
        maxY = Swift.max(maxY, other.maxY)
    }

    /// The union of two optional boxes.
    package static func union(_ a: BoundingBox?, _ b: BoundingBox?) -> BoundingBox? {
        guard var a else { return b }
        guard let b else { return a }
        a.include(b)
        return a
    }

    package var width: Double { maxX - minX }
    package var height: Double { maxY - minY }
    package var center: Coordinate { Coordinate(x: (minX + maxX) / 2, y: (minY + maxY) / 2) }

    /// `[minX, minY, maxX, maxY]`, the order of GeoJSON `bbox` and TileJSON `bounds`.
    package var array: [Double] { [minX, minY, maxX, maxY] }

    package func contains(_ c: Coordinate) -> Bool {
        c.x >= minX && c.x <= maxX && c.y >= minY && c.y <= maxY
    }

    package func intersects(_ other: BoundingBox) -> Bool {
        !(other.minX > maxX || other.maxX < minX || other.minY > maxY || other.maxY < minY)
    }

    /// True when the box could hold longitudes and latitudes (within ±180°, ±90°).
    package var isPlausiblyGeographic: Bool {
        minX >= -180 && maxX <= 180 && minY >= -90 && maxY <= 90
    }
}
