/// Turns the bytes of a table file into UTF-8 bytes and names the encoding it found.
///
/// Statistics offices publish UTF-8 (with or without byte-order mark) as often as Windows-1252
/// (Excel's "CSV (Trennzeichen-getrennt)" on German Windows). Bytes that are valid UTF-8 are read as
/// UTF-8; anything else as Windows-1252, which is a superset of the printable ISO 8859-1 (Latin-1)
/// range. Bytes 0x80–0x9F follow the WHATWG Encoding Standard's windows-1252 index
/// (https://encoding.spec.whatwg.org/index-windows-1252.txt): 0x80 is €, 0x96 is –, 0x85 is …;
/// the five bytes it leaves undefined map to the C1 control of the same value.
/// Excel's "Unicode text" (UTF-16 with byte-order mark) is read too. Line breaks keep their
/// positions, so line numbers stay those of the file.
enum TableTextDecoder {
    /// UTF-8 text without byte-order mark, and the encoding's name for `TableDialect.encoding`.
    struct Decoded {
        var bytes: [UInt8]
        var encoding: String
    }

    /// Decodes a table file.
    ///
    /// - Throws: `TableReadError.unreadable` for binary files (a NUL byte without a UTF-16
    ///   byte-order mark, e.g. an `.xlsx` or `.ods` file given as CSV).
    static func decode(_ raw: [UInt8], path: String?) throws -> Decoded {
        if raw.starts(with: [0xEF, 0xBB, 0xBF]) {
            let body = Array(raw[3...])
            if isValidUTF8(body) { return Decoded(bytes: body, encoding: "UTF-8 with BOM") }
            return Decoded(bytes: windows1252ToUTF8(body), encoding: "Windows-1252")
        }
        if raw.starts(with: [0xFF, 0xFE]) || raw.starts(with: [0xFE, 0xFF]) {
            let littleEndian = raw[0] == 0xFF
            return Decoded(bytes: utf16ToUTF8(raw[2...], littleEndian: littleEndian),
                           encoding: littleEndian ? "UTF-16LE" : "UTF-16BE")
        }
        if raw.prefix(8192).contains(0) {
            let isZip = raw.starts(with: [0x50, 0x4B, 0x03, 0x04])
            throw TableReadError(
                .unreadable, isZip ? "this is a ZIP file (an .xlsx or .ods spreadsheet?), not a CSV table"
                    : "this is a binary file (or UTF-16 text without byte-order mark), not a CSV table",
                hint: "Save the sheet as CSV (UTF-8 or Windows-1252) and give that file", path: path)
        }
        if isValidUTF8(raw) { return Decoded(bytes: raw, encoding: "UTF-8") }
        return Decoded(bytes: windows1252ToUTF8(raw), encoding: "Windows-1252")
    }

    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        // ASCII fast path: most statistics tables are pure ASCII apart from a few names.
        guard let firstNonASCII = bytes.firstIndex(where: { $0 >= 0x80 }) else { return true }
        return String(validating: bytes[firstNonASCII...], as: UTF8.self) != nil
    }

    /// Code points of Windows-1252 bytes 0x80–0x9F (WHATWG index-windows-1252).
    private static let high: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    static func windows1252ToUTF8<C: Collection<UInt8>>(_ bytes: C) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            if byte < 0x80 {
                out.append(byte)
            } else if byte < 0xA0 {
                appendUTF8(high[Int(byte - 0x80)], to: &out)
            } else {
                appendUTF8(UInt32(byte), to: &out)
            }
        }
        return out
    }

    static func utf16ToUTF8(_ bytes: ArraySlice<UInt8>, littleEndian: Bool) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let a = UInt16(bytes[index]), b = UInt16(bytes[index + 1])
            units.append(littleEndian ? a | b << 8 : a << 8 | b)
            index += 2
        }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }

    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case ..<0x80:
            out.append(UInt8(scalar))
        case ..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:  // all code points of Windows-1252 are in the Basic Multilingual Plane
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
