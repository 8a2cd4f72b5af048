import Foundation
import QuartierGDAL
import QuartierModel
import QuartierTestSupport
import Testing

@Suite("Reading OGR sources")
struct ReadingTests {
    @Test func berlinPlanungsraeume() throws {
        let dataset = try Dataset(opening: TestSupport.berlinLOR)
        #expect(dataset.driverName == "GPKG")
        #expect(dataset.layerNames.contains("planungsraeume_2021"))
        let layer = try dataset.layer(named: "planungsraeume_2021")
        #expect(try layer.featureCount() == 542)
        #expect(layer.geometryTypeName == "Polygon")
        let srs = try #require(layer.spatialReference)
        #expect(srs.epsgCode == 25833)
        #expect(srs.name == "ETRS89 / UTM zone 33N")
        #expect(!srs.isGeographic)
        let (areas, report) = try layer.readAll(ReadOptions(checkValidity: true))
        #expect(areas.features.count == 542)
        #expect(report.invalidFIDs.isEmpty)
        #expect(report.emptyFIDs.isEmpty)
        let id = try #require(areas.fieldIndex("PLR_ID"))
        #expect(areas.fields[id].type == .string)
        let keys = areas.column(id).compactMap(\.stringValue)
        #expect(keys.count == 542)
        #expect(Set(keys).count == 542)
        #expect(keys.allSatisfy { $0.count == 8 })
        #expect(keys.contains("01100101"))  // Mitte's first PLR keeps its leading zero
        let area = areas.features.reduce(0) { $0 + ($1.geometry?.area ?? 0) }
        #expect(abs(area / 1e6 - 890.67) < 0.01)  // SOURCE.md: the PLR areas sum to 890.67 km²
    }

    @Test func firstLayerWhenNoneNamed() throws {
        let dataset = try Dataset(opening: TestSupport.berlinLOR)
        let layer = try dataset.layer(named: nil)
        #expect(layer.name == dataset.layerNames[0])
    }

    @Test func multiPolygonsWithAllLayers() throws {
        let dataset = try Dataset(opening: TestSupport.berlinLOR)
        let counts = try dataset.layers().map { ($0.name, try $0.featureCount()) }
        let byName = Dictionary(uniqueKeysWithValues: counts)
        #expect(byName["bezirksregionen_2021"] == 143)
        #expect(byName["prognoseraeume_2021"] == 58)
        #expect(byName["bezirke"] == 12)
        #expect(byName["ortsteile"] == 96)
        let bezirke = try dataset.layer(named: "bezirke").readAll().layer
        #expect(bezirke.geometryType == "MultiPolygon")
        #expect(bezirke.features.allSatisfy { if case .multiPolygon = $0.geometry { true } else { false } })
    }

    @Test func pointsFromGeoJSON() throws {
        let path = TestSupport.geodata("berlin_education_facilities/kitas_berlin_2022-12.geojson")
        let layer = try Dataset(opening: path).layer(named: nil)
        let (kitas, _) = try layer.readAll()
        #expect(kitas.features.count == 2880)
        #expect(layer.spatialReference?.epsgCode == 25833)
        let places = try #require(kitas.fieldIndex("e_platz"))
        // The register publishes places as text ("69"); the sum matches SOURCE.md.
        #expect(kitas.fields[places].type == .string)
        let total = kitas.column(places).compactMap { $0.stringValue.flatMap(Double.init) }.reduce(0, +)
        #expect(total == 194_979)
        #expect(kitas.features.allSatisfy { if case .point = $0.geometry { true } else { false } })
    }

    @Test func cursorStreamsAndCountsFeatures() throws {
        let layer = try Dataset(opening: TestSupport.berlinLOR).layer(named: "ortsteile")
        let cursor = layer.features()
        var seen = 0
        while try cursor.next() != nil { seen += 1 }
        #expect(seen == 96)
        #expect(try cursor.next() == nil)  // the end stays the end
        #expect(cursor.report.featuresRead == 96)
    }

    @Test func invalidGeometriesAreReportedWithTheirIdsAndRepairedOnlyWhenAsked() throws {
        let layer = try Dataset(opening: TestSupport.fixture("invalid-geometries.geojson")).layer(named: nil)
        let (unrepaired, report) = try layer.readAll(ReadOptions(checkValidity: true))
        #expect(unrepaired.features.count == 4)
        #expect(report.invalidFIDs.count == 2)
        #expect(report.repairedFIDs.isEmpty)
        let (repaired, repairReport) = try layer.readAll(ReadOptions(checkValidity: true, repair: true))
        #expect(repairReport.repairedFIDs == report.invalidFIDs)
        #expect(repaired.features.count == 4)
        let key = try #require(repaired.fieldIndex("PLR_ID"))
        let invalidKeys = report.invalidFIDs.map { fid in
            unrepaired.features.first { $0.fid == fid }?.attributes[key].stringValue
        }
        #expect(invalidKeys == ["90000002", "90000004"])  // Tests/Fixtures/README.md
    }

    @Test func shapefileWithoutPrjHasNoCRS() throws {
        let layer = try Dataset(opening: TestSupport.fixture("no-prj/areas.shp")).layer(named: nil)
        #expect(layer.spatialReference == nil)
        #expect(try layer.featureCount() == 5)
    }

    @Test func emptyLayerReadsAsEmpty() throws {
        let layer = try Dataset(opening: TestSupport.fixture("empty-layer.gpkg")).layer(named: "areas")
        #expect(try layer.featureCount() == 0)
        #expect(try layer.readAll().layer.features.isEmpty)
    }
}
