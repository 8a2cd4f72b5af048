import Foundation
import QuartierModel
import Testing

@testable import QuartierServer
import QuartierService

/// Which field names a collection's features (`/items/{featureId}`): a candidate from the analysis (its input id
/// fields) when it is a text or whole-number field with distinct values, else the first such text field — never
/// a measured value, even one that no two areas share (a roll-up's `kitaplaetze_je_kind_u6` once was).
@Suite("Feature id field")
struct FeatureIdFieldTests {
    /// A unit square at x = `offset` as an area's geometry.
    static func square(_ offset: Double) -> Geometry {
        let ring = [(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)].map { Coordinate(x: offset + $0.0, y: Double($0.1)) }
        return .polygon(Polygon(exterior: ring))
    }

    static func layer(_ rows: [(String, Double, Int)]) -> FeatureLayer {
        FeatureLayer(
            name: "bezirke",
            fields: [FieldDefinition(name: "ratio", type: .real), FieldDefinition(name: "BEZ_ID", type: .string),
                     FieldDefinition(name: "n", type: .integer)],
            features: rows.enumerated().map { offset, row in
                Feature(fid: Int64(offset + 1), geometry: Self.square(Double(offset) * 10),
                        attributes: [.real(row.1), .string(row.0), .integer(Int64(row.2))])
            },
            crs: nil, geometryType: "Polygon")
    }

    @Test func aMeasuredValueIsNeverTheId() {
        let layer = Self.layer([("01", 1.03, 7), ("02", 0.98, 9), ("03", 1.11, 12)])
        #expect(FeatureCollectionData.idField(layer, candidates: ["ratio", "PLR_ID", "id"]) == "BEZ_ID")
        #expect(FeatureCollectionData.idField(layer, candidates: ["n"]) == "n", "a whole-number candidate")
        let repeated = Self.layer([("01", 1.03, 7), ("01", 0.98, 9)])
        #expect(FeatureCollectionData.idField(repeated, candidates: ["ratio"]) == nil)
    }

    /// The manifest's indicator catalogue entries name indicators, not fields: they are no candidates.
    @Test func catalogueIdsAreNoCandidates() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let manifest = #"{"parameters": {"id": "PLR_ID"}, "indicators": {"ratio": {"id": "ratio"}}, "inputs": [{"id": "e_nr"}]}"#
        try manifest.write(to: file, atomically: true, encoding: .utf8)
        #expect(PublishedData.idCandidates(manifest: file.path) == ["e_nr", "PLR_ID", "id", "ID", "fid"])
    }
}
