import Foundation
import QuartierModel

/// Checks that a Shapefile's `.shp`, `.shx` and `.dbf` belong together before GDAL reads them: GDAL
/// trusts the `.shx`, so another file's index reads the wrong records without a word (12 features of
/// 542, the rest silently missing).
///
/// Layouts: ESRI Shapefile Technical Description (1998), https://www.esri.com/content/dam/esrisites/sitecore-archive/Files/Pdfs/library/whitepapers/pdfs/shapefile.pdf
/// and the dBASE III header (record count at byte 4, little-endian).
enum ShapefileParts {
    /// Throws `GDALError(.readFailed)` when the index and the table disagree on the number of records, or
    /// the index's last record ends elsewhere than the `.shp` file does. Missing companions are left to GDAL.
    static func check(_ path: String) throws {
        let url = URL(fileURLWithPath: path)
        guard url.pathExtension.lowercased() == "shp" else { return }
        let stem = url.deletingPathExtension()
        func companion(_ ext: String) -> URL? {
            [ext, ext.uppercased()].map { stem.appendingPathExtension($0) }
                .first { FileManager.default.fileExists(atPath: $0.path) }
        }
        guard let shx = companion("shx"), let index = header(shx, bytes: 100), index.count == 100,
            let shpSize = RegularFile.size(url.path).map(Int.init),
            let shxSize = RegularFile.size(shx.path).map(Int.init)
        else { return }
        let records = (shxSize - 100) / 8
        func fail(_ message: String) -> GDALError {
            GDALError(
                code: .readFailed, message: message, path: path,
                hint: "The .shp, .shx and .dbf must come from the same export; copy all of them again")
        }
        if let dbf = companion("dbf"), let table = header(dbf, bytes: 8), table.count == 8 {
            let rows = Int(table[4]) | Int(table[5]) << 8 | Int(table[6]) << 16 | Int(table[7]) << 24
            if rows != records {
                throw fail(
                    "the index \(shx.lastPathComponent) lists \(records) records but the table \(dbf.lastPathComponent) has \(rows)"
                )
            }
        }
        guard records > 0, let handle = FileHandle(forReadingAtPath: shx.path) else { return }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: UInt64(100 + (records - 1) * 8))) != nil,
            let last = try? handle.read(upToCount: 8), last.count == 8
        else { return }
        let words = { (at: Int) in
            Int(last[at]) << 24 | Int(last[at + 1]) << 16 | Int(last[at + 2]) << 8 | Int(last[at + 3])
        }
        let end = (words(0) + words(4)) * 2 + 8  // offset and content length in 16-bit words, plus the record header
        if end != shpSize {
            throw fail(
                "the index \(shx.lastPathComponent) ends its last record at byte \(end), but the file has \(shpSize) bytes: "
                    + "the index belongs to another file, or the .shp is truncated")
        }
    }

    private static func header(_ url: URL, bytes: Int) -> Data? {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { return nil }
        defer { try? handle.close() }
        return try? handle.read(upToCount: bytes)
    }
}
