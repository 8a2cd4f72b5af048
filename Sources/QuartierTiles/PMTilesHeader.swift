package import QuartierModel

/// The fixed 127-byte PMTiles v3 header (spec §3 "Header"), little-endian.
package struct PMTilesHeader: Sendable {
    package static let size = 127

    package var rootOffset: UInt64 = 0
    package var rootLength: UInt64 = 0
    package var metadataOffset: UInt64 = 0
    package var metadataLength: UInt64 = 0
    package var leafOffset: UInt64 = 0
    package var leafLength: UInt64 = 0
    package var dataOffset: UInt64 = 0
    package var dataLength: UInt64 = 0
    package var addressedTiles: UInt64 = 0
    package var tileEntries: UInt64 = 0
    package var tileContents: UInt64 = 0
    /// Tile data ordered by tile id (§3 "Clustered").
    package var clustered = true
    /// 1 none, 2 gzip, 3 brotli, 4 zstd (§3 "Compression").
    package var internalCompression: UInt8 = 2
    package var tileCompression: UInt8 = 2
    /// 1 = MVT (§3 "Tile Type").
    package var tileType: UInt8 = 1
    package var minZoom: UInt8 = 0
    package var maxZoom: UInt8 = 0
    /// Lon/lat degrees; written as E7 integers.
    package var bounds = BoundingBox(minX: -180, minY: -85, maxX: 180, maxY: 85)
    package var centerZoom: UInt8 = 0
    package var center = Coordinate(x: 0, y: 0)

    package init() {}

    /// The serialised header: "PMTiles", version 3, then the fields at the offsets of §3.
    package var bytes: [UInt8] {
        var out = Array("PMTiles".utf8)
        out.append(3)
        for v in [
            rootOffset, rootLength, metadataOffset, metadataLength, leafOffset, leafLength, dataOffset,
            dataLength, addressedTiles, tileEntries, tileContents,
        ] {
            Self.append(v, bytes: 8, to: &out)
        }
        out.append(contentsOf: [clustered ? 1 : 0, internalCompression, tileCompression, tileType, minZoom, maxZoom])
        for degrees in [bounds.minX, bounds.minY, bounds.maxX, bounds.maxY] {
            Self.append(UInt64(UInt32(bitPattern: Self.e7(degrees))), bytes: 4, to: &out)
        }
        out.append(centerZoom)
        Self.append(UInt64(UInt32(bitPattern: Self.e7(center.x))), bytes: 4, to: &out)
        Self.append(UInt64(UInt32(bitPattern: Self.e7(center.y))), bytes: 4, to: &out)
        return out
    }

    /// Degrees × 10⁷, rounded and clamped to Int32 (NaN → 0).
    package static func e7(_ degrees: Double) -> Int32 {
        let v = (degrees * 10_000_000).rounded()
        guard v.isFinite else { return 0 }
        return Int32(max(min(v, Double(Int32.max)), Double(Int32.min)))
    }

    private static func append(_ v: UInt64, bytes n: Int, to out: inout [UInt8]) {
        for i in 0..<n { out.append(UInt8(truncatingIfNeeded: v >> UInt64(8 * i))) }
    }
}
