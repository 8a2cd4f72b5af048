import QuartierModel
import Testing

/// Merged units in a roll-up (`RollUp.aggregate(units:)`): whole in the parent their members share, else the
/// parents they touch are `incomplete`. Hand-made values so that every figure can be checked by hand; the Berlin
/// figures are in `MergedUnitRollUpTests`.
@Suite("Merged units")
struct MergedUnitTests {
    /// 0101 and 0102 are reported together (unit A: n 7, share 20 %, no weight of its own); 0201 only within unit B,
    /// which also names an area that is not in the layer.
    let layer = FeatureLayer(
        name: "plr",
        fields: [
            FieldDefinition(name: "PLR_ID", type: .string), FieldDefinition(name: "n", type: .integer),
            FieldDefinition(name: "share", type: .real), FieldDefinition(name: "w", type: .integer),
        ],
        features: [
            Feature(
                fid: 1, geometry: nil,
                attributes: [.string("0101"), .missing(.merged), .missing(.merged), .integer(10)]),
            Feature(
                fid: 2, geometry: nil,
                attributes: [.string("0102"), .missing(.merged), .missing(.merged), .integer(30)]),
            Feature(fid: 3, geometry: nil, attributes: [.string("0103"), .integer(5), .real(50), .integer(20)]),
            Feature(
                fid: 4, geometry: nil, attributes: [.string("0201"), .missing(.merged), .missing(.merged), .integer(5)]),
        ], crs: nil, geometryType: "Polygon")
    let units = [
        MergedUnit(
            name: "A", members: [0, 1], memberNames: ["0101", "0102"], values: ["n": .integer(7), "share": .real(20)]),
        MergedUnit(
            name: "B", members: [3], memberNames: ["0201"], unknownMembers: ["Elsewhere"],
            values: ["n": .integer(9), "share": .real(10)]),
    ]
    let spec = RollUpSpec(name: "bezirke", keyField: "BEZ_ID", sums: ["n"], weighted: ["share": ["w"]])

    @Test func aUnitInOneParentCountsOnceWithItsMembersWeight() throws {
        let (result, report) = try RollUp.aggregate(
            areas: layer, idField: "PLR_ID", parentKeys: ["01", "01", "01", "02"], spec: spec, geometries: [:],
            units: units)
        #expect(result.fields.map(\.name) == ["BEZ_ID", "n_areas", "n", "share"])
        let first = result.features[0].attributes
        #expect(first[1] == .integer(3))  // the areas, not the rows
        #expect(first[2] == .integer(12))  // 7 + 5
        #expect(first[3] == .real(30))  // (20 · (10 + 30) + 50 · 20) / 60
        #expect(report.missingMemberValues.isEmpty)
        #expect(report.mergedUnits == ["A": "01"])
        // B names an area the layer lacks: its value belongs to no parent whole.
        #expect(result.features[1].attributes[2] == .missing(.incomplete))
        #expect(result.features[1].attributes[3] == .missing(.incomplete))
        #expect(report.straddlingUnits == ["B": ["02"]])
        #expect(report.incompleteParents == ["02": ["n", "share"]])
        #expect(report.summary.contains("merged unit 'B' straddles parents 02: their n, share are null"))
    }

    @Test func aUnitAcrossParentsLeavesBothIncomplete() throws {
        let (result, report) = try RollUp.aggregate(
            areas: layer, idField: "PLR_ID", parentKeys: ["01", "02", "01", "02"], spec: spec, geometries: [:],
            units: units)
        #expect(result.features.map { $0.attributes[2] } == [.missing(.incomplete), .missing(.incomplete)])
        #expect(report.mergedUnits == nil)
        #expect(report.straddlingUnits == ["A": ["01", "02"], "B": ["02"]])
    }

    @Test func withoutTheUnitsAMergedMemberMakesItsParentIncomplete() throws {
        let (result, _) = try RollUp.aggregate(
            areas: layer, idField: "PLR_ID", parentKeys: ["01", "01", "01", "02"], spec: spec, geometries: [:])
        #expect(result.features[0].attributes[2] == .missing(.incomplete))  // never 5 posing as the parent's total
    }
}
