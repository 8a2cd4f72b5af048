import QuartierModel
import Testing

@Suite("Rates, roll-ups and grid cells")
struct RollUpTests {
    let layer = FeatureLayer(
        name: "plr",
        fields: [
            FieldDefinition(name: "PLR_ID", type: .string), FieldDefinition(name: "places", type: .integer),
            FieldDefinition(name: "children", type: .integer), FieldDefinition(name: "share", type: .real),
            FieldDefinition(name: "other_share", type: .real),
        ],
        features: [
            Feature(fid: 1, geometry: nil, attributes: [.string("0101"), .integer(10), .integer(20), .real(50), .real(1)]),
            Feature(fid: 2, geometry: nil, attributes: [.string("0102"), .integer(30), .integer(20), .real(10), .real(2)]),
            Feature(fid: 3, geometry: nil, attributes: [.string("0201"), .integer(5), .integer(0), .missing(.secret), .real(3)]),
        ], crs: nil, geometryType: "Polygon")

    @Test func ratesKeepReasonsAndRefuseZeroDenominators() {
        let rate = RateSpec(name: "r", numerator: "places", denominator: "children", scale: 100)
        #expect(rate.value(numerator: .integer(10), denominator: .integer(20)) == .real(50))
        #expect(rate.value(numerator: .integer(5), denominator: .integer(0)) == .missing(.undefined))
        #expect(rate.value(numerator: .missing(.secret), denominator: .integer(3)) == .missing(.secret))
        #expect(rate.value(numerator: .string("69"), denominator: .integer(3)) == .real(2300))
    }

    @Test func rollUpSumsCountsAndRecomputesRates() throws {
        let rate = RateSpec(name: "places_per_child", numerator: "places", denominator: "children")
        let withRate = try rate.apply(to: layer)
        let spec = RollUpSpec(name: "bezirke", keyField: "BEZ_ID", sums: [], rates: [rate], weighted: ["share": ["children"]])
        let (result, report) = try RollUp.aggregate(
            areas: withRate, idField: "PLR_ID", parentKeys: ["01", "01", "02"], spec: spec, geometries: [:])
        #expect(result.fields.map(\.name) == ["BEZ_ID", "n_areas", "places", "children", "share", "places_per_child"])
        let first = result.features[0].attributes
        #expect(first[0] == .string("01") && first[1] == .integer(2))
        #expect(first[2] == .integer(40) && first[3] == .integer(40))
        #expect(first[4] == .real(30))  // (50·20 + 10·20) / 40, not the plain mean of the shares
        #expect(first[5] == .real(1))  // 40 / 40, not the mean of 0.5 and 1.5
        let second = result.features[1].attributes
        #expect(second[5] == .missing(.undefined))  // 5 places / 0 children
        #expect(second[4] == .missing(.undefined))  // its only share is secret
        #expect(report.leftOut == ["other_share"])  // a share without weight is not aggregated
        #expect(report.missingMemberValues["share"] == 1)
        #expect(report.parentsWithoutGeometry == ["01", "02"])
    }

    @Test func areasWithoutParentAreReported() throws {
        let spec = RollUpSpec(name: "x", keyField: "K", sums: ["places"])
        let (result, report) = try RollUp.aggregate(
            areas: layer, idField: "PLR_ID", parentKeys: ["01", nil, "01"], spec: spec, geometries: [:])
        #expect(result.features.count == 1)
        #expect(report.areasWithoutParent == ["0102"])
    }

    @Test(arguments: [
        ("CRS3035RES100mN3254200E4569500", 100.0, 4_569_550.0, 3_254_250.0),
        ("CRS3035RES1000mN2689000E4337000", 1000.0, 4_337_500.0, 2_689_500.0),
        ("100mN32542E45695", 100.0, 4_569_550.0, 3_254_250.0),
    ])
    func gridCellIDs(_ id: String, _ size: Double, _ x: Double, _ y: Double) throws {
        let cell = try #require(GridCellID(id))
        #expect(cell.resolution == size)
        #expect(cell.center == Coordinate(x: x, y: y))
    }

    @Test func badGridCellIDs() {
        #expect(GridCellID("") == nil)
        #expect(GridCellID("CRS3035RES100mN3254200") == nil)
        #expect(GridCellID("N3254200E4569500") == nil)
    }

    @Test(arguments: [("69", 69.0), ("1.234,5", 1234.5), ("12,5", 12.5), ("1 234", 1234.0), ("x", nil)])
    func numbersStoredAsText(_ text: String, _ value: Double?) {
        #expect(NumberText.parse(text) == value)
    }
}
