import Foundation
import QuartierGDAL
import QuartierModel
import QuartierTestSupport
import Testing

/// Issue 17, item 1: Quartier's own RFC 7946 writer. GDAL reads back every geometry type, value type and awkward
/// string it writes; the bytes do not depend on the number of cores; foreign members are written in the header.
@Suite("GeoJSON writer")
struct GeoJSONWriterTests {
    static let utm33 = try! SpatialReference(epsg: 25833).crsDescription

    static func square(_ x: Double, _ y: Double, _ side: Double, clockwise: Bool = false) -> Ring {
        let ring = [
            Coordinate(x: x, y: y), Coordinate(x: x + side, y: y), Coordinate(x: x + side, y: y + side),
            Coordinate(x: x, y: y + side), Coordinate(x: x, y: y),
        ]
        return clockwise ? ring.reversed() : ring
    }

    /// Every geometry type, a null geometry, every value type, missing values with and without a reason.
    static func mixedLayer() -> FeatureLayer {
        let x = 390_000.0, y = 5_820_000.0
        let geometries: [Geometry?] = [
            .point(Coordinate(x: x, y: y)),
            .multiPoint([Coordinate(x: x, y: y), Coordinate(x: x + 10, y: y + 10)]),
            .lineString([Coordinate(x: x, y: y), Coordinate(x: x + 100, y: y + 50)]),
            .multiLineString([[Coordinate(x: x, y: y), Coordinate(x: x + 1, y: y)], [Coordinate(x: x, y: y + 5), Coordinate(x: x + 3, y: y + 5)]]),
            // A clockwise exterior and a counter-clockwise hole: both turned.
            .polygon(Polygon(exterior: square(x, y, 100, clockwise: true), holes: [square(x + 10, y + 10, 10)])),
            .multiPolygon([Polygon(exterior: square(x, y, 50)), Polygon(exterior: square(x + 200, y, 50, clockwise: true))]),
            .collection([.point(Coordinate(x: x, y: y)), .lineString([Coordinate(x: x, y: y), Coordinate(x: x + 1, y: y + 1)])]),
            nil,
        ]
        let texts = [
            "Karlshorst Süd", "say \"hi\"", "back\\slash", "line\nbreak\ttab", "bell\u{07}", "€ 😀", "", "/slash/",
        ]
        let features = geometries.enumerated().map { i, geometry in
            Feature(
                fid: Int64(i + 1), geometry: geometry,
                attributes: [
                    .string("A\(i)"), .integer(Int64(i) * 1_000_000_000_000 - 3), i == 3 ? .missing(.secret) : .real(Double(i) / 3),
                    .string(texts[i]), i == 5 ? .null : .date("2024-0\(i + 1)-15"), .real(Double(i)),
                ])
        }
        return FeatureLayer(
            name: "mixed",
            fields: [
                FieldDefinition(name: "id", type: .string), FieldDefinition(name: "big", type: .integer64),
                FieldDefinition(name: "rate", type: .real), FieldDefinition(name: "text \"quoted\"", type: .string),
                FieldDefinition(name: "day", type: .date), FieldDefinition(name: "whole", type: .real),
            ],
            features: features, crs: utm33, geometryType: "Unknown")
    }

    @Test func gdalReadsBackEveryTypeAndValue() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let layer = Self.mixedLayer()
        let path = folder.appendingPathComponent("mixed.geojson").path
        try LayerWriter.write(layer, to: path, format: .geoJSON)

        let (reread, _) = try Dataset(opening: path).layer(named: nil).readAll()
        #expect(reread.name == "mixed")
        #expect(
            reread.fields.map(\.name) == ["id", "big", "rate", "rate_status", "text \"quoted\"", "day", "whole"])
        #expect(reread.fields.map(\.type) == [.string, .integer64, .real, .string, .string, .date, .real])
        #expect(reread.features.count == layer.features.count)
        let toLonLat = try CoordinateTransformer(from: try SpatialReference(Self.utm33), to: try SpatialReference.wgs84())
        for (i, (written, read)) in zip(layer.features, reread.features).enumerated() {
            let a = written.attributes
            let b = read.attributes
            #expect(b[0] == a[0])
            #expect(b[1] == a[1])
            if i == 3 {
                #expect(b[2] == .missing(.empty))
                #expect(b[3] == .string("secret"))
            } else {
                #expect(b[2] == a[2], "feature \(i): rate")  // shortest round-trip text reads back exactly
                #expect(b[3] == .missing(.empty))
            }
            #expect(b[4] == a[3], "feature \(i): text")
            #expect(b[5] == a[4], "feature \(i): date")
            #expect(b[6] == a[5], "feature \(i): a whole real stays real")
            guard let geometry = written.geometry else {
                #expect(read.geometry == nil)
                continue
            }
            let expected = try toLonLat.transform(geometry)
            let got = try #require(read.geometry)
            #expect(got.typeName == expected.typeName)
            // The same positions (a ring may be reversed), within the 6 decimals.
            let e = expected.coordinates.sorted { ($0.x, $0.y) < ($1.x, $1.y) }
            let g = got.coordinates.sorted { ($0.x, $0.y) < ($1.x, $1.y) }
            #expect(e.count == g.count)
            for (p, q) in zip(e, g) { #expect(abs(p.x - q.x) <= 5e-7 && abs(p.y - q.y) <= 5e-7) }
            for polygon in got.polygons {
                #expect(Polygon.signedArea(polygon.exterior) > 0, "feature \(i): exterior counter-clockwise")
                for hole in polygon.holes { #expect(Polygon.signedArea(hole) < 0, "feature \(i): hole clockwise") }
            }
        }
    }

    @Test func rawTextIsRFC7946WithSixDecimals() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("mixed.geojson").path
        try LayerWriter.write(Self.mixedLayer(), to: path, format: .geoJSON)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("{\n\"type\": \"FeatureCollection\",\n\"name\": \"mixed\",\n\"features\": [\n{ \"type\": \"Feature\""))
        #expect(text.hasSuffix(" }\n]\n}\n"))
        #expect(!text.contains("\"crs\""))
        #expect(text.range(of: #"\[ -?\d+\.\d{7,}, "#, options: .regularExpression) == nil)
        #expect(text.range(of: #"\[ 13\.\d{1,6}, 52\.\d{1,6} \]"#, options: .regularExpression) != nil)
        #expect(text.contains(#""text \"quoted\"": "say \"hi\"""#))
        #expect(text.contains(#""bell\u0007""#))
        #expect(text.contains("\"geometry\": null"))
        #expect(text.contains("\"rate\": null, \"rate_status\": \"secret\""))
        #expect(text.contains("\"whole\": 2.0"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect((json["features"] as? [Any])?.count == 8)
    }

    /// The same layer gives the same bytes on every run and for any number of workers (blocks of 2,048 features
    /// encoded at once, here 5,000 features: three blocks).
    @Test func bytesAreTheSameForAnyNumberOfWorkers() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var layer = Self.mixedLayer()
        let template = layer.features
        layer.features = (0..<5000).map { i in
            var feature = template[i % template.count]
            feature.fid = Int64(i)
            feature.geometry = feature.geometry?.mapCoordinates { Coordinate(x: $0.x + Double(i) * 0.37, y: $0.y - Double(i)) }
            return feature
        }
        var hashes: [String] = []
        for workers in [1, 2, 3, 8] {
            let path = folder.appendingPathComponent("w\(workers).geojson").path
            try LayerWriter.write(layer, to: path, format: .geoJSON, layerName: "cells", workers: workers)
            hashes.append(try TestSupport.sha256sum(path))
        }
        #expect(Set(hashes).count == 1)
        let (reread, _) = try Dataset(opening: folder.appendingPathComponent("w2.geojson").path).layer(named: nil).readAll()
        #expect(reread.features.count == 5000)
    }

    /// A foreign member is written in the header, read by any JSON reader and ignored by GDAL.
    @Test func foreignMembersAreInTheHeader() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("m.geojson").path
        let member = "{\n  \"rate\" : {\n    \"title\" : \"Rate\"\n  }\n}\n"
        try LayerWriter.write(
            Self.mixedLayer(), to: path, format: .geoJSON, geoJSONMembers: [("quartier:indicators", member)])
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let indicators = try #require(json["quartier:indicators"] as? [String: [String: String]])
        #expect(indicators["rate"]?["title"] == "Rate")
        #expect(try Dataset(opening: path).layer(named: nil).featureCount() == 8)
    }

    /// A layer already in EPSG:4326 is written without reprojection, and a coordinate PROJ cannot transform is an
    /// error naming the feature, with no file left.
    @Test func lonLatAndUntransformableCoordinates() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var layer = Self.mixedLayer()
        layer.crs = try SpatialReference.wgs84().crsDescription
        layer.features = [Feature(fid: 1, geometry: .point(Coordinate(x: 13.1234564, y: 52.5)), attributes: [])]
        layer.fields = []
        let path = folder.appendingPathComponent("ll.geojson").path
        try LayerWriter.write(layer, to: path, format: .geoJSON)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(#"{ "type": "Feature", "properties": { }, "geometry": { "type": "Point", "coordinates": [ 13.123456, 52.5 ] } }"#))

        var far = Self.mixedLayer()
        far.features[2].geometry = .point(Coordinate(x: 1e30, y: 1e30))
        let bad = folder.appendingPathComponent("bad.geojson").path
        let error = #expect(throws: GDALError.self) { try LayerWriter.write(far, to: bad, format: .geoJSON) }
        #expect(error?.code == .transformFailed)
        #expect(error?.message.contains("feature 3 (fid 3)") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["ll.geojson"])
    }
}
