import Foundation
import QuartierGDAL
import QuartierModel
import QuartierTestSupport
import Testing

@Suite("Writing GeoJSON and GeoPackage")
struct WriterTests {
    func berlin() throws -> FeatureLayer {
        try Dataset(opening: TestSupport.berlinLOR).layer(named: "planungsraeume_2021").readAll().layer
    }

    @Test func geoJSONIsRFC7946() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("plr.geojson").path
        try LayerWriter.write(try berlin(), to: path, format: .geoJSON)

        let reread = try Dataset(opening: path).layer(named: nil)
        #expect(try reread.featureCount() == 542)
        #expect(reread.spatialReference?.epsgCode == 4326)
        let (layer, _) = try reread.readAll()
        let coordinates = layer.features.flatMap { $0.geometry?.coordinates ?? [] }
        #expect(coordinates.allSatisfy { (13.0...13.8).contains($0.x) && (52.3...52.7).contains($0.y) })
        let id = try #require(layer.fieldIndex("PLR_ID"))
        #expect(layer.fields[id].type == .string)

        // The raw text: no "crs" member, coordinates with 6 decimals at most, rings counter-clockwise.
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        #expect(json["crs"] == nil)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let coordinateText = #"\[ -?\d+\.\d{7,}, "#
        #expect(text.range(of: coordinateText, options: .regularExpression) == nil)
        #expect(text.range(of: #"\[ 13\.\d{6}, 52\.\d{1,6} \]"#, options: .regularExpression) != nil)
        #expect(text.contains("\"PLR_ID\": \"01100101\""))
        for feature in layer.features {
            for polygon in feature.geometry?.polygons ?? [] {
                #expect(Polygon.signedArea(polygon.exterior) > 0)
            }
        }
    }

    @Test func geoPackageKeepsCRSTypesAndAliases() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try berlin()
        let path = folder.appendingPathComponent("plr.gpkg").path
        try LayerWriter.write(source, to: path, format: .geoPackage, layerName: "areas")
        let layer = try Dataset(opening: path).layer(named: "areas")
        #expect(layer.spatialReference?.epsgCode == 25833)
        #expect(layer.fields.map(\.type) == source.fields.map(\.type))
        let (reread, _) = try layer.readAll()
        #expect(reread.features.map(\.attributes) == source.features.map(\.attributes))
        #expect(reread.features[0].geometry == source.features[0].geometry)
    }

    @Test func missingValuesKeepTheirReason() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let square: Ring = [
            Coordinate(x: 390000, y: 5820000), Coordinate(x: 390100, y: 5820000),
            Coordinate(x: 390100, y: 5820100), Coordinate(x: 390000, y: 5820000),
        ]
        let layer = FeatureLayer(
            name: "t", fields: [FieldDefinition(name: "id", type: .string), FieldDefinition(name: "rate", type: .real)],
            features: [
                Feature(fid: 1, geometry: .polygon(Polygon(exterior: square)), attributes: [.string("a"), .real(0)]),
                Feature(fid: 2, geometry: .polygon(Polygon(exterior: square)), attributes: [.string("b"), .missing(.secret)]),
            ],
            crs: try SpatialReference(epsg: 25833).crsDescription, geometryType: "Polygon")
        let path = folder.appendingPathComponent("t.geojson").path
        try LayerWriter.write(layer, to: path, format: .geoJSON)
        let reread = try Dataset(opening: path).layer(named: nil).readAll().layer
        #expect(reread.fields.map(\.name) == ["id", "rate", "rate_status"])
        #expect(reread.features[0].attributes == [.string("a"), .real(0), .missing(.empty)])
        #expect(reread.features[1].attributes == [.string("b"), .missing(.empty), .string("secret")])
    }

    @Test func geoJSONNeedsACRS() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var layer = try berlin()
        layer.crs = nil
        let path = folder.appendingPathComponent("x.geojson").path
        let error = #expect(throws: GDALError.self) { try LayerWriter.write(layer, to: path, format: .geoJSON) }
        #expect(error?.code == .crsMissing)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func failedWriteLeavesNothingAndKeepsTheOldFile() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("plr.gpkg").path
        try Data("previous".utf8).write(to: URL(fileURLWithPath: path))
        let layer = try berlin()
        // The target folder is a file: creating the temporary file fails.
        let bad = folder.appendingPathComponent("plr.gpkg/inner.gpkg").path
        let error = #expect(throws: GDALError.self) { try LayerWriter.write(layer, to: bad, format: .geoPackage) }
        #expect(error?.code == .writeFailed)
        // A failure after the file was started (GeoJSON without CRS) must not touch the existing file.
        var noCRS = layer
        noCRS.crs = nil
        #expect(throws: GDALError.self) { try LayerWriter.write(noCRS, to: path, format: .geoJSON) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "previous")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["plr.gpkg"])
    }

    /// FlatGeobuf keeps the CRS, types and values, and has its spatial index; a feature without geometry (which
    /// GDAL's driver would silently leave out) is an error, and nothing is written.
    @Test func flatGeobufKeepsCRSTypesAndIndex() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try berlin()
        var holed = source
        holed.features[3].geometry = nil
        let bad = folder.appendingPathComponent("bad.fgb").path
        let error = #expect(throws: GDALError.self) { try LayerWriter.write(holed, to: bad, format: .flatGeobuf) }
        #expect(error?.message.contains("feature 4") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        let path = folder.appendingPathComponent("plr.fgb").path
        try LayerWriter.write(source, to: path, format: .flatGeobuf, layerName: "areas")
        let layer = try Dataset(opening: path).layer(named: nil)
        #expect(layer.spatialReference?.epsgCode == 25833)
        #expect(layer.hasFastSpatialFilter)
        #expect(layer.fields.map(\.name) == source.fields.map(\.name))
        // The packed R-tree stores the features in Hilbert order: compare them by id.
        let (reread, _) = try layer.readAll()
        func byID(_ layer: FeatureLayer) -> [String: Feature] {
            Dictionary(uniqueKeysWithValues: layer.features.map { ($0.attributes[0].stringValue ?? "", $0) })
        }
        let written = byID(source)
        let read = byID(reread)
        #expect(read.count == 542 && Set(read.keys) == Set(written.keys))
        let same = written.allSatisfy { id, feature in
            read[id]?.attributes == feature.attributes && read[id]?.geometry == feature.geometry
        }
        #expect(same)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["plr.fgb"])
    }
}
