import QuartierModel
import Testing

/// Small hand-made tables; the real-data joins (MSS, population) are tested end to end in QuartierServiceTests.
@Suite("Attribute joins")
struct AttributeJoinTests {
    func areas(_ keys: [String], names: [String]? = nil) -> FeatureLayer {
        FeatureLayer(
            name: "areas",
            fields: [FieldDefinition(name: "PLR_ID", type: .string), FieldDefinition(name: "NAME", type: .string)],
            features: keys.enumerated().map { i, key in
                Feature(fid: Int64(i + 1), geometry: nil, attributes: [.string(key), .string(names?[i] ?? "A\(i)")])
            }, crs: nil, geometryType: "Polygon")
    }

    func table(_ rows: [[AttributeValue]], columns: [(String, FieldType)]) -> IndicatorTable {
        IndicatorTable(
            columns: columns.map { FieldDefinition(name: $0.0, type: $0.1) }, rows: rows,
            lineNumbers: rows.indices.map { $0 + 2 }, badCells: [],
            dialect: TableDialect(encoding: "UTF-8", delimiter: ";", headerRow: 1))
    }

    @Test func joinsByKeyAndReportsBothSides() throws {
        let t = table(
            [
                [.string("01100101"), .real(19.4)], [.string("01100102"), .missing(.secret)],
                [.string("99999999"), .real(1)],
            ],
            columns: [("PLR_ID", .string), ("S4", .real)])
        let (result, report) = try AttributeJoin.byKey(
            areas: areas(["01100101", "01100102", "01100103"]), areaKey: "PLR_ID", table: t, tableName: "mss",
            tableKey: "PLR_ID")
        #expect(result.fields.map(\.name) == ["PLR_ID", "NAME", "S4"])
        #expect(result.features.map { $0.attributes[2] } == [.real(19.4), .missing(.secret), .missing(.noRow)])
        #expect(report.matched == 2)
        #expect(report.areasWithoutRow == ["01100103"])
        #expect(report.unmatchedTableRows == ["99999999"])
    }

    @Test func lostLeadingZerosMatchWithZeroPadAndAreReportedWithout() throws {
        let t = table([[.integer(1_100_101), .integer(3419)]], columns: [("PLR_ID", .integer), ("EW", .integer)])
        let (_, plain) = try AttributeJoin.byKey(
            areas: areas(["01100101"]), areaKey: "PLR_ID", table: t, tableName: "t", tableKey: "PLR_ID")
        #expect(plain.matched == 0)
        #expect(plain.unmatchedTableRows == ["1100101"])
        #expect(plain.hints.first?.contains("zero_pad = 8") == true)
        let (padded, report) = try AttributeJoin.byKey(
            areas: areas(["01100101"]), areaKey: "PLR_ID", table: t, tableName: "t", tableKey: "PLR_ID",
            normalization: KeyNormalization(zeroPad: 8))
        #expect(report.matched == 1)
        #expect(padded.features[0].attributes[2] == .integer(3419))
    }

    @Test func duplicateKeysAreAnErrorUnlessFirstOrSum() throws {
        let t = table(
            [[.string("A"), .integer(2)], [.string("A"), .integer(3)], [.string("B"), .integer(1)]],
            columns: [("PLR_ID", .string), ("n", .integer)])
        let error = #expect(throws: JoinError.self) {
            try AttributeJoin.byKey(
                areas: areas(["A", "B"]), areaKey: "PLR_ID", table: t, tableName: "t", tableKey: "PLR_ID")
        }
        #expect(error?.message.contains("duplicate keys (A)") == true)
        let (first, _) = try AttributeJoin.byKey(
            areas: areas(["A", "B"]), areaKey: "PLR_ID", table: t, tableName: "t", tableKey: "PLR_ID",
            duplicates: .first)
        #expect(first.features[0].attributes[2] == .integer(2))
        let (sum, report) = try AttributeJoin.byKey(
            areas: areas(["A", "B"]), areaKey: "PLR_ID", table: t, tableName: "t", tableKey: "PLR_ID", duplicates: .sum)
        #expect(sum.features[0].attributes[2] == .integer(5))
        #expect(report.duplicateKeys == ["A"])
    }

    /// Issue 24, item 7: Eimsbüttel reported twice, residents and a share; `sum` would add the percentages.
    @Test func sumAddsCountsOnlyAndSharesAmongDuplicatesAreRefused() throws {
        let t = table(
            [
                [.string("A"), .integer(150_000), .real(26.6)], [.string("A"), .integer(158_437), .real(24.1)],
                [.string("B"), .integer(1), .real(3.5)],
            ],
            columns: [("ID", .string), ("residents", .integer), ("share_u18", .real)])
        let refused = #expect(throws: JoinError.self) {
            try AttributeJoin.byKey(
                areas: areas(["A", "B"]), areaKey: "PLR_ID", table: t, tableName: "t", tableKey: "ID", duplicates: .sum)
        }
        #expect(refused?.message.contains("adds counts only") == true)
        #expect(refused?.message.contains("'share_u18'") == true && refused?.message.contains("'residents'") == false)
        // The duplicate-key error no longer suggests sum for such a table.
        let plain = #expect(throws: JoinError.self) {
            try AttributeJoin.byKey(
                areas: areas(["A", "B"]), areaKey: "PLR_ID", table: t, tableName: "t", tableKey: "ID")
        }
        #expect(plain?.message.contains("\"sum\" adds counts only") == true, "\(plain?.message ?? "")")
        // Counts alone are summed.
        let (summed, _) = try AttributeJoin.byKey(
            areas: areas(["A", "B"]), areaKey: "PLR_ID", table: t, tableName: "t", tableKey: "ID", duplicates: .sum,
            columns: ["residents"])
        #expect(summed.features[0].attributes.last == .integer(308_437))
    }

    @Test func collidingHeadersGetTheTableSuffix() throws {
        let t = table([[.string("A"), .string("Table name")]], columns: [("PLR_ID", .string), ("NAME", .string)])
        let (result, report) = try AttributeJoin.byKey(
            areas: areas(["A"]), areaKey: "PLR_ID", table: t, tableName: "t", tableKey: "PLR_ID")
        #expect(result.fields.map(\.name) == ["PLR_ID", "NAME", "NAME_table"])
        #expect(report.renamedColumns == ["NAME": "NAME_table"])
    }

    @Test func joinsByNormalisedNameWithMergedUnits() throws {
        let names = ["Sankt Georg", "Schöneberg-Nord", "Moorburg", "Altenwerder", "Schloßstraße", "Schlossstrasse"]
        let layer = areas(["1", "2", "3", "4", "5", "6"], names: names)
        let t = table(
            [
                [.string("St. Georg"), .integer(10)], [.string("SCHOENEBERG NORD"), .integer(20)],
                [.string("Moorburg und Altenwerder"), .integer(30)], [.string("Schlossstraße"), .integer(40)],
            ], columns: [("Stadtteil", .string), ("Kinder", .integer)])
        let (result, report) = try AttributeJoin.byName(
            areas: layer, areaField: "NAME", table: t, tableName: "hh", tableField: "Stadtteil",
            aliases: ["Moorburg und Altenwerder": ["Moorburg", "Altenwerder"]])
        let values = result.features.map { $0.attributes[2] }
        #expect(values[0] == .integer(10))
        #expect(values[1] == .integer(20))
        #expect(values[2] == .missing(.merged) && values[3] == .missing(.merged))
        #expect(values[4] == .missing(.noRow) && values[5] == .missing(.noRow))  // ambiguous: two areas, one name
        #expect(report.merged == ["Moorburg und Altenwerder": ["Moorburg", "Altenwerder"]])
        #expect(report.ambiguousAreaNames == ["Schloßstraße", "Schlossstrasse"].sorted())
        #expect(report.unmatchedTableRows == ["schlossstrasse"])
    }

    /// The units keep their rows' values under the joined (renamed) field names, for the roll-ups.
    @Test func mergedUnitsKeepTheirValues() throws {
        let layer = areas(["1", "2", "3"], names: ["Moorburg", "Altenwerder", "Neuwerk"])
        let t = table(
            [[.string("Moorburg und Altenwerder"), .integer(30)], [.string("Neuwerk und Scharhörn"), .integer(2)]],
            columns: [("Stadtteil", .string), ("NAME", .integer)])
        let (result, report, units) = try AttributeJoin.byNameKeepingUnits(
            areas: layer, areaField: "NAME", table: t, tableName: "hh", tableField: "Stadtteil",
            aliases: [
                "Moorburg und Altenwerder": ["Moorburg", "Altenwerder"],
                "Neuwerk und Scharhörn": ["Neuwerk", "Scharhörn"],
            ])
        #expect(result.fields.map(\.name) == ["PLR_ID", "NAME", "NAME_table"])
        #expect(units.map(\.name) == ["Moorburg und Altenwerder", "Neuwerk und Scharhörn"])
        #expect(units[0].members == [0, 1] && units[0].values == ["NAME_table": .integer(30)])
        #expect(units[1].members == [2] && units[1].unknownMembers == ["Scharhörn"])
        #expect(report.hints.contains { $0.contains("merged unit 'Neuwerk und Scharhörn': 'Scharhörn' name no area") })
    }

    @Test(arguments: [
        ("St. Georg", "sankt georg"), ("Sankt-Georg", "sankt georg"), ("Schöneberg", "schoeneberg"),
        ("Großziethen", "grossziethen"), ("  Alt-Treptow ", "alt treptow"), ("Frankfurt a.M.", "frankfurt a m"),
    ])
    func nameNormalisation(_ name: String, _ key: String) {
        #expect(NameNormalizer.key(name) == key)
    }

    @Test func validityFlagMarksEmptyCellsInvalid() throws {
        let t = table(
            [
                [.string("A"), .missing(.empty), .string("gültig")],
                [.string("B"), .missing(.empty), .string("ungültig (EW unter 300)")],
            ],
            columns: [("PLR_ID", .string), ("S4", .real), ("KOM", .string)])
        let (flagged, count) = try ValidityFlag(column: "KOM", validValues: ["gültig"]).apply(to: t, tableName: "mss")
        #expect(count == 1)
        #expect(flagged.rows[0][1] == .missing(.empty))
        #expect(flagged.rows[1][1] == .missing(.invalid))
    }
}
