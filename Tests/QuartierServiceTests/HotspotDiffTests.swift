import QuartierModel
import QuartierService
import Testing
import QuartierService

/// `HotspotChange`, `HotspotDiff.compare` and `HotspotDiff.layer`: the five classes from pairs of `Gi_Bin`, and
/// the diff as the layer the diff collection serves.
@Suite("HotspotDiff")
struct HotspotDiffTests {
    @Test(
        arguments: [
            (0, 2, HotspotChange.new), (nil, -1, .new), (-2, 1, .new), (3, 3, .persistent), (-1, -1, .persistent),
            (1, 3, .intensified), (-1, -2, .intensified), (3, 1, .weakened), (-3, -2, .weakened), (2, 0, .disappeared),
            (-3, nil, .disappeared),
        ] as [(Int?, Int?, HotspotChange)])
    func classes(before: Int?, after: Int?, expected: HotspotChange) {
        #expect(HotspotChange(before: before, after: after) == expected)
    }

    @Test func areasNeverSignificantAreLeftOut() {
        #expect(HotspotChange(before: 0, after: 0) == nil)
        #expect(HotspotChange(before: nil, after: 0) == nil)
        let entries = HotspotDiff.compare(before: ["a": 0, "b": 1, "c": 2], after: ["a": 0, "b": 2, "d": -1])
        #expect(entries.map(\.id) == ["b", "c", "d"])
        #expect(entries.map(\.change) == [.intensified, .disappeared, .new])
    }

    /// A unit square at x = `offset` as an area's geometry.
    static func square(_ offset: Double) -> Geometry {
        let ring = [(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)].map { Coordinate(x: offset + $0.0, y: Double($0.1)) }
        return .polygon(Polygon(exterior: ring))
    }

    /// A hotspot result layer: areas (id, `S4_Gi_Bin`, `S4_state`) at x = 0, 10, 20, ….
    static func layer(_ rows: [(String, AttributeValue, String)], epsg: Int? = 25833) -> FeatureLayer {
        FeatureLayer(
            name: "hotspots",
            fields: [FieldDefinition(name: "PLR_ID", type: .string), FieldDefinition(name: "S4_Gi_Bin", type: .integer),
                     FieldDefinition(name: "S4_state", type: .string)],
            features: rows.enumerated().map { offset, row in
                Feature(fid: Int64(offset + 1), geometry: square(Double(offset) * 10),
                        attributes: [.string(row.0), row.1, .string(row.2)])
            },
            crs: epsg.map { CRSDescription(epsg: $0, name: "EPSG:\($0)", wkt: "", isGeographic: false) },
            geometryType: "Polygon")
    }

    @Test func theLayerHasOneAreaPerSignificantOneWithBothVersions() throws {
        let before = Self.layer([
            ("c", .integer(2), "ok"), ("a", .integer(0), "ok"), ("b", .integer(1), "ok"), ("gone", .integer(-3), "ok"),
            ("e", .missing(.undefined), "undefined"),
        ])
        let after = Self.layer([
            ("a", .integer(0), "ok"), ("b", .integer(3), "ok"), ("c", .integer(2), "ok"), ("d", .integer(-1), "ok"),
            ("e", .integer(1), "ok"),
        ])
        let versions = HotspotDiff.Versions(before: ("job-1", before), after: ("job-2", after))
        let diff = try #require(HotspotDiff.layer(versions, field: "S4_Gi_Bin", idField: "PLR_ID", name: "diff"))
        #expect(diff.name == "diff" && diff.crs?.epsg == 25833)
        #expect(diff.fields.map(\.name) == [
            "PLR_ID", "Gi_Bin_before", "Gi_Bin_after", "change", "state_before", "state_after", "job_before", "job_after",
        ])
        let jobs: [AttributeValue] = [.string("job-1"), .string("job-2")]
        let rows: [[AttributeValue]] = [
            [.string("b"), .integer(1), .integer(3), .string("intensified"), .string("ok"), .string("ok")],
            [.string("c"), .integer(2), .integer(2), .string("persistent"), .string("ok"), .string("ok")],
            [.string("d"), .null, .integer(-1), .string("new"), .string("absent"), .string("ok")],
            [.string("e"), .null, .integer(1), .string("new"), .string("undefined"), .string("ok")],
            [.string("gone"), .integer(-3), .null, .string("disappeared"), .string("ok"), .string("absent")],
        ]
        #expect(diff.features.map(\.attributes) == rows.map { $0 + jobs })
        // Geometry from the current version (b is its 2nd area), else from the previous one (gone: its 4th).
        #expect(diff.features.map(\.geometry) == [10, 20, 30, 40, 30].map(Self.square))
        let elsewhere = Self.layer([("x", .integer(1), "ok")], epsg: 3035)
        let otherCRS = HotspotDiff.Versions(before: ("job-1", elsewhere), after: ("job-2", after))
        let mixed = try #require(HotspotDiff.layer(otherCRS, field: "S4_Gi_Bin", idField: "PLR_ID", name: "diff"))
        #expect(mixed.features.first { $0.attributes[0] == .string("x") }.map { $0.geometry == nil } == true,
                "no geometry from a layer in another CRS")
        #expect(HotspotDiff.layer(versions, field: "Gi_Bin", idField: "PLR_ID", name: "diff") == nil)
        #expect(HotspotDiff.layer(versions, field: "S4_Gi_Bin", idField: "BZR_ID", name: "diff") == nil)
    }
}
