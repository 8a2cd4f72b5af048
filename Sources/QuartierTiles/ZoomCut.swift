import Foundation
import QuartierModel

/// The tiles of one zoom: each feature is assigned to the tiles its bounding box covers, widened by
/// the clip buffer (so a neighbour's edge inside the buffer is drawn too); tiles are then cut in
/// bands of rows from north to south, the tiles of a band in parallel (or, when a band has fewer
/// tiles than cores — the low zooms — the features of each tile in parallel).
struct ZoomCut: Sendable {
    let zoom: Int
    /// Generalised geometries in EPSG:3857 metres, one per feature.
    let geometries: [Geometry?]
    /// The features' bounding boxes in metres (before generalisation; it moves nothing farther).
    let envelopes: [BoundingBox?]
    /// Per feature, its tile attributes at this zoom.
    let properties: [[(key: String, value: AttributeValue)]]
    let layerName: String
    let clipper: TileClipper
    /// The flag of the thread that builds the tiles: checked before every band and tile (`TileBuilder.build`).
    let cancellation: CallerCancellation

    /// One encoded tile: the MVT encoding and its gzip bytes (compressed on the worker that encoded it).
    struct Output {
        var encoding: MVTEncoder.Encoding
        var gzipped: [UInt8]
    }

    /// Tiles per band: enough to keep every core busy, few enough to bound memory.
    private static let bandTiles = 256

    private struct Span {
        var feature: Int32
        var x0: Int32
        var x1: Int32
    }

    /// Cuts and encodes every non-empty tile of the zoom and hands it to `sink` in row-major order.
    /// - Throws: `RunCancelled` once the building thread is cancelled; errors of `sink`.
    func run(_ sink: (TileID, Output) throws -> Void) throws {
        let n = 1 << zoom
        let size = 2 * WebMercator.halfWorld / Double(n)
        let pad = size * Double(clipper.buffer) / Double(clipper.extent)
        @Sendable func cell(_ value: Double) -> Int32 {
            let f = (value / size).rounded(.down)
            return f.isFinite ? Int32(min(max(f, 0), Double(n - 1))) : 0
        }
        let ranges = Parallel.map(envelopes) { envelope -> (x0: Int32, x1: Int32, y0: Int32, y1: Int32)? in
            guard let box = envelope else { return nil }
            return (
                cell(box.minX - pad + WebMercator.halfWorld), cell(box.maxX + pad + WebMercator.halfWorld),
                cell(WebMercator.halfWorld - box.maxY - pad), cell(WebMercator.halfWorld - box.minY + pad)
            )
        }
        guard let firstRow = ranges.compactMap({ $0?.y0 }).min(), let lastRow = ranges.compactMap({ $0?.y1 }).max()
        else { return }
        var rows = [[Span]](repeating: [], count: Int(lastRow - firstRow) + 1)
        for (i, range) in ranges.enumerated() {
            guard let r = range else { continue }
            for y in r.y0...r.y1 { rows[Int(y - firstRow)].append(Span(feature: Int32(i), x0: r.x0, x1: r.x1)) }
        }
        var band: [(tile: TileID, members: [Int32])] = []
        for (offset, spans) in rows.enumerated() {
            guard !spans.isEmpty else { continue }
            let y = Int(firstRow) + offset
            let minX = spans.lazy.map(\.x0).min() ?? 0
            let maxX = spans.lazy.map(\.x1).max() ?? 0
            var columns = [[Int32]](repeating: [], count: Int(maxX - minX) + 1)
            for span in spans {
                for x in span.x0...span.x1 { columns[Int(x - minX)].append(span.feature) }
            }
            for (dx, members) in columns.enumerated() where !members.isEmpty {
                band.append((TileID(z: zoom, x: Int(minX) + dx, y: y), members))
            }
            rows[offset] = []
            if band.count >= Self.bandTiles {
                try flush(band, sink)
                band.removeAll(keepingCapacity: true)
            }
        }
        try flush(band, sink)
    }

    private func flush(
        _ band: [(tile: TileID, members: [Int32])], _ sink: (TileID, Output) throws -> Void
    ) throws {
        try cancellation.check()
        let cores = ProcessInfo.processInfo.activeProcessorCount
        // A tile is not cut once the building thread is cancelled (nil, as an empty tile): the band then throws
        // before anything of it reaches the sink.
        let encodings =
            band.count < cores
            ? band.map { cancellation.isCancelled ? nil : encode($0.tile, $0.members, parallel: true) }
            : Parallel.map(count: band.count) {
                cancellation.isCancelled ? nil : encode(band[$0].tile, band[$0].members, parallel: false)
            }
        try cancellation.check()
        for (entry, output) in zip(band, encodings) {
            if let output { try sink(entry.tile, output) }
        }
    }

    /// One tile: its members clipped and encoded (in parallel batches when `parallel`), and
    /// gzip-compressed; nil when empty.
    private func encode(_ tile: TileID, _ members: [Int32], parallel: Bool) -> Output? {
        let features: [MVTFeature]
        if parallel && members.count > 1_000 {
            let chunks = ProcessInfo.processInfo.activeProcessorCount * 4
            features = Parallel.map(count: chunks) { chunk in
                // A whole low-zoom tile may hold every feature: its chunks stop once the thread is cancelled (the
                // band throws before the tile is used).
                cancellation.isCancelled
                    ? []
                    : members[(members.count * chunk / chunks)..<(members.count * (chunk + 1) / chunks)].compactMap {
                        clipFeature($0, tile)
                    }
            }.flatMap { $0 }
        } else {
            features = members.compactMap { clipFeature($0, tile) }
        }
        guard !features.isEmpty else { return nil }
        let encoding = MVTEncoder.encode(
            MVTLayer(name: layerName, extent: clipper.extent, features: features), parallel: parallel)
        return Output(encoding: encoding, gzipped: Gzip.gzipTile(encoding.bytes))
    }

    /// A feature in tile coordinates; a polygon smaller than one tile unit is given directly as its
    /// first vertex (a collapsed ring, which `MVTEncoder` turns into a minimal square) without
    /// clipping it.
    private func clipFeature(_ i: Int32, _ tile: TileID) -> MVTFeature? {
        let index = Int(i)
        guard let geometry = geometries[index] else { return nil }
        let id = UInt64(index + 1)
        if let box = envelopes[index], let anchor = geometry.firstPolygonVertex {
            let bounds = WebMercator.tileBounds(tile)
            let unit = bounds.width / Double(clipper.extent)
            if box.width < unit && box.height < unit {
                let lo = Double(-clipper.buffer)
                let hi = Double(clipper.extent + clipper.buffer - 1)
                let x = min(max(((anchor.x - bounds.minX) / unit).rounded(), lo), hi)
                let y = min(max(((bounds.maxY - anchor.y) / unit).rounded(), lo), hi)
                return MVTFeature(
                    id: id, geometry: .polygons([[[TilePoint(x: Int(x), y: Int(y))]]]), properties: properties[index])
            }
        }
        guard let clipped = clipper.clip(geometry, to: tile) else { return nil }
        return MVTFeature(id: id, geometry: clipped, properties: properties[index])
    }
}

extension Geometry {
    /// The first vertex of the first polygon's exterior, nil for non-polygonal geometries.
    fileprivate var firstPolygonVertex: Coordinate? {
        switch self {
        case .polygon(let p): return p.exterior.first
        case .multiPolygon(let ps): return ps.first?.exterior.first
        default: return nil
        }
    }
}
