/// PMTiles v3 tile ids: the position of a tile on a Hilbert curve per zoom, zooms concatenated
/// (PMTiles v3 spec §"Tile ID", https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md).
///
/// z0 is id 0; the z1 tiles are 1…4 in Hilbert order (1,0,0)=1, (1,0,1)=2, (1,1,1)=3, (1,1,0)=4.
extension TileID {
    /// The PMTiles v3 tile id, or nil for a zoom above 31 or a column/row outside the grid.
    package var hilbertID: UInt64? {
        guard z >= 0, z <= 31 else { return nil }
        let n = 1 << z
        guard x >= 0, y >= 0, x < n, y < n else { return nil }
        // Tiles of all lower zooms: (4^z − 1) / 3.
        var acc = ((UInt64(1) << UInt64(2 * z)) - 1) / 3
        var tx = UInt64(x)
        var ty = UInt64(y)
        var a = z - 1
        while a >= 0 {
            let s = UInt64(1) << UInt64(a)
            let rx: UInt64 = (tx & s) != 0 ? 1 : 0
            let ry: UInt64 = (ty & s) != 0 ? 1 : 0
            acc += ((3 * rx) ^ ry) << UInt64(2 * a)
            // Rotate the quadrant (Hilbert curve, as the spec's reference implementation).
            if ry == 0 {
                if rx == 1 {
                    tx = s - 1 &- tx
                    ty = s - 1 &- ty
                }
                swap(&tx, &ty)
            }
            a -= 1
        }
        return acc
    }
}
