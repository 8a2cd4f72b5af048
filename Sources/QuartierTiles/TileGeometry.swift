package import QuartierModel

/// A point in a tile's integer coordinate space: x to the right, y down, 0…extent inside the tile
/// (Mapbox Vector Tile spec 2.1 §4.3.1 "Geometry Encoding"; buffers go below 0 and beyond extent).
package struct TilePoint: Sendable, Hashable {
    package var x: Int
    package var y: Int

    package init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// A geometry already projected and quantised into tile coordinates, ready for MVT encoding.
///
/// One case per MVT `GeomType` (spec 2.1 §4.3.4): points, lines, polygons. Polygon rings are
/// open or closed (a repeated first point is ignored); ring 0 of each polygon is its exterior, the
/// rest are holes. Winding is fixed by `MVTEncoder`, so callers need not orient rings.
package enum TileGeometry: Sendable, Hashable {
    case points([TilePoint])
    case lines([[TilePoint]])
    case polygons([[[TilePoint]]])

    /// True when there is nothing to draw.
    package var isEmpty: Bool {
        switch self {
        case .points(let ps): return ps.isEmpty
        case .lines(let ls): return ls.allSatisfy(\.isEmpty)
        case .polygons(let ps): return ps.allSatisfy { $0.first?.isEmpty ?? true }
        }
    }
}

/// One feature of an MVT layer (spec 2.1 §4.2 "Features").
package struct MVTFeature: Sendable {
    /// The feature id (spec §4.2: optional, SHOULD be unique within the layer).
    package var id: UInt64?
    package var geometry: TileGeometry
    /// Properties in a stable order; `.missing` values are skipped (the property is absent).
    package var properties: [(key: String, value: AttributeValue)]

    package init(id: UInt64?, geometry: TileGeometry, properties: [(key: String, value: AttributeValue)] = []) {
        self.id = id
        self.geometry = geometry
        self.properties = properties
    }
}

/// One layer of a vector tile (spec 2.1 §4.1 "Layers").
package struct MVTLayer: Sendable {
    /// Layer name, unique within the tile (spec §4.1).
    package var name: String
    /// Width and height of the tile in integer units; 4096 by default (spec §4.1, `extent`).
    package var extent: Int
    package var features: [MVTFeature]

    package init(name: String, extent: Int = 4096, features: [MVTFeature] = []) {
        self.name = name
        self.extent = extent
        self.features = features
    }
}
