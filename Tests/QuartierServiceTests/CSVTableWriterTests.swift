import Foundation
import QuartierModel
import QuartierService
import QuartierTestSupport
import Testing

/// The attribute table as CSV: German Excel (BOM, `;`, decimal comma) and RFC 4180.
@Suite("CSVTableWriter")
struct CSVTableWriterTests {
    let layer = FeatureLayer(
        name: "t",
        fields: [
            FieldDefinition(name: "id", type: .string), FieldDefinition(name: "name", type: .string),
            FieldDefinition(name: "rate", type: .real), FieldDefinition(name: "n", type: .integer),
        ],
        features: [
            Feature(
                fid: nil, geometry: nil,
                attributes: [.string("01100101"), .string("Moabit; \"Mitte\""), .real(12.5), .integer(7)]),
            Feature(
                fid: nil, geometry: nil,
                attributes: [.string("01100102"), .string("Tiergarten"), .missing(.suppressed), .integer(0)]),
            Feature(
                fid: nil, geometry: nil, attributes: [.string("01100103"), .string("Hansa"), .real(0.00001), .null]),
        ], crs: nil, geometryType: "None")

    func write(_ dialect: PublishSpec.CSVDialect) throws -> (text: String, types: String) {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("t.csv").path
        try CSVTableWriter.write(layer, to: path, dialect: dialect)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let types = try String(contentsOfFile: folder.appendingPathComponent("t.csvt").path, encoding: .utf8)
        return (String(decoding: data, as: UTF8.self), types)
    }

    @Test func germanExcelHasBOMSemicolonsAndDecimalCommas() throws {
        let (text, types) = try write(.excel)
        #expect(text.hasPrefix("\u{FEFF}id;name;rate;rate_status;n\r\n"))
        #expect(text.contains("01100101;\"Moabit; \"\"Mitte\"\"\";12,5;;7\r\n"))
        #expect(text.contains("01100102;Tiergarten;;suppressed;0\r\n"))
        #expect(text.contains("01100103;Hansa;0,00001;;\r\n"))
        #expect(types == "\"String\",\"String\",\"Real\",\"String\",\"Integer\"\r\n")
    }

    @Test func rfc4180HasCommasAndDecimalPoints() throws {
        let (text, _) = try write(.rfc4180)
        #expect(text.hasPrefix("id,name,rate,rate_status,n\r\n"))
        #expect(text.contains("01100101,\"Moabit; \"\"Mitte\"\"\",12.5,,7\r\n"))
        #expect(text.contains("01100103,Hansa,0.00001,,\r\n"))
    }
}
