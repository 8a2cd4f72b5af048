import Foundation
import QuartierModel
import Testing

@Suite("GermanCSV: delimiter, quoting, header and footer")
struct GermanCSVLayoutTests {
    @Test(arguments: [(";", "12,5"), (",", "12.5"), ("\t", "12,5")])
    func detectsTheDelimiter(delimiter: String, share: String) throws {
        let text = ["Bezirk", "Einwohner", "Anteil"].joined(separator: delimiter) + "\n"
            + ["Mitte", "397134", share].joined(separator: delimiter) + "\n"
            + ["Pankow", "410716", share].joined(separator: delimiter) + "\n"
        let table = try TableTesting.parse(text)
        #expect(table.dialect.delimiter == delimiter)
        #expect(table.rows[1] == [.string("Pankow"), .integer(410_716), .real(12.5)])
    }

    @Test func decimalCommasDoNotFoolDelimiterDetection() throws {
        // Split at ',', every data row has 3 fields too; the header decides for ';'.
        let table = try TableTesting.parse("Bezirk;A;B\nMitte;1,5;2,5\nPankow;3,5;4,5\n")
        #expect(table.dialect.delimiter == ";")
        #expect(table.rows[1] == [.string("Pankow"), .real(3.5), .real(4.5)])
    }

    @Test func givenDelimiterIsUsed() throws {
        let table = try TableTesting.parse("a|b\n1|2\n", CSVReadOptions(delimiter: "|"))
        #expect(table.dialect.delimiter == "|")
        #expect(table.rows == [[.integer(1), .integer(2)]])
        let error = #expect(throws: TableReadError.self) {
            try TableTesting.parse("a;b\n1;2\n", CSVReadOptions(delimiter: ";;"))
        }
        #expect(error?.code == .unreadable)
    }

    @Test func rfc4180Quoting() throws {
        let text = "Name;Notiz;Wert\r\n"
            + "\"Mitte; Tiergarten\";\"sagte \"\"ja\"\"\";1\r\n"
            + "Pankow;\"zwei\r\nZeilen\";2\r\n"
            + "Wedding;;3\r\n"
        let table = try TableTesting.parse(text)
        #expect(table.rows.count == 3)
        #expect(table.rows[0] == [.string("Mitte; Tiergarten"), .string("sagte \"ja\""), .integer(1)])
        #expect(table.rows[1][1] == .string("zwei\r\nZeilen"))
        #expect(table.lineNumbers == [2, 3, 5])  // the quoted line break moves the next row to line 5
        #expect(table.rows[2][1] == .missing(.empty))
    }

    @Test func unterminatedQuoteIsReported() throws {
        let error = #expect(throws: TableReadError.self) { try TableTesting.parse("a;b\n1;\"offen\n2;3\n") }
        #expect(error?.code == .unreadable)
        #expect(error?.line == 2)
    }

    @Test func mixedDelimitersAreAnErrorNamingTheLine() throws {
        let path = TableTesting.fixture("mixed-delimiters.csv")
        let error = #expect(throws: TableReadError.self) { try GermanCSV.read(path: path) }
        #expect(error?.code == .inconsistentRow)
        #expect(error?.line == 4)
        #expect(error?.path == path)
        let message = error?.message ?? ""
        #expect(message.contains("line 4") && message.contains("expected 4") && message.contains("found 1"))
        #expect(message.contains("','"))  // names the delimiter the line seems to use
    }

    @Test func aCommaLineAtTheEndIsNotTakenForAFootnote() throws {
        let error = #expect(throws: TableReadError.self) {
            try TableTesting.parse("Bezirk;Einwohner;Anteil\nMitte;397.134;11,3\nPankow,410.716,12.7\n\n")
        }
        #expect(error?.code == .inconsistentRow)
        #expect(error?.line == 3)
    }

    @Test func aShortRowIsAnErrorNotPadded() throws {
        let error = #expect(throws: TableReadError.self) { try TableTesting.parse("a;b;c\n1;2;3\n4;5\n6;7;8\n") }
        #expect(error?.code == .inconsistentRow)
        #expect(error?.line == 3)
        #expect(error?.message.contains("expected 3") == true)
    }

    @Test func emptyTrailingLinesAndBlankLinesAreIgnored() throws {
        let table = try TableTesting.parse("a;b\n1;2\n\n3;4\n\n\n   \n")
        #expect(table.rows == [[.integer(1), .integer(2)], [.integer(3), .integer(4)]])
        #expect(table.lineNumbers == [2, 4])
        #expect(table.dialect.footerRowsSkipped == 0)
    }

    @Test func headerOnLine4WithFootnotesBelow() throws {
        let table = try GermanCSV.read(path: TableTesting.fixture("header-row-4.csv"))
        #expect(table.dialect.encoding == "UTF-8 with BOM")
        #expect(table.dialect.headerRow == 4)
        #expect(table.dialect.footerRowsSkipped == 4)
        #expect(table.columns.map(\.name) == ["Bezirk", "Einwohner", "darunter Ausländer", "Anteil Ausländer"])
        #expect(table.lineNumbers == [5, 6, 7, 8, 9])
        #expect(TableTesting.column(table, "Bezirk").last == .string("Berlin"))
        #expect(TableTesting.column(table, "Einwohner").last == .integer(3_897_145))
        #expect(TableTesting.column(table, "darunter Ausländer")[3] == .missing(.blocked))
        // "24,4 1)" carries a footnote marker: not a number, 4 of 5 cells are (80 %), so a bad cell.
        #expect(TableTesting.column(table, "Anteil Ausländer") == [
            .real(36.0), .real(29.6), .real(16.6), .real(21.7), .missing(.invalid),
        ])
        #expect(table.badCells == [BadCell(row: 9, column: "Anteil Ausländer", text: "24,4 1)")])
    }

    @Test func headerRowAndFooterByOption() throws {
        let path = TableTesting.fixture("header-row-4.csv")
        let table = try GermanCSV.read(path: path, options: CSVReadOptions(headerRow: 4, skipFooter: 3))
        #expect(table.dialect.headerRow == 4)
        #expect(table.dialect.footerRowsSkipped == 3)
        // Only the last three lines dropped: the padded footnote "1) vorläufig;;;" is a row now.
        #expect(table.rows.count == 6)
        #expect(table.rows.last?.first == .string("1) vorläufig"))
        #expect(table.lineNumbers.last == 11)
        // Dropping nothing leaves the one-field footnote on line 12 among the rows: an error.
        let error = #expect(throws: TableReadError.self) {
            try GermanCSV.read(path: path, options: CSVReadOptions(skipFooter: 0))
        }
        #expect(error?.code == .inconsistentRow)
        #expect(error?.line == 12)
    }

    @Test func titleLinesPaddedWithDelimitersAreSkipped() throws {
        let text = "Tabelle 3: Kinder nach Bezirken;;;\n;;;\nBezirk;2022;2023;2024\nMitte;10;11;12\n"
            + "Pankow;20;21;22\nStand: 31.12.2024;;;\n"
        let table = try TableTesting.parse(text)
        #expect(table.dialect.headerRow == 3)
        #expect(table.columns.map(\.name) == ["Bezirk", "2022", "2023", "2024"])  // years are names here
        #expect(table.dialect.footerRowsSkipped == 1)
        #expect(table.rows.count == 2)
    }

    @Test func genesisExportWithTitleLinesHoldingCommas() throws {
        // Shape of a Destatis GENESIS download: commas in title lines and names must not make ','
        // the delimiter; a rule line and the source below the data are footnotes.
        let text = """
            GENESIS-Tabelle: 12411-0015
            Bevölkerung: Kreise, Stichtag
            Stichtag;31.12.2023
            ;Bevölkerung
            Amtlicher Gemeindeschlüssel;Gemeinde;Insgesamt
            01001;Flensburg, Stadt;92.550
            01002;Kiel, Landeshauptstadt;247.717
            01003;Lübeck, Hansestadt;218.095
            __________
            Quelle: Statistisches Bundesamt
            (C)opyright Statistisches Bundesamt (Destatis), 2025

            """
        let table = try TableTesting.parse(text)
        #expect(table.dialect.delimiter == ";")
        #expect(table.dialect.headerRow == 5)
        #expect(table.dialect.footerRowsSkipped == 3)
        #expect(table.rows[1] == [.string("01002"), .string("Kiel, Landeshauptstadt"), .integer(247_717)])
    }

    @Test func footnoteCuesAreWordsNotPrefixes() throws {
        // "Standort …" is data even with a gap; "Stand:" and "Quelle:" below it are footnotes.
        let text = "Einrichtung;Plätze;Warteliste\nKita Mitte;40;12\nStandort Nord;35;\n"
            + "Stand: 1.3.2025\nQuelle: Bezirksamt;;\n"
        let table = try TableTesting.parse(text)
        #expect(table.rows.count == 2)
        #expect(table.rows[1] == [.string("Standort Nord"), .integer(35), .missing(.empty)])
        #expect(table.dialect.footerRowsSkipped == 2)
    }

    @Test func dialectIsCodableForTheJoinReport() throws {
        let table = try GermanCSV.read(path: TableTesting.fixture("semicolon-decimal-comma.csv"))
        let json = try JSONEncoder().encode(table.dialect)
        #expect(try JSONDecoder().decode(TableDialect.self, from: json) == table.dialect)
        let bad = BadCell(row: 9, column: "Anteil", text: "24,4 1)")
        #expect(try JSONDecoder().decode(BadCell.self, from: JSONEncoder().encode(bad)) == bad)
    }

    @Test func headerRowOptionMustNameARow() throws {
        let error = #expect(throws: TableReadError.self) {
            try TableTesting.parse("a;b\n\n1;2\n", CSVReadOptions(headerRow: 2))
        }
        #expect(error?.code == .noHeader)
        #expect(error?.line == 2)
        let noHeader = #expect(throws: TableReadError.self) { try TableTesting.parse("1;2\n3;4\n5;6\n") }
        #expect(noHeader?.code == .noHeader)
    }

    @Test func duplicateAndEmptyHeaderNames() throws {
        let table = try TableTesting.parse(" Anteil ;Anteil;Anteil;;Wert Insgesamt\n1;2;3;4;5\n")
        #expect(table.columns.map(\.name) == ["Anteil", "Anteil_2", "Anteil_3", "field_4", "Wert Insgesamt"])
        #expect(table.columnIndex("Anteil_3") == 2)
        #expect(table.columnIndex("anteil") == nil)
    }

    @Test func aTrailingDelimiterOnEveryLineAddsNoColumn() throws {
        let table = try TableTesting.parse("a;b;\n1;2;\n3;4;\n")
        #expect(table.columns.map(\.name) == ["a", "b"])
        #expect(table.rows == [[.integer(1), .integer(2)], [.integer(3), .integer(4)]])
    }

    @Test(arguments: ["", "\n\n  \n", "Bezirk;Einwohner\n", "Bezirk;Einwohner\n\n", "\u{FEFF}"])
    func emptyTablesAreRefused(text: String) throws {
        let error = #expect(throws: TableReadError.self) { try TableTesting.parse(text) }
        #expect(error?.code == .empty)
    }

    @Test func missingFileAndFolder() throws {
        let path = TableTesting.fixture("does-not-exist.csv")
        let missing = #expect(throws: TableReadError.self) { try GermanCSV.read(path: path) }
        #expect(missing?.code == .fileNotFound)
        #expect(missing?.path == path)
        #expect(missing?.description.contains("does-not-exist.csv") == true)
        let folder = #expect(throws: TableReadError.self) { try GermanCSV.read(path: TableTesting.fixture("")) }
        #expect(folder?.code == .unreadable)
    }
}
