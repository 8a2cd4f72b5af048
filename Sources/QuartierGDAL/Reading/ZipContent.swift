import CGDAL
import Foundation

/// The uncompressed size of a zip-based document (XLSX, ODS), read from the zip directory without
/// inflating anything: GDAL parses a sheet whole, so a 1.2 MB file of 5 million empty rows costs a
/// minute and a gigabyte, and a zip bomb named `.xlsx` more. Checked before the file is opened.
///
/// See https://gdal.org/en/stable/user/virtual_file_systems.html#vsizip-zip-archives
enum ZipContent {
    /// The most uncompressed bytes read from a spreadsheet (256 MiB, about a million rows of a small table).
    static let maximumBytes: Int64 = 256 << 20

    /// Extensions of the zip-based formats checked.
    static let extensions: Set<String> = ["xlsx", "ods"]

    /// The sum of the uncompressed sizes of the entries, or nil when the file is no readable zip.
    static func uncompressedSize(_ path: String) -> Int64? {
        let root = "/vsizip/{\(path)}"
        guard let list = VSIReadDirRecursive(root) else { return nil }
        defer { CSLDestroy(list) }
        var total: Int64 = 0
        var index = 0
        while let entry = list[index] {
            // The size from the zip directory: seeking to the end of an entry inflates nothing.
            if let file = VSIFOpenL(root + "/" + String(cString: entry), "rb") {
                if VSIFSeekL(file, 0, SEEK_END) == 0 { total += Int64(clamping: VSIFTellL(file)) }
                _ = VSIFCloseL(file)
            }
            index += 1
        }
        return total
    }

    /// The most rows of an XLSX sheet read (as tables: a million rows).
    static let maximumRows = 1_000_000

    /// The number of `<row` elements of an XLSX file's sheets, counted while inflating them in 1 MiB chunks
    /// (well below a second for millions of rows; GDAL would build the whole sheet in memory first); nil when the
    /// file is no readable XLSX. Stops counting past `limit`.
    static func rowCount(_ path: String, limit: Int) -> Int? {
        let root = "/vsizip/{\(path)}"
        guard let list = VSIReadDirRecursive(root) else { return nil }
        defer { CSLDestroy(list) }
        let pattern = Array("<row".utf8)
        var rows = 0
        var index = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while let entry = list[index] {
            index += 1
            let name = String(cString: entry)
            guard name.hasPrefix("xl/worksheets/"), name.hasSuffix(".xml"),
                let file = VSIFOpenL(root + "/" + name, "rb")
            else { continue }
            defer { _ = VSIFCloseL(file) }
            var carry: [UInt8] = []
            while rows <= limit {
                let read = buffer.withUnsafeMutableBytes { VSIFReadL($0.baseAddress, 1, $0.count, file) }
                guard read > 0 else { break }
                let chunk = carry + buffer[0..<read]
                var i = 0
                while i + pattern.count <= chunk.count {
                    if chunk[i] == pattern[0], chunk[i + 1] == pattern[1], chunk[i + 2] == pattern[2],
                        chunk[i + 3] == pattern[3]
                    {
                        rows += 1
                        i += pattern.count
                    } else {
                        i += 1
                    }
                }
                carry = Array(chunk.suffix(pattern.count - 1))
            }
        }
        return rows
    }

    /// Throws when a spreadsheet unpacks to more than `maximumBytes`, or an XLSX sheet holds more than
    /// `maximumRows` rows.
    static func check(_ path: String) throws {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        guard extensions.contains(ext) else { return }
        if let size = uncompressedSize(path), size > maximumBytes {
            throw GDALError(
                code: .tooLarge,
                message: "the spreadsheet unpacks to \(size >> 20) MiB; at most \(maximumBytes >> 20) MiB are read",
                path: path,
                hint: "Is it the right file (a sheet with millions of rows, or a zip bomb)? Export the table as CSV")
        }
        if ext == "xlsx", let rows = rowCount(path, limit: maximumRows), rows > maximumRows {
            throw GDALError(
                code: .tooLarge,
                message: "the spreadsheet has more than \(maximumRows) rows; at most \(maximumRows) are read",
                path: path, hint: "Is it the right file or sheet (empty rows to the end of the sheet)? Export it as CSV"
            )
        }
    }
}
