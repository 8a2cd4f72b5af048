import Foundation
import QuartierModel
import Testing

/// The bundled real tables (`Geodata/SOURCE.md`). Reference values are the files' own text, read
/// independently with Python's `csv` module (counts of rows, empty cells, first values).
@Suite("GermanCSV: real data and size")
struct GermanCSVRealDataTests {
    @Test func monitoringSozialeStadtentwicklung2021() throws {
        let table = try GermanCSV.read(path: TableTesting.geodata("berlin_mss_2021/mss_2021.csv"))
        #expect(table.dialect == TableDialect(
            encoding: "UTF-8", delimiter: ",", headerRow: 1, footerRowsSkipped: 0,
            decimalSeparators: table.dialect.decimalSeparators, thousandsSeparators: [:]))
        #expect(table.rows.count == 542)
        #expect(table.columns.count == 28)
        #expect(table.lineNumbers.first == 2 && table.lineNumbers.last == 543)
        #expect(table.badCells.isEmpty)
        let ids = TableTesting.column(table, "PLR_ID")
        #expect(TableTesting.type(table, "PLR_ID") == .string)
        #expect(ids.first == .string("01100101"))
        #expect(Set(ids.compactMap(\.stringValue)).count == 542)
        #expect(ids.allSatisfy { $0.stringValue?.count == 8 })
        #expect(TableTesting.column(table, "PLR_NAME").first == .string("Stülerstraße"))
        #expect(TableTesting.type(table, "S4") == .real)
        let s4 = TableTesting.column(table, "S4")
        #expect(s4.filter { $0 == .missing(.empty) }.count == 6)
        #expect(s4.filter { !$0.isMissing }.count == 536)
        #expect(s4.first == .real(19.39799))
        #expect(table.dialect.decimalSeparators["S4"] == ".")
        #expect(TableTesting.type(table, "EW") == .integer)
        #expect(TableTesting.column(table, "EW").first == .integer(3419))
        #expect(TableTesting.type(table, "SDI_V") == .string)
        #expect(TableTesting.column(table, "SDI_V").first == .string("Status mittel , Dynamik negativ"))
        #expect(TableTesting.column(table, "KI_06").first == .real(-1.31))
        #expect(TableTesting.type(table, "KI_09") == .real)  // "0" in row 1, decimals below
    }

    @Test func populationByAgePerPlanungsraum2024() throws {
        let path = TableTesting.geodata("berlin_population_lor_2024/einwohner_alter_plr_2024-12-31.csv")
        let table = try GermanCSV.read(path: path)
        #expect(table.rows.count == 542)
        #expect(table.columns.count == 27)
        #expect(table.dialect.delimiter == ",")
        #expect(TableTesting.column(table, "PLR_ID").first == .string("01100101"))
        #expect(TableTesting.type(table, "district_id") == .string)  // "01": a key with a leading zero
        #expect(TableTesting.column(table, "inhabitants").first == .integer(3580))
        #expect(TableTesting.column(table, "inhabitants_percentage").first == .real(100))
        // 17 significant digits: the reader must round as Double(String) (strtod) does.
        let share = TableTesting.column(table, "inhabitants_age_18_27_percentage").first
        #expect(share == .real(13.016759776536313))
        #expect(share?.doubleValue == Double("13.016759776536313"))
        let total = TableTesting.column(table, "inhabitants").compactMap(\.doubleValue).reduce(0, +)
        #expect(total > 3_800_000 && total < 4_000_000)  // Berlin had about 3.9 million residents
    }

    @Test func zensus2011ChildrenUnder10On100mGrid() throws {
        let path = TableTesting.geodata("zensus2011_grid_berlin_hamburg/zensus2011_100m_unter10_berlin.csv")
        let table = try GermanCSV.read(path: path)
        #expect(table.rows.count == 26_625)
        #expect(table.columns.map(\.name) == [
            "GITTER_ID_100m", "x_mp_100m", "y_mp_100m", "unter10", "city", "PLR_ID", "HH_STADTTEIL_ID",
        ])
        #expect(table.columns.map(\.type) == [.string, .integer, .integer, .integer, .string, .string, .string])
        #expect(table.rows[0] == [
            .string("CRS3035RES100mN3254200E4569500"), .integer(4_569_550), .integer(3_254_250), .integer(3),
            .string("Berlin"), .string("09301228"), .missing(.empty),
        ])
        #expect(TableTesting.column(table, "HH_STADTTEIL_ID").allSatisfy { $0 == .missing(.empty) })
    }

    @Test func hundredThousandRowsAreReadLinearly() throws {
        // 100,000 rows × 10 columns in the shape of an office export (no timing assertion here;
        // `swift test -c release` reads it in a fraction of a second).
        var text = "PLR_ID;Name;Einwohner;Kinder;Anteil;Saldo;Flaeche;Status;Jahr;Notiz\n"
        text.reserveCapacity(8_000_000)
        for i in 0..<100_000 {
            let key = String(1_000_000 + i).dropFirst()
            let symbol = i % 97 == 0 ? "." : String(i % 500)
            text += "0\(key);\"Raum \(i)\";\(1 + i % 999).\(String(100 + i % 900));\(symbol);\(i % 100),\(i % 10);"
            text += "-\(i % 50);1 234,5;mittel;2024;\"a; b\"\n"
        }
        let table = try TableTesting.parse(text)
        #expect(table.rows.count == 100_000)
        #expect(table.lineNumbers.last == 100_001)
        #expect(table.columns.map(\.type) == [
            .string, .string, .integer, .integer, .real, .integer, .real, .string, .integer, .string,
        ])
        #expect(table.rows[1] == [
            .string("0000001"), .string("Raum 1"), .integer(2101), .integer(1), .real(1.1), .integer(-1),
            .real(1234.5), .string("mittel"), .integer(2024), .string("a; b"),
        ])
        #expect(TableTesting.column(table, "Kinder").filter { $0 == .missing(.secret) }.count == 1031)
        #expect(table.badCells.isEmpty)
    }
}
