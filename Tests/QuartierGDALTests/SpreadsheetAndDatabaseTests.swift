import Foundation
import QuartierGDAL
import QuartierModel
import QuartierTestSupport
import Testing

@Suite("Tables from spreadsheets and PostGIS")
struct SpreadsheetAndDatabaseTests {
    @Test(arguments: ["mss_2021.xlsx", "mss_2021.ods"])
    func mssSpreadsheet(_ file: String) throws {
        let path = TestSupport.geodata("berlin_mss_2021/\(file)")
        let layer = try Dataset(opening: path).layer(named: nil)
        #expect(layer.geometryTypeName == "None")
        let (table, _) = try layer.readAll()
        #expect(table.features.count == 542)
        let id = try #require(table.fieldIndex("PLR_ID"))
        #expect(table.fields[id].type == .string)
        let keys = table.column(id).compactMap(\.stringValue)
        #expect(keys.count == 542)
        #expect(keys.allSatisfy { $0.count == 8 })
        #expect(keys.contains("01100101"))
        let s4 = try #require(table.fieldIndex("S4"))
        #expect(table.fields[s4].type == .real)
        // SOURCE.md: 6 PLR are invalid (KOM) and have no indicators: missing, never 0.
        #expect(table.column(s4).filter(\.isMissing).count == 6)
    }

    @Test func csvKeysStayText() throws {
        let layer = try Dataset(opening: TestSupport.geodata("berlin_mss_2021/mss_2021.csv")).layer(named: nil)
        let (table, _) = try layer.readAll()
        let id = try #require(table.fieldIndex("PLR_ID"))
        #expect(table.fields[id].type == .string)
        #expect(table.column(id).compactMap(\.stringValue).contains("01100101"))
    }

    @Test func postGISThroughPG() throws {
        #expect(GDALRuntime.hasDriver("PostgreSQL"))
        let connection = try PostGISServer.connectionString()
        #expect(connection.hasPrefix("PG:"))
        let dataset = try Dataset(opening: connection)
        let layer = try dataset.layer(named: "planungsraeume_2021")
        #expect(try layer.featureCount() == 542)
        #expect(layer.spatialReference?.epsgCode == 25833)
        let (areas, report) = try layer.readAll(ReadOptions(checkValidity: true))
        #expect(report.invalidFIDs.isEmpty)
        let id = try #require(areas.fieldIndex("plr_id") ?? areas.fieldIndex("PLR_ID"))
        #expect(areas.fields[id].type == .string)
        #expect(areas.column(id).compactMap(\.stringValue).contains("01100101"))
    }

    @Test func unknownPostGISTableListsTheTables() throws {
        let dataset = try Dataset(opening: try PostGISServer.connectionString())
        let error = #expect(throws: GDALError.self) { try dataset.layer(named: "no_such_table") }
        #expect(error?.code == .layerNotFound)
        #expect(error?.hint?.contains("planungsraeume_2021") == true)
    }
}
