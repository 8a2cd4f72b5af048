/// A gzip encoder that frames data without compressing it: valid gzip (RFC 1952) around DEFLATE
/// "stored" blocks (RFC 1951 §3.2.4, BTYPE = 00), with the CRC-32 of RFC 1952 §8.
///
/// Why stored: QuartierTiles is pure Swift on Foundation, and Foundation on Linux exposes no zlib
/// API (adding a zlib system-library target would need a Package.swift change). Every gzip reader
/// (zlib, Python's `gzip`, browsers' `DecompressionStream`, PMTiles clients) accepts stored blocks;
/// the cost is size (about 5 + 18 bytes of framing per 64 KiB, no compression). Swapping in a
/// real DEFLATE later changes no caller: the output stays gzip.
package enum GzipStore {
    /// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), table-driven (RFC 1952 §8).
    package static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 {
            c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1
        }
        return c
    }

    /// The CRC-32 of `bytes`, continuing from `crc` (0 to start).
    package static func crc32(_ bytes: [UInt8], continuing crc: UInt32 = 0) -> UInt32 {
        var c = ~crc
        crcTable.withUnsafeBufferPointer { table in
            for b in bytes {
                c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8)
            }
        }
        return ~c
    }

    /// Largest payload of one stored block (LEN is 16 bits, RFC 1951 §3.2.4).
    private static let maxBlock = 65_535

    /// `bytes` wrapped as a gzip member with stored DEFLATE blocks.
    package static func gzip(_ bytes: [UInt8]) -> [UInt8] {
        let blocks = max(1, (bytes.count + maxBlock - 1) / maxBlock)
        var out: [UInt8] = []
        out.reserveCapacity(10 + bytes.count + blocks * 5 + 8)
        // Header: ID1 ID2, CM = 8 (deflate), FLG = 0, MTIME = 0, XFL = 0, OS = 255 (unknown).
        out.append(contentsOf: [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF])
        var start = 0
        repeat {
            let end = min(start + maxBlock, bytes.count)
            let length = UInt16(end - start)
            let final: UInt8 = end == bytes.count ? 1 : 0
            out.append(final)  // BFINAL, BTYPE = 00; the remaining bits pad to the byte boundary.
            appendLE16(length, to: &out)
            appendLE16(~length, to: &out)
            out.append(contentsOf: bytes[start..<end])
            start = end
        } while start < bytes.count
        appendLE32(crc32(bytes), to: &out)
        appendLE32(UInt32(truncatingIfNeeded: bytes.count), to: &out)
        return out
    }

    private static func appendLE16(_ v: UInt16, to out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: v))
        out.append(UInt8(truncatingIfNeeded: v >> 8))
    }

    private static func appendLE32(_ v: UInt32, to out: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) {
            out.append(UInt8(truncatingIfNeeded: v >> UInt32(shift)))
        }
    }
}
