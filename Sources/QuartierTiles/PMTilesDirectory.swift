/// PMTiles v3 directories (spec §4 "Directories"): column-wise varint serialisation and the split
/// into a root directory and leaf directories.
package enum PMTilesDirectory {
    /// One directory entry (§4): a tile or a run of tiles, or (run length 0) a leaf directory.
    package struct Entry: Sendable, Hashable {
        package var tileID: UInt64
        /// Offset into the tile data section (tiles) or the leaf directory section (leaves).
        package var offset: UInt64
        package var length: UInt32
        package var runLength: UInt32
    }

    /// The varint-encoded, uncompressed directory (§4.1): count, delta tile ids, run lengths,
    /// lengths, then offsets (0 = directly after the previous entry, otherwise offset + 1).
    package static func serialize(_ entries: [Entry]) -> [UInt8] {
        var w = ProtobufWriter(reservingCapacity: entries.count * 6 + 4)
        w.writeVarint(UInt64(entries.count))
        var last: UInt64 = 0
        for e in entries {
            w.writeVarint(e.tileID - last)
            last = e.tileID
        }
        for e in entries { w.writeVarint(UInt64(e.runLength)) }
        for e in entries { w.writeVarint(UInt64(e.length)) }
        for (i, e) in entries.enumerated() {
            if i > 0, e.offset == entries[i - 1].offset + UInt64(entries[i - 1].length) {
                w.writeVarint(0)
            } else {
                w.writeVarint(e.offset + 1)
            }
        }
        return w.bytes
    }

    /// The gzipped root directory, concatenated gzipped leaf directories, and the leaf count.
    package struct Layout: Sendable {
        package var root: [UInt8]
        package var leaves: [UInt8]
        package var leafCount: Int
    }

    /// Puts every entry into the root when it fits into `maxRootBytes`; otherwise into leaves of
    /// `leafSize` entries (starting at max(4096, n / 3500), growing by 20 %) until the root fits.
    package static func optimize(_ entries: [Entry], maxRootBytes: Int) -> Layout {
        let root = Gzip.gzip(serialize(entries))
        if root.count <= maxRootBytes { return Layout(root: root, leaves: [], leafCount: 0) }
        var leafSize = max(4096.0, Double(entries.count) / 3500)
        while true {
            let layout = split(entries, leafSize: Int(leafSize))
            if layout.root.count <= maxRootBytes { return layout }
            leafSize *= 1.2
        }
    }

    private static func split(_ entries: [Entry], leafSize: Int) -> Layout {
        var rootEntries: [Entry] = []
        var leaves: [UInt8] = []
        var start = 0
        while start < entries.count {
            let end = min(start + leafSize, entries.count)
            let leaf = Gzip.gzip(serialize(Array(entries[start..<end])))
            rootEntries.append(
                Entry(
                    tileID: entries[start].tileID, offset: UInt64(leaves.count), length: UInt32(leaf.count),
                    runLength: 0))
            leaves.append(contentsOf: leaf)
            start = end
        }
        return Layout(root: Gzip.gzip(serialize(rootEntries)), leaves: leaves, leafCount: rootEntries.count)
    }
}
