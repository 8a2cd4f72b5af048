import Foundation
import QuartierGDAL
import QuartierTestSupport
import Testing

/// Bad sources fail with a code, the file named, and a hint — never a crash or fewer features.
@Suite("Bad sources")
struct BadSourceTests {
    @Test func missingFile() {
        let error = #expect(throws: GDALError.self) { try Dataset(opening: "/nonexistent/areas.gpkg") }
        #expect(error?.code == .fileNotFound)
        #expect(error?.description.contains("/nonexistent/areas.gpkg") == true)
    }

    @Test func textFileNamedGpkg() {
        let error = #expect(throws: GDALError.self) {
            try Dataset(opening: TestSupport.fixture("not-a-geopackage.gpkg"))
        }
        #expect(error?.code == .openFailed)
        #expect(error?.path?.hasSuffix("not-a-geopackage.gpkg") == true)
        #expect(error?.hint != nil)
    }

    @Test func geoPackageTruncatedToHalf() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = try Data(contentsOf: URL(fileURLWithPath: TestSupport.berlinLOR))
        let path = folder.appendingPathComponent("half.gpkg").path
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: GDALError.self) {
            let layer = try Dataset(opening: path).layer(named: "planungsraeume_2021")
            _ = try layer.readAll()
        }
        #expect(error?.code == .openFailed || error?.code == .readFailed)
        #expect(error?.hint?.contains("damaged or truncated") == true)
    }

    /// Pages zeroed at 20 % of the file: the GeoPackage opens, and reading fails part-way. The cursor
    /// must throw instead of ending early (OGR_L_GetNextFeature returns NULL for both).
    @Test func damagedPagesFailMidLayer() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var data = try Data(contentsOf: URL(fileURLWithPath: TestSupport.berlinLOR))
        let start = (data.count / 5) / 4096 * 4096
        data.replaceSubrange(start..<(start + 16 * 4096), with: Data(count: 16 * 4096))
        let path = folder.appendingPathComponent("damaged.gpkg").path
        try data.write(to: URL(fileURLWithPath: path))
        let layer = try Dataset(opening: path).layer(named: "planungsraeume_2021")
        let cursor = layer.features()
        let error = #expect(throws: GDALError.self) {
            while try cursor.next() != nil {}
        }
        #expect(error?.code == .readFailed)
        #expect(cursor.report.featuresRead > 0 && cursor.report.featuresRead < 542)
        #expect(error?.gdalMessage?.contains("malformed") == true)
    }

    @Test func unknownLayerListsTheOthers() throws {
        let dataset = try Dataset(opening: TestSupport.berlinLOR)
        let error = #expect(throws: GDALError.self) { try dataset.layer(named: "planungsraeume_2020") }
        #expect(error?.code == .layerNotFound)
        for name in ["planungsraeume_2021", "bezirksregionen_2021", "bezirke", "ortsteile"] {
            #expect(error?.hint?.contains(name) == true)
        }
    }

    @Test func passwordsNeverAppearInMessages() {
        let error = GDALError(code: .openFailed, message: "x", path: "PG:dbname=a password=geheim host=b")
        #expect(!error.description.contains("geheim"))
        #expect(error.description.contains("host=b"))
    }
}
