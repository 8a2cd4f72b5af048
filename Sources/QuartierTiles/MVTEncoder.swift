import Foundation
import QuartierModel

/// Encodes layers of tile-space features as a Mapbox Vector Tile (spec 2.1,
/// https://github.com/mapbox/vector-tile-spec/tree/master/2.1).
///
/// - Layers are written with `version = 2` (§4.1) and their `extent` (4096 by default).
/// - Properties (§4.4) go into the layer's `keys`/`values` tables, each distinct key and typed value
///   stored once. Types: `.string` and `.date` → `string_value`; `.real` → `double_value`;
///   `.integer` ≥ 0 → `int_value`, < 0 → `sint_value` (ZigZag, short); `.missing` → the property
///   is left out, so a reader sees it absent, never as 0 or "".
/// - Geometry (§4.3) uses MoveTo/LineTo/ClosePath with ZigZag deltas from a cursor that carries
///   across the parts of a feature. Consecutive repeated points are removed (§4.3.3.2 forbids
///   zero deltas in LineTo).
/// - Polygons (§4.3.4.4): exterior rings get a positive surveyor's-formula area in tile coordinates
///   (clockwise on screen, y down), holes a negative one. Rings with fewer than 3 distinct points
///   or zero area after quantisation are dropped (a dropped exterior takes its holes with it).
///   A polygon feature is never dropped as a whole: when every ring collapses, a 1×1-unit square
///   is written at its first vertex, towards the tile's centre, so that small areas stay visible
///   and clickable.
/// - Lines with fewer than 2 distinct points are dropped; a feature left without geometry is
///   skipped and counted in `Encoding.skippedFeatures`.
package enum MVTEncoder {
    /// The result of encoding: the uncompressed tile bytes and what was repaired.
    package struct Encoding: Sendable {
        package var bytes: [UInt8]
        /// Polygon features whose rings all collapsed and were replaced by a 1-unit square.
        package var substitutedPolygons: Int
        /// Rings dropped as degenerate.
        package var droppedRings: Int
        /// Point or line features written without geometry would be invalid; they are skipped.
        package var skippedFeatures: Int
    }

    /// MVT command ids (spec §4.3.3).
    private enum Command: UInt32 {
        case moveTo = 1
        case lineTo = 2
        case closePath = 7
    }

    /// Encodes one layer; with `parallel`, a layer of many features is encoded in batches on all
    /// cores (`MVTFeatureBatch`), giving the same bytes as one pass.
    package static func encode(_ layer: MVTLayer, parallel: Bool = false) -> Encoding {
        encode([layer], parallel: parallel)
    }

    /// Encodes several layers into one tile (`Tile.layers`, field 3).
    package static func encode(_ layers: [MVTLayer], parallel: Bool = false) -> Encoding {
        var tile = ProtobufWriter()
        var result = Encoding(bytes: [], substitutedPolygons: 0, droppedRings: 0, skippedFeatures: 0)
        for layer in layers {
            let batches: [MVTFeatureBatch]
            if parallel && layer.features.count >= 4_096 {
                let count = layer.features.count
                let chunks = ProcessInfo.processInfo.activeProcessorCount * 4
                batches = Parallel.map(count: chunks) { chunk in
                    MVTFeatureBatch(layer.features[(count * chunk / chunks)..<(count * (chunk + 1) / chunks)], extent: layer.extent)
                }
            } else {
                batches = [MVTFeatureBatch(layer.features[...], extent: layer.extent)]
            }
            tile.writeMessageField(3) { assemble(layer, batches, into: &$0, result: &result) }
        }
        result.bytes = tile.bytes
        return result
    }

    struct ValueKey: Hashable {
        var kind: UInt8
        var bits: UInt64
        var text: String
    }

    /// Writes a layer from its encoded batches, merging their key and value tables in order (so the
    /// tables list keys and values in order of first use, as one pass would).
    private static func assemble(
        _ layer: MVTLayer, _ batches: [MVTFeatureBatch], into w: inout ProtobufWriter, result: inout Encoding
    ) {
        w.writeVarintField(15, 2)
        w.writeStringField(1, layer.name)
        var keys = InternTable<String, String>()
        var values = InternTable<ValueKey, AttributeValue>(capacity: layer.features.count)
        w.reserve(batches.reduce(0) { $0 + $1.commands.count * 24 })
        for batch in batches {
            let keyMap = batch.keys.map { UInt32(keys.intern($0)) }
            let valueMap = batch.values.map { value -> UInt32 in
                // Batches only hold present values, which have a key.
                guard let vkey = valueKey(value) else { return 0 }
                return UInt32(values.intern(vkey, value))
            }
            for f in batch.types.indices {
                let local = batch.tags[f]
                var tags = [UInt32](repeating: 0, count: local.count)
                for t in stride(from: 0, to: local.count, by: 2) {
                    tags[t] = keyMap[Int(local[t])]
                    tags[t + 1] = valueMap[Int(local[t + 1])]
                }
                // Feature message (§4.2) written in place: its length is known from its fields.
                let id = batch.ids[f]
                let length =
                    (id.map { ProtobufWriter.varintFieldSize(1, $0) } ?? 0) + ProtobufWriter.packedFieldSize(2, tags)
                    + ProtobufWriter.varintFieldSize(3, batch.types[f])
                    + ProtobufWriter.packedFieldSize(4, batch.commands[f])
                w.beginMessageField(2, length: length)
                if let id { w.writeVarintField(1, id) }
                w.writePackedUInt32Field(2, tags)
                w.writeVarintField(3, batch.types[f])
                w.writePackedUInt32Field(4, batch.commands[f])
            }
            result.substitutedPolygons += batch.substituted
            result.droppedRings += batch.dropped
            result.skippedFeatures += batch.skipped
        }
        for key in keys.elements { w.writeStringField(3, key) }
        for value in values.elements {
            w.writeMessageField(4) { v in
                switch value {
                case .string(let s), .date(let s): v.writeStringField(1, s)
                case .real(let d): v.writeDoubleField(3, d)
                case .integer(let i) where i >= 0: v.writeVarintField(4, UInt64(i))
                case .integer(let i): v.writeSIntField(6, i)
                case .missing: break  // never stored: valueKey returns nil
                }
            }
        }
        w.writeVarintField(5, UInt64(max(layer.extent, 1)))
    }

    /// A hashable identity of a typed value (so 1 and 1.0 and "1" stay three values), nil if missing.
    static func valueKey(_ value: AttributeValue) -> ValueKey? {
        switch value {
        case .string(let s), .date(let s): return ValueKey(kind: 1, bits: 0, text: s)
        case .real(let d): return ValueKey(kind: 3, bits: d.bitPattern, text: "")
        case .integer(let i): return ValueKey(kind: 4, bits: UInt64(bitPattern: i), text: "")
        case .missing: return nil
        }
    }

    private static func command(_ c: Command, count: Int) -> UInt32 {
        c.rawValue & 0x7 | UInt32(truncatingIfNeeded: count) << 3
    }

    /// Geometry commands and `GeomType` (1 point, 2 line, 3 polygon), or nil when nothing is left.
    static func encodeGeometry(
        _ geometry: TileGeometry, extent: Int, repairs: inout (substituted: Int, dropped: Int)
    ) -> (type: UInt64, commands: [UInt32])? {
        var out: [UInt32] = []
        var cx = 0
        var cy = 0
        func delta(_ p: TilePoint) {
            out.append(ProtobufWriter.zigzag32(Int32(truncatingIfNeeded: p.x - cx)))
            out.append(ProtobufWriter.zigzag32(Int32(truncatingIfNeeded: p.y - cy)))
            cx = p.x
            cy = p.y
        }
        switch geometry {
        case .points(let points):
            guard !points.isEmpty else { return nil }
            out.append(command(.moveTo, count: points.count))
            for p in points { delta(p) }
            return (1, out)
        case .lines(let lines):
            for line in lines {
                let clean = removingRepeats(line)
                guard clean.count >= 2 else { continue }
                out.append(command(.moveTo, count: 1))
                delta(clean[0])
                out.append(command(.lineTo, count: clean.count - 1))
                for p in clean.dropFirst() { delta(p) }
            }
            return out.isEmpty ? nil : (2, out)
        case .polygons(let polygons):
            var anchor: TilePoint?
            for polygon in polygons {
                for (index, ring) in polygon.enumerated() {
                    if anchor == nil { anchor = ring.first }
                    var clean = removingRepeats(ring)
                    if clean.count > 1, clean.first == clean.last { clean.removeLast() }
                    let area = Self.doubledArea(clean)
                    guard clean.count >= 3, area != 0 else {
                        repairs.dropped += 1
                        if index == 0 {
                            repairs.dropped += polygon.count - 1
                            break
                        }
                        continue
                    }
                    // Exterior: positive area (clockwise with y down); holes: negative (§4.3.4.4).
                    if (index == 0) != (area > 0) { clean.reverse() }
                    out.append(command(.moveTo, count: 1))
                    delta(clean[0])
                    out.append(command(.lineTo, count: clean.count - 1))
                    for p in clean.dropFirst() { delta(p) }
                    out.append(command(.closePath, count: 1))
                }
            }
            if out.isEmpty {
                guard let a = anchor else { return nil }
                repairs.substituted += 1
                // The square grows from the anchor towards the tile's centre, so it stays inside the
                // clip buffer; corners in clockwise order on screen (positive area, §4.3.4.4).
                let dx = a.x < extent / 2 ? 1 : -1
                let dy = a.y < extent / 2 ? 1 : -1
                var square = [
                    a, TilePoint(x: a.x + dx, y: a.y), TilePoint(x: a.x + dx, y: a.y + dy), TilePoint(x: a.x, y: a.y + dy),
                ]
                if doubledArea(square) < 0 { square.reverse() }
                out.append(command(.moveTo, count: 1))
                delta(square[0])
                out.append(command(.lineTo, count: 3))
                for p in square.dropFirst() { delta(p) }
                out.append(command(.closePath, count: 1))
            }
            return (3, out)
        }
    }

    /// Twice the surveyor's-formula area in tile coordinates (positive = clockwise on screen).
    package static func doubledArea(_ ring: [TilePoint]) -> Int {
        guard ring.count >= 3 else { return 0 }
        var sum = 0
        var previous = ring[ring.count - 1]
        for p in ring {
            sum += previous.x * p.y - p.x * previous.y
            previous = p
        }
        return sum
    }

    private static func removingRepeats(_ points: [TilePoint]) -> [TilePoint] {
        var out: [TilePoint] = []
        out.reserveCapacity(points.count)
        for p in points where out.last != p { out.append(p) }
        return out
    }
}
