import CZlib

/// gzip (RFC 1952) through zlib, level 6: tiles, PMTiles directories and metadata are gzip-compressed
/// as the PMTiles v3 spec's `internal_compression`/`tile_compression` = gzip (2) say. Output is
/// deterministic for the same input (mtime 0), so identical tiles deduplicate.
package enum Gzip {
    /// `bytes` as one gzip member.
    package static func gzip(_ bytes: [UInt8]) -> [UInt8] {
        var capacity = quartier_gzip_bound(UInt(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(capacity))
        let status = bytes.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                quartier_gzip(input.baseAddress, UInt(input.count), output.baseAddress, &capacity)
            }
        }
        // deflate with a compressBound-sized buffer cannot run out of space; only allocation can fail.
        precondition(status == 0, "zlib deflate failed (\(status))")
        out.removeSubrange(Int(capacity)...)
        return out
    }

    /// The content of a gzip member, or nil when it is not valid gzip or larger than `limit` bytes.
    package static func gunzip(_ bytes: [UInt8], limit: Int = 64 << 20) -> [UInt8]? {
        var capacity = UInt(limit)
        var out = [UInt8](repeating: 0, count: limit)
        let status = bytes.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                quartier_gunzip(input.baseAddress, UInt(input.count), output.baseAddress, &capacity)
            }
        }
        guard status == 0 else { return nil }
        out.removeSubrange(Int(capacity)...)
        return out
    }
}
