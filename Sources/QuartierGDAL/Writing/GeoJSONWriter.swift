import CGDAL
import Foundation
import QuartierModel

/// Quartier's own RFC 7946 GeoJSON writer: a FeatureCollection in EPSG:4326 lon/lat, exterior rings
/// counter-clockwise and holes clockwise (§3.1.6), coordinates rounded to 6 decimals (about 0.1 m), properties
/// with their JSON types, a missing value `null` with its reason in `<field>_status` (as `FieldPlan` lays the
/// columns out), and foreign members (§6.1) such as `quartier:indicators` written in the header.
///
/// The layout is GDAL's (one feature per line), so files read the same as before; GDAL reads every file it writes.
/// The features are encoded in blocks of `blockSize`, each block's coordinates reprojected in one
/// `OCTTransformEx` call; up to one block per core is encoded at a time and the blocks are written in order, so the
/// memory used does not grow with the file and the bytes do not depend on the number of cores.
struct GeoJSONWriter {
    /// Features per block.
    static let blockSize = 2048
    static let decimals = 6

    let layer: FeatureLayer
    let name: String
    let members: [(name: String, json: String)]
    private let columns: [Column]

    /// A property as the writer encodes it: its key (`"name": `, pre-encoded) and how its values become JSON.
    private struct Column {
        enum Kind { case integer, real, list, text, status }
        var key: [UInt8]
        var kind: Kind
        var source: Int
    }

    init(layer: FeatureLayer, name: String, members: [(name: String, json: String)]) {
        self.layer = layer
        self.name = name
        self.members = members
        columns = FieldPlan(layer).columns.map { column in
            let key = JSONBytes()
            key.append(string: column.name)
            key.append(": ")
            let kind: Column.Kind
            if column.isStatus {
                kind = .status
            } else {
                switch column.type {
                case .integer, .integer64: kind = .integer
                case .real: kind = .real
                case .integerList, .integer64List, .realList, .stringList: kind = .list
                default: kind = .text
                }
            }
            return Column(key: key.bytes, kind: kind, source: column.source)
        }
    }

    /// Writes the collection into `file`.
    /// - Parameters:
    ///   - makeTransformer: a new transformer from the layer's CRS to EPSG:4326 (one per worker), or nil when the
    ///     layer is already in lon/lat.
    ///   - workers: blocks encoded at once (default: one per core); the bytes are the same for any number.
    func write(to file: OutputFile, makeTransformer: (() throws -> CoordinateTransformer)?, workers: Int? = nil) throws {
        let header = JSONBytes()
        header.append("{\n\"type\": \"FeatureCollection\",\n\"name\": ")
        header.append(string: name)
        header.append(",\n")
        for member in members {
            header.append(string: member.name)
            header.append(": ")
            header.append(raw: member.json.trimmingCharacters(in: .whitespacesAndNewlines))
            header.append(",\n")
        }
        header.append("\"features\": [\n")
        try file.write(header.buffer)

        let count = layer.features.count
        let blocks = ParallelChunks.chunkCount(count, size: Self.blockSize)
        let workers = Swift.max(1, Swift.min(workers ?? ProcessInfo.processInfo.activeProcessorCount, blocks))
        // One scratch (transformer, coordinate and byte buffers, kept between blocks) per worker.
        let scratches = try (0..<workers).map { _ in Scratch(transformer: try makeTransformer?()) }
        var first = 0
        while first < blocks {
            let round = Swift.min(workers, blocks - first)
            var failures = [(any Error)?](repeating: nil, count: round)
            failures.withUnsafeMutableBufferPointer { failures in
                let shared = UncheckedSendable((failures, scratches))
                ParallelChunks.run(round) { worker in
                    let block = first + worker
                    let range = block * Self.blockSize..<Swift.min((block + 1) * Self.blockSize, count)
                    do {
                        try encode(range, into: shared.value.1[worker], leadingComma: block > 0)
                    } catch {
                        shared.value.0[worker] = error
                    }
                }
            }
            for worker in 0..<round {
                if let failure = failures[worker] { throw failure }
                try file.write(scratches[worker].out.buffer)
            }
            first += round
        }
        let footer = JSONBytes()
        footer.append("\n]\n}\n")
        try file.write(footer.buffer)
    }

    /// A worker's transformer and buffers, reused from block to block.
    private final class Scratch {
        let transformer: CoordinateTransformer?
        var xs: [Double] = []
        var ys: [Double] = []
        let out = JSONBytes(capacity: 1 << 20)

        init(transformer: CoordinateTransformer?) { self.transformer = transformer }
    }

    /// The features of `range` into `scratch.out`, each on its line, separated by `,\n` (and preceded by one when
    /// not the first).
    private func encode(_ range: Range<Int>, into scratch: Scratch, leadingComma: Bool) throws {
        scratch.xs.removeAll(keepingCapacity: true)
        scratch.ys.removeAll(keepingCapacity: true)
        scratch.out.removeAll()
        for i in range {
            if let geometry = layer.features[i].geometry { Self.gather(geometry, &scratch.xs, &scratch.ys) }
        }
        if let transformer = scratch.transformer {
            try transform(&scratch.xs, &scratch.ys, range: range, transformer)
        }
        try encode(range, xs: scratch.xs, ys: scratch.ys, into: scratch.out, leadingComma: leadingComma)
    }

    private func encode(
        _ range: Range<Int>, xs: [Double], ys: [Double], into out: JSONBytes, leadingComma: Bool
    ) throws {
        let scale = 1e6
        var k = 0
        for i in range {
            if i > range.lowerBound || leadingComma { out.append(",\n") }
            let feature = layer.features[i]
            out.append("{ \"type\": \"Feature\", \"properties\": { ")
            for (c, column) in columns.enumerated() {
                if c > 0 { out.append(", ") }
                out.append(raw: column.key)
                let value =
                    column.source < feature.attributes.count ? feature.attributes[column.source] : AttributeValue.null
                Self.append(value, as: column.kind, to: out)
            }
            out.append(columns.isEmpty ? "}, \"geometry\": " : " }, \"geometry\": ")
            if let geometry = feature.geometry {
                try Self.append(geometry, xs, ys, &k, scale: scale, to: out, feature: i, layer: layer)
            } else {
                out.append("null")
            }
            out.append(" }")
        }
    }

    /// Reprojects the block's coordinates in one call.
    private func transform(
        _ xs: inout [Double], _ ys: inout [Double], range: Range<Int>, _ transformer: CoordinateTransformer
    ) throws {
        guard !xs.isEmpty else { return }
        var ok = [Int32](repeating: 0, count: xs.count)
        let result = OCTTransformEx(transformer.handle, Int32(xs.count), &xs, &ys, nil, &ok)
        guard result == 0 || ok.contains(0) else { return }
        // Name the feature of the first coordinate PROJ could not transform.
        let bad = ok.firstIndex(of: 0) ?? 0
        var seen = 0
        var feature = range.lowerBound
        for i in range {
            let n = layer.features[i].geometry.map(Self.coordinateCount) ?? 0
            if bad < seen + n {
                feature = i
                break
            }
            seen += n
        }
        let fid = layer.features[feature].fid.map { " (fid \($0))" } ?? ""
        throw GDALError(
            code: .transformFailed,
            message: "PROJ could not transform feature \(feature + 1)\(fid) from \(transformer.source.label) to "
                + "EPSG:4326 lon/lat for GeoJSON", layer: layer.name,
            hint: "Check that the input's CRS is right; override it with crs = \"EPSG:…\" or --crs")
    }

    // MARK: - Values

    private static func append(_ value: AttributeValue, as kind: Column.Kind, to out: JSONBytes) {
        if kind == .status {
            if case .missing(let reason) = value, reason != .empty {
                out.append(string: reason.rawValue)
            } else {
                out.append("null")
            }
            return
        }
        switch value {
        case .missing:
            out.append("null")
        case .integer(let i):
            switch kind {
            case .real: out.append(real: Double(i))
            case .integer: out.append(integer: i)
            default: out.append(string: String(i))
            }
        case .real(let d):
            guard d.isFinite else {
                out.append("null")
                return
            }
            switch kind {
            case .integer:
                if d.rounded() == d, Swift.abs(d) < 9.2e18 { out.append(integer: Int64(d)) } else { out.append(real: d) }
            case .real: out.append(real: d)
            default: out.append(string: String(d))
            }
        case .string(let s), .date(let s):
            if kind == .list, isJSONArray(s) {
                out.append(raw: s)
            } else {
                out.append(string: s)
            }
        }
    }

    /// Whether a list field's text (the reader's JSON array) is a JSON array, so that it can be written as one.
    private static func isJSONArray(_ text: String) -> Bool {
        guard text.first == "[", let data = text.data(using: .utf8) else { return false }
        return (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) is [Any]
    }

    // MARK: - Geometry

    /// Every coordinate in the order `append(_:…)` writes them.
    private static func gather(_ geometry: Geometry, _ xs: inout [Double], _ ys: inout [Double]) {
        func points(_ cs: [Coordinate]) {
            for c in cs {
                xs.append(c.x)
                ys.append(c.y)
            }
        }
        func polygon(_ p: Polygon) {
            points(p.exterior)
            for hole in p.holes { points(hole) }
        }
        switch geometry {
        case .point(let c):
            xs.append(c.x)
            ys.append(c.y)
        case .multiPoint(let cs), .lineString(let cs): points(cs)
        case .multiLineString(let ls): for l in ls { points(l) }
        case .polygon(let p): polygon(p)
        case .multiPolygon(let ps): for p in ps { polygon(p) }
        case .collection(let gs): for g in gs { gather(g, &xs, &ys) }
        }
    }

    private static func coordinateCount(_ geometry: Geometry) -> Int {
        switch geometry {
        case .point: return 1
        case .multiPoint(let cs), .lineString(let cs): return cs.count
        case .multiLineString(let ls): return ls.reduce(0) { $0 + $1.count }
        case .polygon(let p): return p.exterior.count + p.holes.reduce(0) { $0 + $1.count }
        case .multiPolygon(let ps):
            return ps.reduce(0) { $0 + $1.exterior.count + $1.holes.reduce(0) { $0 + $1.count } }
        case .collection(let gs): return gs.reduce(0) { $0 + coordinateCount($1) }
        }
    }

    private static func append(
        _ geometry: Geometry, _ xs: [Double], _ ys: [Double], _ k: inout Int, scale: Double, to out: JSONBytes,
        feature: Int, layer: FeatureLayer
    ) throws {
        func position(_ i: Int) throws {
            let x = xs[i], y = ys[i]
            guard x.isFinite, y.isFinite else {
                throw GDALError(
                    code: .writeFailed, message: "feature \(feature + 1) has a coordinate that is not a number",
                    layer: layer.name, hint: "Repair the input's geometries")
            }
            out.append("[ ")
            out.append(coordinate: x, decimals: decimals, scale: scale)
            out.append(", ")
            out.append(coordinate: y, decimals: decimals, scale: scale)
            out.append(" ]")
        }
        /// `count` positions from `k`, in order or reversed.
        func line(_ count: Int, reversed: Bool = false) throws {
            out.append("[ ")
            for j in 0..<count {
                if j > 0 { out.append(", ") }
                try position(reversed ? k + count - 1 - j : k + j)
            }
            out.append(count == 0 ? "]" : " ]")
            k += count
        }
        /// A ring turned to the right-hand rule: exterior counter-clockwise, holes clockwise (in lon/lat).
        func ring(_ count: Int, exterior: Bool) throws {
            var area = 0.0
            if count >= 3 {
                var previous = k + count - 1
                for j in k..<(k + count) {
                    area += xs[previous] * ys[j] - xs[j] * ys[previous]
                    previous = j
                }
            }
            try line(count, reversed: exterior ? area < 0 : area > 0)
        }
        func polygon(_ p: Polygon) throws {
            out.append("[ ")
            var first = true
            func part(_ count: Int, exterior: Bool) throws {
                guard count > 0 else { return }
                if !first { out.append(", ") }
                first = false
                try ring(count, exterior: exterior)
            }
            try part(p.exterior.count, exterior: true)
            for hole in p.holes { try part(hole.count, exterior: false) }
            out.append(first ? "]" : " ]")
        }
        func list<T>(_ items: [T], _ body: (T) throws -> Void) throws {
            out.append("[ ")
            for (j, item) in items.enumerated() {
                if j > 0 { out.append(", ") }
                try body(item)
            }
            out.append(items.isEmpty ? "]" : " ]")
        }
        out.append("{ \"type\": \"")
        out.append(raw: geometry.typeName)
        out.append(geometry.typeName == "GeometryCollection" ? "\", \"geometries\": " : "\", \"coordinates\": ")
        switch geometry {
        case .point:
            try position(k)
            k += 1
        case .multiPoint(let cs):
            try list(cs) { _ in
                try position(k)
                k += 1
            }
        case .lineString(let cs): try line(cs.count)
        case .multiLineString(let ls): try list(ls) { try line($0.count) }
        case .polygon(let p): try polygon(p)
        case .multiPolygon(let ps): try list(ps) { try polygon($0) }
        case .collection(let gs):
            try list(gs) { try append($0, xs, ys, &k, scale: scale, to: out, feature: feature, layer: layer) }
        }
        out.append(" }")
    }
}
