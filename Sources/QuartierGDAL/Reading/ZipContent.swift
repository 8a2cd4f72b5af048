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

    /// Throws when a spreadsheet unpacks to more than `maximumBytes`.
    static func check(_ path: String) throws {
        guard extensions.contains(URL(fileURLWithPath: path).pathExtension.lowercased()),
            let size = uncompressedSize(path), size > maximumBytes
        else { return }
        throw GDALError(
            code: .tooLarge,
            message: "the spreadsheet unpacks to \(size >> 20) MiB; at most \(maximumBytes >> 20) MiB are read",
            path: path,
            hint: "Is it the right file (a sheet with millions of rows, or a zip bomb)? Export the table as CSV")
    }
}
