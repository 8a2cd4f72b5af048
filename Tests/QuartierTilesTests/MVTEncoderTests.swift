import Foundation
import QuartierModel
import QuartierTiles
import Testing

/// Decodes an MVT with `mapbox_vector_tile` (y down, no transforms) and, from the raw protobuf,
/// reports each feature's value types and ring areas by the spec's surveyor formula (§4.3.4.4).
private let decodeScript = #"""
import sys, json, gzip
import mapbox_vector_tile
from mapbox_vector_tile.Mapbox import vector_tile_pb2
data = open(sys.argv[1], 'rb').read()
if data[:2] == b'\x1f\x8b':
    data = gzip.decompress(data)
decoded = mapbox_vector_tile.decode(data, default_options={'y_coord_down': True})
raw = vector_tile_pb2.tile()
raw.ParseFromString(data)
layers = {}
for layer in raw.layers:
    types = {}
    for i, v in enumerate(layer.values):
        for f in ['string_value', 'float_value', 'double_value', 'int_value', 'uint_value', 'sint_value', 'bool_value']:
            if v.HasField(f):
                types[i] = f
    feats = []
    for feat in layer.features:
        g = list(feat.geometry); i = 0; x = y = 0; rings = []; cur = []
        while i < len(g):
            cmd = g[i] & 7; n = g[i] >> 3; i += 1
            if cmd == 7:
                rings.append(cur); cur = []
                continue
            for _ in range(n):
                dx = (g[i] >> 1) ^ -(g[i] & 1); dy = (g[i+1] >> 1) ^ -(g[i+1] & 1); i += 2
                x += dx; y += dy
                if cmd == 1 and cur:
                    rings.append(cur); cur = []
                cur.append((x, y))
        if cur: rings.append(cur)
        areas = []
        for r in rings:
            s = 0
            for k in range(len(r)):
                x0, y0 = r[k - 1]; x1, y1 = r[k]
                s += x0 * y1 - x1 * y0
            areas.append(s / 2)
        tags = list(feat.tags)
        vt = {layer.keys[tags[k]]: types[tags[k + 1]] for k in range(0, len(tags), 2)}
        feats.append({'areas': areas, 'value_types': vt, 'type': feat.type})
    layers[layer.name] = {'version': layer.version, 'extent': layer.extent, 'raw': feats}
print(json.dumps({'decoded': decoded, 'raw': layers}))
"""#

@Suite("MVTEncoder") struct MVTEncoderTests {
    static let pythonReady = PythonRunner.available(["mapbox_vector_tile"])

    private func square(_ x: Int, _ y: Int, _ size: Int, clockwise: Bool) -> [TilePoint] {
        let ring = [
            TilePoint(x: x, y: y), TilePoint(x: x + size, y: y), TilePoint(x: x + size, y: y + size),
            TilePoint(x: x, y: y + size), TilePoint(x: x, y: y),
        ]
        return clockwise ? ring : ring.reversed()
    }

    private func sampleLayer() -> MVTLayer {
        // Exterior given counter-clockwise on screen and the hole clockwise: the encoder must flip both.
        let polygon = TileGeometry.polygons([
            [square(100, 100, 1000, clockwise: false), square(300, 300, 200, clockwise: true)]
        ])
        return MVTLayer(
            name: "areas",
            features: [
                MVTFeature(
                    id: 42, geometry: polygon,
                    properties: [
                        ("PLR_ID", .string("01100101")), ("population", .integer(3512)), ("rate", .real(0.125)),
                        ("delta", .integer(-7)), ("suppressed", .missing(.suppressed)),
                    ]),
                MVTFeature(
                    id: nil,
                    geometry: .lines([[TilePoint(x: 0, y: 0), TilePoint(x: 10, y: 20), TilePoint(x: 4000, y: 4096)]]),
                    properties: [("name", .string("Spree"))]),
                MVTFeature(
                    id: 7, geometry: .points([TilePoint(x: 2048, y: 1024), TilePoint(x: -10, y: 4100)]),
                    properties: [("PLR_ID", .string("01100101"))]),
                // A polygon that collapsed to one point in quantisation: must stay as a 1-unit square.
                MVTFeature(
                    id: 9,
                    geometry: .polygons([[Array(repeating: TilePoint(x: 500, y: 600), count: 3)]]),
                    properties: []),
            ])
    }

    @Test func zigzagAndVarint() {
        #expect(ProtobufWriter.zigzag32(0) == 0)
        #expect(ProtobufWriter.zigzag32(-1) == 1)
        #expect(ProtobufWriter.zigzag32(1) == 2)
        #expect(ProtobufWriter.zigzag32(-2) == 3)
        var w = ProtobufWriter()
        w.writeVarint(300)
        #expect(w.bytes == [0xAC, 0x02])
        for value: UInt64 in [0, 1, 127, 128, 16_383, 16_384, 1 << 35, .max] {
            var v = ProtobufWriter()
            v.writeVarint(value)
            #expect(ProtobufWriter.varintSize(value) == v.bytes.count, "\(value)")
        }
        var packed = ProtobufWriter()
        packed.writePackedUInt32Field(4, [9, 300, 0, .max])
        #expect(ProtobufWriter.packedFieldSize(4, [9, 300, 0, .max]) == packed.bytes.count)
    }

    @Test func batchedEncodingGivesTheSameBytes() {
        // 10,000 features with repeated and unique values, some missing: batches on all cores must
        // give the bytes of one pass (tables in order of first use).
        let features = (0..<10_000).map { i in
            MVTFeature(
                id: UInt64(i + 1),
                geometry: .polygons([[[TilePoint(x: i % 4000, y: i / 4), TilePoint(x: i % 4000 + 3, y: i / 4),
                    TilePoint(x: i % 4000, y: i / 4 + 3)]]]),
                properties: [
                    (key: "id", value: .string("C\(i)")), (key: "kind", value: .integer(Int64(i % 7) - 3)),
                    (key: "rate", value: i % 5 == 0 ? .null : .real(Double(i % 11) / 4)),
                ])
        }
        let layer = MVTLayer(name: "cells", features: features)
        #expect(MVTEncoder.encode(layer, parallel: true).bytes == MVTEncoder.encode(layer, parallel: false).bytes)
    }

    @Test func collapsedPolygonBecomesUnitSquare() {
        let encoding = MVTEncoder.encode(sampleLayer())
        #expect(encoding.substitutedPolygons == 1)
        #expect(encoding.skippedFeatures == 0)
    }

    @Test(.enabled(if: MVTEncoderTests.pythonReady)) func decodesWithMapboxVectorTile() throws {
        let bytes = MVTEncoder.encode(sampleLayer()).bytes
        let dir = try PythonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("t.mvt")
        try Data(bytes).write(to: file)
        let result = try PythonRunner.json(script: decodeScript, arguments: [file.path])
        let decoded = try #require((result["decoded"] as? [String: Any])?["areas"] as? [String: Any])
        #expect(decoded["extent"] as? Int == 4096)
        #expect(decoded["version"] as? Int == 2)
        let features = try #require(decoded["features"] as? [[String: Any]])
        #expect(features.count == 4)

        let polygon = features[0]
        #expect(polygon["id"] as? Int == 42)
        let props = try #require(polygon["properties"] as? [String: Any])
        #expect(props["PLR_ID"] as? String == "01100101")
        #expect(props["population"] as? Int == 3512)
        #expect(props["rate"] as? Double == 0.125)
        #expect(props["delta"] as? Int == -7)
        #expect(props["suppressed"] == nil)
        let geometry = try #require(polygon["geometry"] as? [String: Any])
        #expect(geometry["type"] as? String == "Polygon")
        let rings = try #require(geometry["coordinates"] as? [[[Int]]])
        #expect(rings.count == 2)
        let xs = rings[0].map { $0[0] }
        #expect(xs.min() == 100 && xs.max() == 1100)

        let line = try #require(features[1]["geometry"] as? [String: Any])
        #expect(line["coordinates"] as? [[Int]] == [[0, 0], [10, 20], [4000, 4096]])
        let points = try #require(features[2]["geometry"] as? [String: Any])
        #expect(points["coordinates"] as? [[Int]] == [[2048, 1024], [-10, 4100]])
        #expect(features[2]["id"] as? Int == 7)
        #expect((features[2]["properties"] as? [String: Any])?["PLR_ID"] as? String == "01100101")

        let rawLayer = (result["raw"] as? [String: Any])?["areas"] as? [String: Any]
        let raw = try #require(rawLayer?["raw"] as? [[String: Any]])
        let areas = try #require(raw[0]["areas"] as? [Double])
        #expect(areas == [1_000_000, -40_000])  // exterior positive, hole negative (spec §4.3.4.4)
        #expect(raw[3]["areas"] as? [Double] == [1])  // the 1-unit square
        let types = try #require(raw[0]["value_types"] as? [String: String])
        #expect(types == [
            "PLR_ID": "string_value", "population": "int_value", "rate": "double_value", "delta": "sint_value",
        ])
    }
}
