import Foundation
package import QuartierModel

/// The JSON metadata of a PMTiles v3 archive (spec §"JSON Metadata"): TileJSON-like keys, with
/// `vector_layers` as required for MVT archives (TileJSON 3.0.0 §3.3 "vector_layers").
package struct PMTilesMetadata: Sendable, Hashable, Codable {
    /// One entry of `vector_layers`: a layer id and its fields with their types.
    package struct VectorLayer: Sendable, Hashable, Codable {
        package var id: String
        /// Field name → "String", "Number" or "Boolean" (TileJSON 3.0.0 §3.3).
        package var fields: [String: String]
        package var description: String?
        package var minzoom: Int?
        package var maxzoom: Int?

        package init(
            id: String, fields: [String: String], description: String? = nil, minzoom: Int? = nil,
            maxzoom: Int? = nil
        ) {
            self.id = id
            self.fields = fields
            self.description = description
            self.minzoom = minzoom
            self.maxzoom = maxzoom
        }

        /// The layer's schema: numeric OGR types → "Number", everything else → "String".
        package init(layer: FeatureLayer, minzoom: Int? = nil, maxzoom: Int? = nil) {
            var fields: [String: String] = [:]
            for f in layer.fields { fields[f.name] = f.type.isNumeric ? "Number" : "String" }
            self.init(id: layer.name, fields: fields, minzoom: minzoom, maxzoom: maxzoom)
        }
    }

    package var name: String
    package var attribution: String?
    package var description: String?
    package var vectorLayers: [VectorLayer]

    enum CodingKeys: String, CodingKey {
        case name, attribution, description
        case vectorLayers = "vector_layers"
    }

    package init(name: String, attribution: String? = nil, description: String? = nil, vectorLayers: [VectorLayer]) {
        self.name = name
        self.attribution = attribution
        self.description = description
        self.vectorLayers = vectorLayers
    }

    /// The metadata as compact JSON with sorted keys (PMTiles' JSON metadata section).
    package func jsonBytes() -> [UInt8] {
        Self.encode(self)
    }

    /// `{"vector_layers": […]}`: the `json` row of an MBTiles 1.3 `metadata` table (spec §"Vector
    /// tileset metadata"), the same layer descriptions as the PMTiles metadata.
    package func vectorLayersJSONBytes() -> [UInt8] {
        Self.encode(["vector_layers": vectorLayers])
    }

    private static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Strings, integers and dictionaries of them always encode; "{}" is a guard, never expected.
        return (try? encoder.encode(value)).map { [UInt8]($0) } ?? Array("{}".utf8)
    }
}
