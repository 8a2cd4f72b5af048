import Foundation
import QuartierModel
import Testing

@Suite("GermanCSV: encodings")
struct GermanCSVEncodingTests {
    @Test func windows1252FixtureDecodesUmlautsEuroAndSymbols() throws {
        let table = try GermanCSV.read(path: TableTesting.fixture("cp1252-umlauts.csv"))
        #expect(table.dialect.encoding == "Windows-1252")
        #expect(table.dialect.delimiter == ";")
        #expect(table.columns.map(\.name) == ["Ortsteil", "Gemeinde", "Einwohner", "Fläche km²", "Miete €/m²"])
        #expect(TableTesting.column(table, "Ortsteil") == [
            .string("Schöneberg"), .string("Großziethen"), .string("Grünau"), .string("Müggelheim"),
        ])
        #expect(TableTesting.column(table, "Gemeinde")[1] == .string("Schönefeld"))
        // 0x96 is "–" (nothing), 0x85 is "…" (secret): both official symbols once decoded.
        #expect(TableTesting.column(table, "Einwohner") == [
            .integer(123_456), .integer(8_719), .missing(.none), .integer(6_820),
        ])
        #expect(TableTesting.column(table, "Miete €/m²") == [.real(12.5), .real(9.8), .missing(.secret),
                                                              .missing(.blocked)])
        #expect(TableTesting.type(table, "Fläche km²") == .real)
        #expect(table.lineNumbers == [2, 3, 4, 5])  // CRLF line ends
        let keys = TableTesting.column(table, "Ortsteil").compactMap(\.stringValue)
        #expect(keys.allSatisfy { $0.unicodeScalars.allSatisfy { $0.value < 0x80 || $0.value >= 0xA0 } })
    }

    @Test func byte0x80IsTheEuroSign() throws {
        // "Preis;Einheit\n12;<0x80>\n": invalid UTF-8, so Windows-1252.
        let bytes: [UInt8] = Array("Preis;Einheit\n12;".utf8) + [0x80] + [0x0A]
        let table = try TableTesting.parse(bytes: bytes)
        #expect(table.dialect.encoding == "Windows-1252")
        #expect(table.rows[0][1] == .string("€"))
    }

    @Test func latin1BytesAreReadAsWindows1252() throws {
        // ISO 8859-1 bytes (0xDF ß, 0xF6 ö): Windows-1252 agrees with Latin-1 from 0xA0 up.
        let latin1 = "Straße;Größe\nHauptstraße;12\n".unicodeScalars.map { UInt8($0.value) }
        #expect(latin1.contains(0xDF) && latin1.contains(0xF6))
        let table = try TableTesting.parse(bytes: latin1)
        #expect(table.dialect.encoding == "Windows-1252")
        #expect(table.columns.map(\.name) == ["Straße", "Größe"])
        #expect(table.rows == [[.string("Hauptstraße"), .integer(12)]])
    }

    @Test func utf8WithoutAndWithBOM() throws {
        let text = "Bezirk;Einwohner\nNeukölln;330.017\n"
        let plain = try TableTesting.parse(text)
        #expect(plain.dialect.encoding == "UTF-8")
        #expect(plain.rows[0] == [.string("Neukölln"), .integer(330_017)])
        let withBOM = try TableTesting.parse(bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8))
        #expect(withBOM.dialect.encoding == "UTF-8 with BOM")
        #expect(withBOM.columns[0].name == "Bezirk")  // the BOM is not part of the first name
        #expect(withBOM.rows == plain.rows)
        #expect(withBOM.dialect.headerRow == 1)
    }

    @Test func excelUnicodeTextIsUTF16() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "Bezirk\tAnteil\r\nKöpenick\t12,5\r\n".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let table = try TableTesting.parse(bytes: bytes)
        #expect(table.dialect.encoding == "UTF-16LE")
        #expect(table.dialect.delimiter == "\t")
        #expect(table.rows[0] == [.string("Köpenick"), .real(12.5)])
    }

    @Test func aSpreadsheetGivenAsCSVIsUnreadable() throws {
        let error = #expect(throws: TableReadError.self) {
            try GermanCSV.read(path: TableTesting.geodata("berlin_mss_2021/mss_2021.xlsx"))
        }
        #expect(error?.code == .unreadable)
        #expect(error?.message.contains("mss_2021.xlsx") == true)
    }
}
