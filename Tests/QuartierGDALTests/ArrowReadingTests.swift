import Foundation
import QuartierGDAL
import QuartierModel
import QuartierTestSupport
import Testing

/// Issue 17, item 2: layers read through GDAL's Arrow stream are the layers the feature cursor reads — every
/// attribute, coordinate, FID and report entry —, and a stream that fails half-way is an error naming the file.
@Suite("Reading through the Arrow stream")
struct ArrowReadingTests {
    /// Converts `source` (optionally one layer) with ogr2ogr into `folder/name`.
    static func convert(_ source: String, _ layer: String? = nil, to name: String, in folder: URL, format: String)
        throws -> String
    {
        let target = folder.appendingPathComponent(name).path
        let result = try Subprocess.run(
            "/usr/bin/env", ["ogr2ogr", "-f", format, target, source] + (layer.map { [$0] } ?? []))
        try #require(result.status == 0, "ogr2ogr: \(result.stderr)")
        return target
    }

    /// Reads `layer` of `path` with both readers and expects the same layer and report; returns the layer.
    @discardableResult
    static func expectSame(
        _ path: String, layer name: String? = nil, _ options: ReadOptions = ReadOptions(), fields: [String]? = nil
    ) throws -> FeatureLayer {
        let layer = try Dataset(opening: path).layer(named: name)
        let (cursor, cursorReport) = try layer.readAll(options, fields: fields, reader: .cursor)
        let arrow = try #require(try layer.readAllThroughArrow(options, fields: fields), "no Arrow stream: \(path)")
        #expect(arrow.layer.fields == cursor.fields)
        #expect(arrow.layer.crs == cursor.crs)
        #expect(arrow.layer.geometryType == cursor.geometryType)
        #expect(arrow.layer.features.count == cursor.features.count)
        // Features compare exactly: FIDs, attribute values and every coordinate's bits.
        let differing = zip(arrow.layer.features, cursor.features).filter { $0 != $1 }
        #expect(
            differing.isEmpty,
            "\(path) \(layer.name): \(differing.count) features differ, e.g. \(differing.first.map { "\($0)" } ?? "")")
        #expect(arrow.report == cursorReport)
        // The automatic reader (Arrow for these drivers) gives the same too.
        #expect(try layer.readAll(options, fields: fields).layer.features == cursor.features)
        return cursor
    }

    @Test func berlinGeoPackageEveryLayer() throws {
        for name in try Dataset(opening: TestSupport.berlinLOR).layerNames {
            try Self.expectSame(TestSupport.berlinLOR, layer: name)
            try Self.expectSame(TestSupport.berlinLOR, layer: name, ReadOptions(checkValidity: true))
        }
        let plr = try Self.expectSame(TestSupport.berlinLOR, layer: "planungsraeume_2021")
        #expect(plr.features.count == 542)
        #expect(plr.features.allSatisfy { $0.fid != nil && $0.geometry != nil })
    }

    @Test func berlinGeoPackageReprojected() throws {
        let layer = try Dataset(opening: TestSupport.berlinLOR).layer(named: "bezirke")
        let source = try #require(layer.spatialReference)
        let transformer = try CoordinateTransformer(from: source, to: SpatialReference(epsg: 4326))
        let read = try Self.expectSame(
            TestSupport.berlinLOR, layer: "bezirke", ReadOptions(transformer: transformer, checkValidity: true))
        #expect(read.crs?.epsg == 4326)
    }

    @Test func kitasAndTheOtherGeoJSONPoints() throws {
        let kitas = try Self.expectSame(TestSupport.geodata("berlin_education_facilities/kitas_berlin_2022-12.geojson"))
        #expect(kitas.features.count == 2880)
        for file in [
            "bibliotheken_berlin_osm_2025-09.geojson", "jugendfreizeiteinrichtungen_berlin_2022-12.geojson",
            "schulen_berlin_2023-10.geojson",
        ] {
            try Self.expectSame(
                TestSupport.geodata("berlin_education_facilities/\(file)"), ReadOptions(checkValidity: true))
        }
    }

    @Test func flatGeobuf() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for layer in ["planungsraeume_2021", "ortsteile"] {
            let fgb = try Self.convert(
                TestSupport.berlinLOR, layer, to: "\(layer).fgb", in: folder, format: "FlatGeobuf")
            #expect(try Dataset(opening: fgb).driverName == "FlatGeobuf")
            try Self.expectSame(fgb)
            try Self.expectSame(fgb, ReadOptions(checkValidity: true))
        }
    }

    /// Nulls, missing properties, booleans, 64-bit integers, empty and null geometries, Z, holes, every
    /// simple type — in GeoJSON and converted to GeoPackage and FlatGeobuf.
    static let mixed = #"""
        {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "a", "n": 1, "big": 9007199254740993, "x": 0.1, "ok": true },
          "geometry": {"type": "Point", "coordinates": [13.1, 52.5, 34.0]}},
        {"type": "Feature", "properties": {"name": null, "n": null, "big": null, "x": null, "ok": false},
          "geometry": null},
        {"type": "Feature", "properties": {"name": "Ä ü ß €", "x": -1e-300},
          "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 0]],
                                                          [[1, 1], [2, 1], [2, 2], [1, 1]]]}},
        {"type": "Feature", "properties": {"name": ""}, "geometry": {"type": "GeometryCollection", "geometries": []}},
        {"type": "Feature", "properties": {"n": -2147483648},
          "geometry": {"type": "MultiLineString", "coordinates": [[[0, 0, 1], [1, 1, 2]], [[2, 2], [3, 3]]]}},
        {"type": "Feature", "properties": {"n": 7},
          "geometry": {"type": "MultiPoint", "coordinates": [[1, 2], [3, 4]]}},
        {"type": "Feature", "properties": {"n": 8},
          "geometry": {"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [5, 6]},
            {"type": "LineString", "coordinates": [[0, 0], [1, 0]]}]}},
        {"type": "Feature", "properties": {"n": 9}, "geometry": {"type": "MultiPolygon", "coordinates": [
          [[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 5]]]]}}
        ]}
        """#

    @Test func everyValueKindInThreeFormats() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let geoJSON = folder.appendingPathComponent("mixed.geojson").path
        try Self.mixed.write(toFile: geoJSON, atomically: true, encoding: .utf8)
        let layer = try Self.expectSame(geoJSON, ReadOptions(checkValidity: true))
        #expect(layer.features.count == 8)
        #expect(layer.features[1].geometry == nil)
        #expect(layer.features[3].geometry == nil)
        let ok = try #require(layer.fieldIndex("ok"))
        #expect(layer.features[0].attributes[ok] == .integer(1))
        #expect(layer.features[2].attributes[ok] == .missing(.empty))
        let big = try #require(layer.fieldIndex("big"))
        #expect(layer.features[0].attributes[big] == .integer(9_007_199_254_740_993))
        #expect(layer.features[0].geometry == .point(Coordinate(x: 13.1, y: 52.5)))
        try Self.expectSame(Self.convert(geoJSON, to: "mixed.gpkg", in: folder, format: "GPKG"))
        try Self.expectSame(
            Self.convert(geoJSON, to: "mixed.fgb", in: folder, format: "FlatGeobuf"), ReadOptions(checkValidity: true))
    }

    /// Curves go through an OGR geometry made from the WKB, linearised as the cursor does.
    @Test func curvesInAGeoPackage() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("curves.csv").path
        try """
        WKT,name
        "CIRCULARSTRING (0 0,1 1,2 0)",arc
        "CURVEPOLYGON (CIRCULARSTRING (0 0,2 0,2 2,0 2,0 0))",disc
        "POLYGON ((0 0,1 0,1 1,0 0))",plain

        """.write(toFile: csv, atomically: true, encoding: .utf8)
        let gpkg = try Self.convert(csv, to: "curves.gpkg", in: folder, format: "GPKG")
        let layer = try Self.expectSame(gpkg, ReadOptions(checkValidity: true))
        #expect(layer.features.count == 3)
        #expect(layer.features.allSatisfy { $0.geometry != nil })
    }

    @Test func onlyTheFieldsAsked() throws {
        let fields = ["PLR_NAME", "PLR_ID"]
        let layer = try Self.expectSame(TestSupport.berlinLOR, layer: "planungsraeume_2021", fields: fields)
        #expect(layer.fields.map(\.name) == fields)
        #expect(layer.features.allSatisfy { $0.attributes.count == 2 })
        #expect(layer.features.contains { $0.attributes[1] == .string("01100101") })
        // The layer reads all its fields again afterwards.
        let all = try Dataset(opening: TestSupport.berlinLOR).layer(named: "planungsraeume_2021")
        _ = try all.readAll(fields: fields)
        #expect(try all.readAll().layer.fields.count == all.fields.count)
        let error = #expect(throws: GDALError.self) { _ = try all.readAll(fields: ["PLR_ID", "nope"]) }
        #expect(error?.code == .fieldNotFound)
        #expect(error?.description.contains("nope") == true)
    }

    /// Columns it does not read (lists, dates, date-times) leave the layer to the cursor. GDAL 3.6's Arrow stream
    /// gives 1969-12-31 as 1970-01-01, hence dates too.
    @Test func listsAndDateTimesFallBackToTheCursor() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("other.geojson").path
        try #"""
        {"type": "FeatureCollection", "features": [{"type": "Feature",
         "properties": {"tags": ["a", "b"], "at": "2024-03-01T12:30:00+01:00"},
         "geometry": {"type": "Point", "coordinates": [1, 2]}}]}
        """#.write(toFile: path, atomically: true, encoding: .utf8)
        let layer = try Dataset(opening: path).layer(named: nil)
        #expect(try layer.readAllThroughArrow() == nil)
        let read = try layer.readAll().layer
        #expect(read.features.count == 1)
        #expect(read.features[0].attributes.first == .string(#"["a","b"]"#))
    }

    /// A FlatGeobuf cut short, or a GeoPackage with 8 KiB of its table's pages overwritten (SQLite then fails in
    /// the middle of the table: `sqlite3_step() : database disk image is malformed` after 201 or 256 features):
    /// the stream's failure is an error naming the file, never a short layer.
    @Test(arguments: [
        ("fgb", "FlatGeobuf", 0.5), ("fgb", "FlatGeobuf", 0.9), ("gpkg", "GPKG", 0.4), ("gpkg", "GPKG", 0.5),
    ])
    func failingHalfWay(ext: String, format: String, fraction: Double) throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Self.convert(
            TestSupport.berlinLOR, "planungsraeume_2021", to: "plr.\(ext)", in: folder, format: format)
        let url = URL(fileURLWithPath: path)
        var data = try Data(contentsOf: url)
        let cut = Int(Double(data.count) * fraction)
        if ext == "fgb" {
            data = data.prefix(cut)
        } else {
            let page = cut / 4096 * 4096
            data.replaceSubrange(page..<(page + 8192), with: Data(repeating: 0xFF, count: 8192))
        }
        try data.write(to: url)
        let layer = try Dataset(opening: path).layer(named: nil)  // opens: the damage is further in
        let error = #expect(throws: GDALError.self) { _ = try layer.readAllThroughArrow() }
        #expect(error?.code == .readFailed)
        #expect(error?.path == path)
        #expect(error?.description.contains("plr.\(ext)") == true)
        #expect(error?.description.contains("Arrow stream") == true)
        #expect(error?.gdalMessage?.isEmpty == false)
        for reader in [VectorLayer.Reader.automatic, .cursor] {
            #expect(throws: GDALError.self) { _ = try layer.readAll(ReadOptions(checkValidity: true), reader: reader) }
        }
    }

    /// GDAL 3.6's GeoPackage stream fails on more than about 125 columns (an SQLite limit), as a published output
    /// with many indicators has: such a layer is read by the cursor, and the result is still the same.
    @Test func wideGeoPackage() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let properties = (0..<200).map { "\"f\($0)\": \($0).5" }.joined(separator: ", ")
        let geoJSON = folder.appendingPathComponent("wide.geojson").path
        try """
        {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {\(properties)},
         "geometry": {"type": "Point", "coordinates": [1, 2]}}]}
        """.write(toFile: geoJSON, atomically: true, encoding: .utf8)
        let gpkg = try Self.convert(geoJSON, to: "wide.gpkg", in: folder, format: "GPKG")
        let layer = try Dataset(opening: gpkg).layer(named: nil)
        #expect(try layer.readAllThroughArrow() == nil)
        let all = try layer.readAll().layer
        #expect(all.features.count == 1 && all.fields.count == 200)
        #expect(all.features[0].attributes[199] == .real(199.5))
        // Fewer fields asked: through the stream.
        let some = (0..<100).map { "f\($0)" }
        try Self.expectSame(gpkg, fields: some)
    }
}
