import Foundation
import QuartierGDAL
import QuartierModel
import QuartierTestSupport
import Testing

/// Issue 24, item 11: list fields (OSM's `bounding_box`, tags) are read as JSON arrays, written as arrays in
/// GeoJSON and as that JSON text in GeoPackage (and CSV), never as OGR's `(4:9.95,…)`.
@Suite("List fields")
struct ListFieldTests {
    static let source = #"""
        {"type": "FeatureCollection", "features": [{"type": "Feature",
         "properties": {"id": "a", "bounding_box": [9.95, 53.5, 10.0, 53.6], "tags": ["Kita", "say \"hi\""],
                        "n": [1, 2], "big": [9007199254740993]},
         "geometry": {"type": "Point", "coordinates": [9.97, 53.55]}}]}
        """#

    @Test func listsAreJSONArraysInAndOut() throws {
        let folder = try TestSupport.temporaryFolder("quartier-lists")
        let input = folder.appendingPathComponent("osm.geojson").path
        try Self.source.write(toFile: input, atomically: true, encoding: .utf8)
        let (layer, _) = try Dataset(opening: input).layer(named: nil).readAll()
        func value(_ name: String) -> AttributeValue? {
            layer.fieldIndex(name).map { layer.features[0].attributes[$0] }
        }
        #expect(value("bounding_box") == .string("[9.95,53.5,10.0,53.6]"))
        #expect(value("tags") == .string(#"["Kita","say \"hi\""]"#))
        #expect(value("n") == .string("[1,2]"))
        #expect(value("big") == .string("[9007199254740993]"))

        let geoJSON = folder.appendingPathComponent("out.geojson").path
        try LayerWriter.write(layer, to: geoJSON, format: .geoJSON)
        let written = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: geoJSON))) as? [String: Any])
        let properties = try #require(
            ((written["features"] as? [[String: Any]])?.first)?["properties"] as? [String: Any])
        #expect(properties["bounding_box"] as? [Double] == [9.95, 53.5, 10.0, 53.6])
        #expect(properties["tags"] as? [String] == ["Kita", "say \"hi\""])
        #expect(properties["n"] as? [Int] == [1, 2])

        let geoPackage = folder.appendingPathComponent("out.gpkg").path
        try LayerWriter.write(layer, to: geoPackage, format: .geoPackage, layerName: "osm")
        let (reread, _) = try Dataset(opening: geoPackage).layer(named: "osm").readAll()
        let index = try #require(reread.fieldIndex("bounding_box"))
        #expect(reread.features[0].attributes[index] == .string("[9.95,53.5,10.0,53.6]"))
    }
}
