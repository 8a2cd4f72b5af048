import QuartierModel

/// Decoding the parts of a PMTiles v3 archive that `PMTilesHeader` and `PMTilesDirectory` encode.
extension PMTilesHeader {
    /// Reads the 127-byte header (spec §3): magic `PMTiles`, version 3, little-endian offsets and lengths.
    init(decoding bytes: [UInt8], path: String) throws {
        guard bytes.count >= PMTilesHeader.size, Array(bytes[0..<7]) == Array("PMTiles".utf8) else {
            throw TileReadError(path: path, message: "does not start with the PMTiles magic number")
        }
        guard bytes[7] == 3 else { throw TileReadError(path: path, message: "is PMTiles version \(bytes[7]), not 3") }
        func u64(_ at: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << UInt64(8 * $1) } }
        func degrees(_ at: Int) -> Double {
            let raw = (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << UInt32(8 * $1) }
            return Double(Int32(bitPattern: raw)) / 10_000_000
        }
        self.init()
        rootOffset = u64(8)
        rootLength = u64(16)
        metadataOffset = u64(24)
        metadataLength = u64(32)
        leafOffset = u64(40)
        leafLength = u64(48)
        dataOffset = u64(56)
        dataLength = u64(64)
        addressedTiles = u64(72)
        tileEntries = u64(80)
        tileContents = u64(88)
        clustered = bytes[96] == 1
        internalCompression = bytes[97]
        tileCompression = bytes[98]
        tileType = bytes[99]
        minZoom = bytes[100]
        maxZoom = bytes[101]
        bounds = BoundingBox(minX: degrees(102), minY: degrees(106), maxX: degrees(110), maxY: degrees(114))
        centerZoom = bytes[118]
        center = Coordinate(x: degrees(119), y: degrees(123))
    }
}

extension PMTilesDirectory {
    /// The entries of an uncompressed directory (spec §4.1), the inverse of `serialize`.
    static func deserialize(_ bytes: [UInt8], path: String) throws -> [Entry] {
        var position = 0
        func varint() throws -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while position < bytes.count, shift < 64 {
                let byte = bytes[position]
                position += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
            throw TileReadError(path: path, message: "has a truncated directory")
        }
        let count = try varint()
        guard count <= UInt64(bytes.count) else { throw TileReadError(path: path, message: "has a directory with a wrong entry count") }
        var entries = [Entry](repeating: Entry(tileID: 0, offset: 0, length: 0, runLength: 0), count: Int(count))
        var last: UInt64 = 0
        for i in entries.indices {
            last &+= try varint()
            entries[i].tileID = last
        }
        for i in entries.indices { entries[i].runLength = UInt32(truncatingIfNeeded: try varint()) }
        for i in entries.indices { entries[i].length = UInt32(truncatingIfNeeded: try varint()) }
        for i in entries.indices {
            let value = try varint()
            if value == 0, i > 0 {
                entries[i].offset = entries[i - 1].offset + UInt64(entries[i - 1].length)
            } else {
                entries[i].offset = value &- 1
            }
        }
        return entries
    }
}
