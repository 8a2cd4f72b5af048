/// What a tile writer wrote: counters in the sense of the PMTiles v3 header (§3), filled for every
/// output format so that the CLI can report them alike.
package struct TileArchiveReport: Sendable, Hashable, Codable {
    /// Tiles addressed (non-empty tiles added).
    package var addressedTiles: Int
    /// Directory entries after run-length coding (PMTiles); the addressed tiles for other formats.
    package var tileEntries: Int
    /// Distinct tile contents stored (PMTiles and MBTiles deduplicate; z/x/y stores every tile).
    package var tileContents: Int
    /// PMTiles leaf directories (0 when the root holds every entry, and for other formats).
    package var leafDirectories: Int
    /// Gzipped root directory size (PMTiles only).
    package var rootDirectoryBytes: Int
    /// Size of the archive file, or the sum of the tile files of a z/x/y folder.
    package var fileBytes: Int

    package init(
        addressedTiles: Int, tileEntries: Int, tileContents: Int, leafDirectories: Int = 0,
        rootDirectoryBytes: Int = 0, fileBytes: Int
    ) {
        self.addressedTiles = addressedTiles
        self.tileEntries = tileEntries
        self.tileContents = tileContents
        self.leafDirectories = leafDirectories
        self.rootDirectoryBytes = rootDirectoryBytes
        self.fileBytes = fileBytes
    }
}
