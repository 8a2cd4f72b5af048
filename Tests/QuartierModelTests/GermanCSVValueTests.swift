import Foundation
import QuartierModel
import Testing

@Suite("GermanCSV: missing values, numbers and column types")
struct GermanCSVValueTests {
    static let symbols: [(String, MissingReason)] = [
        (".", .secret), ("-", .none), ("–", .none), ("x", .blocked), ("X", .blocked), ("/", .unreliable),
        ("…", .secret), ("...", .secret), ("", .empty), ("  .  ", .secret), ("\"x\"", .blocked),
    ]

    @Test(arguments: symbols)
    func officialSymbolsAreMissingNeverZero(symbol: String, reason: MissingReason) throws {
        let table = try TableTesting.parse("Bezirk;Kinder\nMitte;12\nPankow;\(symbol)\nSpandau;3\n")
        #expect(TableTesting.column(table, "Kinder") == [.integer(12), .missing(reason), .integer(3)])
        #expect(TableTesting.type(table, "Kinder") == .integer)
        #expect(table.badCells.isEmpty)
    }

    @Test func semicolonFixtureWithGermanNumbers() throws {
        let table = try GermanCSV.read(path: TableTesting.fixture("semicolon-decimal-comma.csv"))
        #expect(table.dialect.delimiter == ";")
        #expect(table.lineNumbers == [2, 3, 4, 6])
        #expect(TableTesting.column(table, "PLR_ID").first == .string("01100101"))
        #expect(TableTesting.column(table, "Einwohner") == [.integer(3419), .integer(1791), .integer(5211),
                                                             .integer(10002)])
        #expect(TableTesting.column(table, "Anteil_Kinder") == [.real(12.5), .missing(.secret), .missing(.blocked),
                                                                 .real(8.25)])
        #expect(TableTesting.column(table, "Einkommen_EUR") == [.real(2345.5), .real(1234), .missing(.unreliable),
                                                                 .real(980.75)])
        #expect(TableTesting.column(table, "Kinder") == [.integer(69), .missing(.none), .missing(.unreliable),
                                                          .integer(7)])
        #expect(TableTesting.column(table, "Fläche_m2") == [.integer(1_234_567), .integer(987_654), .integer(12_345),
                                                             .integer(1000)])
        #expect(TableTesting.column(table, "Haushalte") == [.integer(1250), .integer(980), .integer(2100),
                                                             .integer(75)])
        #expect(TableTesting.column(table, "Wohnfläche_m2") == [.integer(12_345), .integer(2000), .missing(.secret),
                                                                 .integer(950)])
        #expect(TableTesting.column(table, "Betrag_CHF") == [.integer(1234), .integer(12_500), .missing(.blocked),
                                                              .missing(.secret)])
        #expect(TableTesting.column(table, "Saldo") == [.integer(-12), .integer(3), .integer(-7), .integer(0)])
        #expect(TableTesting.column(table, "Bemerkung") == [
            .string("frei"), .string("Text; mit Semikolon"), .string("zwei\nZeilen"), .string("sagte \"ja\""),
        ])
        let d = table.dialect
        #expect(d.decimalSeparators["Einwohner"] == "," && d.decimalSeparators["Anteil_Kinder"] == ",")
        #expect(d.decimalSeparators["Name"] == nil && d.decimalSeparators["PLR_ID"] == nil)
        #expect(d.thousandsSeparators == [
            "Einwohner": ".", "Einkommen_EUR": ".", "Fläche_m2": " ", "Haushalte": "\u{00A0}",
            "Wohnfläche_m2": "\u{202F}", "Betrag_CHF": "'",
        ])
        #expect(table.badCells.isEmpty)
    }

    @Test func decimalCommaColumnReadsDottedValuesAsThousands() throws {
        let table = try TableTesting.parse("Bezirk;Wert\nA;1,5\nB;1.234\nC;1.234,5\n")
        #expect(TableTesting.column(table, "Wert") == [.real(1.5), .real(1234), .real(1234.5)])
        #expect(table.dialect.decimalSeparators["Wert"] == ",")
        #expect(table.dialect.thousandsSeparators["Wert"] == ".")
    }

    @Test func commaFileWithPointsReadsDottedValuesAsDecimals() throws {
        let table = try TableTesting.parse("Bezirk,Wert\nA,1.234\nB,12.345\n")
        #expect(TableTesting.column(table, "Wert") == [.real(1.234), .real(12.345)])
        #expect(table.dialect.decimalSeparators["Wert"] == ".")
        #expect(table.dialect.thousandsSeparators["Wert"] == nil)
    }

    @Test func semicolonColumnWithOnlyThreeDigitGroupsIsThousands() throws {
        let grouped = try TableTesting.parse("Bezirk;Einwohner\nA;1.234\nB;12.345\nC;7\n")
        #expect(TableTesting.column(grouped, "Einwohner") == [.integer(1234), .integer(12_345), .integer(7)])
        #expect(grouped.dialect.decimalSeparators["Einwohner"] == ",")
        // One value with another number of decimals: the dots are decimal points.
        let decimals = try TableTesting.parse("Bezirk;Wert\nA;1.234\nB;2.5\n")
        #expect(TableTesting.column(decimals, "Wert") == [.real(1.234), .real(2.5)])
        #expect(decimals.dialect.decimalSeparators["Wert"] == ".")
        // Several dots per value are thousands in any file.
        let many = try TableTesting.parse("Bezirk,Einwohner\nBerlin,3.897.145\n")
        #expect(TableTesting.column(many, "Einwohner") == [.integer(3_897_145)])
    }

    @Test func quotedNumbersInACommaFile() throws {
        let text = "a,Anteil,Summe,Kinder\nA,\"1,5\",\"1,234,567.5\",\"69\"\nB,\"2,25\",\"12.5\",\"7\"\n"
        let table = try TableTesting.parse(text)
        #expect(TableTesting.column(table, "Anteil") == [.real(1.5), .real(2.25)])
        #expect(TableTesting.column(table, "Summe") == [.real(1_234_567.5), .real(12.5)])
        #expect(table.dialect.thousandsSeparators["Summe"] == ",")
        #expect(TableTesting.column(table, "Kinder") == [.integer(69), .integer(7)])
    }

    @Test func signsExponentsAndLargeNumbers() throws {
        let text = "k;v;w\nA;-0,5;9007199254740993\nB;+1,5E-3;-9223372036854775808\nC;\u{2212}2;12345678901234567890\n"
        let table = try TableTesting.parse(text)
        #expect(TableTesting.column(table, "v") == [.real(-0.5), .real(0.0015), .real(-2)])
        // w: Int64 as long as it fits, else the whole column is real.
        #expect(TableTesting.column(table, "w") == [.real(9_007_199_254_740_992), .real(-9_223_372_036_854_775_808),
                                                     .real(12_345_678_901_234_567_168)])
        let ints = try TableTesting.parse("k;w\nA;9007199254740993\nB;-9223372036854775808\n")
        #expect(TableTesting.column(ints, "w") == [.integer(9_007_199_254_740_993), .integer(.min)])
    }

    /// Issue 25, item 13 (the corpus's 5 MB line): a number beyond Double's range was read as infinity, and the join
    /// wrote a null with no status. It is a bad cell of a numeric column now, and text in a column of its own.
    @Test func numbersBeyondDoubleAreBadCells() throws {
        let huge = String(repeating: "9", count: 400)
        let good = (0..<8).map { "R\($0);\($0 + 5)\n" }.joined()
        let table = try TableTesting.parse("k;v\nA;1\nB;2\nC;3\nD;4\nE;\(huge)\nF;1E999\nG;-2,5e400\n" + good)
        #expect(TableTesting.type(table, "v") == .integer)
        #expect(TableTesting.column(table, "v")[4...6].allSatisfy { $0 == .missing(.invalid) })
        #expect(table.badCells.map(\.row) == [6, 7, 8])
        let alone = try TableTesting.parse("k;v\nA;\(huge)\n")
        #expect(TableTesting.column(alone, "v") == [.string(huge)])
        // Underflow is no overflow: 1E-999 is 0.
        #expect(TableTesting.column(try TableTesting.parse("k;v\nA;1E-999\nB;0,5\n"), "v") == [.real(0), .real(0.5)])
    }

    @Test func percentSignsStayText() throws {
        let table = try TableTesting.parse("Bezirk;Anteil\nMitte;12,5 %\nPankow;13 %\n")
        #expect(TableTesting.type(table, "Anteil") == .string)
        #expect(TableTesting.column(table, "Anteil") == [.string("12,5 %"), .string("13 %")])
    }

    @Test func eightyPercentRuleWithBadCells() throws {
        let numeric = try TableTesting.parse("Bezirk;Wert\nA;1\nB;2\nC;k.A.\nD;4\nE;5\nF;.\n")
        #expect(TableTesting.type(numeric, "Wert") == .integer)
        #expect(TableTesting.column(numeric, "Wert")[2] == .missing(.invalid))
        #expect(TableTesting.column(numeric, "Wert")[5] == .missing(.secret))
        #expect(numeric.badCells == [BadCell(row: 4, column: "Wert", text: "k.A.")])
        // 3 of 4 is 75 %: a text column, nothing is bad.
        let text = try TableTesting.parse("Bezirk;Wert\nA;1\nB;2\nC;k.A.\nD;4\n")
        #expect(TableTesting.type(text, "Wert") == .string)
        #expect(TableTesting.column(text, "Wert") == [.string("1"), .string("2"), .string("k.A."), .string("4")])
        #expect(text.badCells.isEmpty)
    }

    @Test func leadingZerosMakeAKeyColumnText() throws {
        let table = try TableTesting.parse("AGS;Name;Wert\n06412000;Frankfurt am Main;0\n6413000;Offenbach;0,5\n")
        #expect(TableTesting.type(table, "AGS") == .string)
        #expect(TableTesting.column(table, "AGS") == [.string("06412000"), .string("6413000")])
        #expect(TableTesting.column(table, "Wert") == [.real(0), .real(0.5)])  // "0" is no leading zero
    }

    @Test func keyThatLostItsLeadingZeros() throws {
        let path = TableTesting.fixture("key-lost-zeros.csv")
        let plain = try GermanCSV.read(path: path)
        #expect(TableTesting.type(plain, "PLR_ID") == .integer)
        #expect(TableTesting.column(plain, "PLR_ID").first == .integer(1_100_101))
        let keyed = try GermanCSV.read(path: path, options: CSVReadOptions(textColumns: ["PLR_ID"]))
        #expect(TableTesting.type(keyed, "PLR_ID") == .string)
        #expect(TableTesting.column(keyed, "PLR_ID") == [
            .string("1100101"), .string("1100102"), .string("1100103"), .string("2100101"),
        ])
        #expect(keyed.dialect.decimalSeparators["PLR_ID"] == nil)
        #expect(TableTesting.column(keyed, "Anteil").first == .real(4.6))
    }

    @Test func textIsTrimmedAndAllMissingColumnsAreText() throws {
        let table = try TableTesting.parse("Name;Leer\n  Alt-Treptow  ;\n\u{00A0}Plänterwald\u{202F};.\n")
        #expect(TableTesting.column(table, "Name") == [.string("Alt-Treptow"), .string("Plänterwald")])
        #expect(TableTesting.type(table, "Leer") == .string)
        #expect(TableTesting.column(table, "Leer") == [.missing(.empty), .missing(.secret)])
    }
}
