/// A coordinate reference system as Quartier reports it: EPSG code and name when known, WKT always.
package struct CRSDescription: Sendable, Hashable, Codable {
    package var epsg: Int?
    package var name: String
    package var wkt: String
    package var isGeographic: Bool

    package init(epsg: Int?, name: String, wkt: String, isGeographic: Bool) {
        self.epsg = epsg
        self.name = name
        self.wkt = wkt
        self.isGeographic = isGeographic
    }

    /// `EPSG:25833`, or the name when there is no EPSG code.
    package var label: String { epsg.map { "EPSG:\($0)" } ?? name }
}

/// One feature: its source id, geometry and attributes in the order of its layer's fields.
package struct Feature: Sendable, Hashable {
    /// The feature id in the source (OGR FID), when the source has one.
    package var fid: Int64?
    package var geometry: Geometry?
    package var attributes: [AttributeValue]

    package init(fid: Int64?, geometry: Geometry?, attributes: [AttributeValue]) {
        self.fid = fid
        self.geometry = geometry
        self.attributes = attributes
    }
}

/// A layer held in memory: schema, features and CRS. Values cross module boundaries as this type.
package struct FeatureLayer: Sendable {
    package var name: String
    package var fields: [FieldDefinition]
    package var features: [Feature]
    /// nil when the source declares none (a Shapefile without `.prj`, a CSV).
    package var crs: CRSDescription?
    /// OGR's name of the layer's declared geometry type ("Polygon", "Point", …).
    package var geometryType: String
    /// Set when the features are the cells of a regular grid read from cell centres (issue 17): their columns and
    /// rows, aligned with `features` (steps that reorder or drop features must drop it).
    package var grid: GridCells?

    package init(
        name: String, fields: [FieldDefinition], features: [Feature], crs: CRSDescription?, geometryType: String
    ) {
        self.name = name
        self.fields = fields
        self.features = features
        self.crs = crs
        self.geometryType = geometryType
    }

    /// The position of a field by exact name, or nil.
    package func fieldIndex(_ name: String) -> Int? {
        fields.firstIndex { $0.name == name }
    }

    /// The bounding box of all geometries, or nil when there is none.
    package var extent: BoundingBox? {
        features.reduce(nil) { BoundingBox.union($0, $1.geometry?.envelope) }
    }

    /// The layer with only the fields at `indexes`, in that order (a feature short of a field gets null).
    package func keepingFields(at indexes: [Int]) -> FeatureLayer {
        var result = self
        result.fields = indexes.map { fields[$0] }
        result.features = features.map { feature in
            var copy = feature
            copy.attributes = indexes.map { $0 < feature.attributes.count ? feature.attributes[$0] : .null }
            return copy
        }
        return result
    }

    /// The field that names features in reports: the declared one, else a field called `id` (any case).
    package func reportIDIndex(declared: String?) -> Int? {
        if let declared { return fieldIndex(declared) }
        return fields.firstIndex { $0.name.lowercased() == "id" }
    }

    /// The values of one field, feature by feature.
    package func column(_ index: Int) -> [AttributeValue] {
        features.map { index < $0.attributes.count ? $0.attributes[index] : .null }
    }
}
