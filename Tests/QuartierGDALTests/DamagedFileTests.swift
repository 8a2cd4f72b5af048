import Foundation
import QuartierGDAL
import QuartierModel
import QuartierTestSupport
import Testing

/// Damaged files that GDAL reads on after reporting a failure: the failure is an error naming the file,
/// never fewer features or empty geometries (issue 25, item 5).
@Suite("Damaged files")
struct DamagedFileTests {
    /// Converts a layer of the Berlin GeoPackage with ogr2ogr into `folder/name`.
    func convert(_ layer: String, to name: String, in folder: URL, format: String) throws -> URL {
        let target = folder.appendingPathComponent(name)
        let result = try Subprocess.run(
            "/usr/bin/env", ["ogr2ogr", "-f", format, target.path, TestSupport.berlinLOR, layer])
        try #require(result.status == 0, "ogr2ogr: \(result.stderr)")
        return target
    }

    /// Reads every feature of the first layer of `path`, checking geometries as the pipeline does.
    func readAll(_ path: String) throws -> Int {
        try Dataset(opening: path).layer(named: nil).readAll(ReadOptions(checkValidity: true)).layer.features.count
    }

    /// Truncates a file to `fraction` of its bytes.
    func truncate(_ url: URL, to fraction: Double) throws {
        let data = try Data(contentsOf: url)
        try data.prefix(Int(Double(data.count) * fraction)).write(to: url)
    }

    @Test(arguments: [0.25, 0.5, 0.99])
    func truncatedShapefile(fraction: Double) throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shp = try convert("planungsraeume_2021", to: "plr.shp", in: folder, format: "ESRI Shapefile")
        try truncate(shp, to: fraction)
        let error = #expect(throws: GDALError.self) { _ = try readAll(shp.path) }
        #expect(error?.code == .readFailed)
        #expect(error?.path == shp.path)
        #expect(error?.description.contains("plr.shp") == true)
        #expect(error?.description.contains("truncated") == true)
    }

    /// A record whose part count is garbage: GDAL reports `Corrupted .shp file` and goes on with an empty
    /// geometry; the cursor throws instead, naming the feature.
    @Test func shapefileRecordCorruptedMidFile() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shp = try convert("planungsraeume_2021", to: "plr.shp", in: folder, format: "ESRI Shapefile")
        let index = try Data(contentsOf: shp.deletingPathExtension().appendingPathExtension("shx"))
        let entry = 100 + 8 * 270
        let words = index[entry..<(entry + 4)].reduce(0) { $0 << 8 | Int($1) }
        var data = try Data(contentsOf: shp)
        let parts = words * 2 + 8 + 36  // record header (8 bytes), then type, box (36 bytes), then the part count
        data.replaceSubrange(parts..<(parts + 4), with: [0xFF, 0xFF, 0xFF, 0x07])
        try data.write(to: shp)
        let error = #expect(throws: GDALError.self) { _ = try readAll(shp.path) }
        #expect(error?.code == .readFailed)
        #expect(error?.description.contains("reading feature 271 failed") == true)
        #expect(error?.gdalMessage?.contains("Corrupted") == true)
    }

    @Test func shapefileWithAnotherFilesIndex() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plr = try convert("planungsraeume_2021", to: "plr.shp", in: folder, format: "ESRI Shapefile")
        let bezirke = try convert("bezirke", to: "bezirke.shp", in: folder, format: "ESRI Shapefile")
        let plrIndex = plr.deletingPathExtension().appendingPathExtension("shx")
        try FileManager.default.removeItem(at: plrIndex)
        try FileManager.default.copyItem(
            at: bezirke.deletingPathExtension().appendingPathExtension("shx"), to: plrIndex)
        let error = #expect(throws: GDALError.self) { _ = try readAll(plr.path) }
        #expect(error?.code == .readFailed)
        #expect(error?.path == plr.path)
    }

    @Test func flatGeobufTruncatedToOnePercent() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fgb = try convert("planungsraeume_2021", to: "plr.fgb", in: folder, format: "FlatGeobuf")
        try truncate(fgb, to: 0.01)
        let error = #expect(throws: GDALError.self) { _ = try readAll(fgb.path) }
        #expect(error?.code == .readFailed || error?.code == .openFailed)
        #expect(error?.path == fgb.path)
    }

    @Test(arguments: [0.3, 0.5, 0.7])
    func bitFlippedSpreadsheet(position: Double) throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var data = try Data(contentsOf: URL(fileURLWithPath: TestSupport.geodata("berlin_mss_2021/mss_2021.xlsx")))
        let index = Int(Double(data.count) * position)
        data[index] ^= 0xFF
        let path = folder.appendingPathComponent("flipped.xlsx").path
        try data.write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: GDALError.self) { _ = try readAll(path) }
        #expect(error?.code == .readFailed || error?.code == .openFailed)
        #expect(error?.path == path)
        #expect(error?.gdalMessage?.contains("XML") == true)
    }

    @Test func intactFilesStillReadCompletely() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shp = try convert("planungsraeume_2021", to: "plr.shp", in: folder, format: "ESRI Shapefile")
        let fgb = try convert("planungsraeume_2021", to: "plr.fgb", in: folder, format: "FlatGeobuf")
        #expect(try readAll(shp.path) == 542)
        #expect(try readAll(fgb.path) == 542)
        #expect(try readAll(TestSupport.geodata("berlin_mss_2021/mss_2021.xlsx")) == 542)
    }
}
