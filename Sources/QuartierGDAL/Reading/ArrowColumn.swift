import CGDAL
import QuartierModel

/// One column of an Arrow record batch (Arrow C data interface), read as the feature cursor reads the OGR field it
/// comes from. Only the layouts GDAL writes for OGR's scalar fields are read; a column of any other format is not
/// made (`init` returns nil) and the layer is read by the cursor instead.
///
/// See https://arrow.apache.org/docs/format/CDataInterface.html and
/// https://arrow.apache.org/docs/format/Columnar.html for the layouts.
struct ArrowColumn {
    /// How the values are stored.
    enum Layout: Equatable {
        case int8, int16, int32, int64, boolean, float64
        /// UTF-8 strings (or WKB bytes) with 32-bit (`u`, `z`) or 64-bit (`U`, `Z`) offsets.
        case text(largeOffsets: Bool)
        case binary(largeOffsets: Bool)

        init?(format: String) {
            switch format {
            case "c": self = .int8
            case "s": self = .int16
            case "i": self = .int32
            case "l": self = .int64
            case "b": self = .boolean
            // Not `f` (float32): GDAL narrows the double that the cursor gives, so the values would differ.
            case "g": self = .float64
            case "u": self = .text(largeOffsets: false)
            case "U": self = .text(largeOffsets: true)
            case "z": self = .binary(largeOffsets: false)
            case "Z": self = .binary(largeOffsets: true)
            // Not `tdD` (date32) either: GDAL 3.6 gives 1969-12-31 as day 0, so dates are left to the cursor.
            default: return nil
            }
        }
    }

    let layout: Layout
    private let validity: UnsafeRawPointer?
    private let values: UnsafeRawPointer
    private let data: UnsafeRawPointer?
    /// The column's own offset plus its parent's.
    private let offset: Int

    /// A view of `array` (borrowed: valid until the batch is released), or nil when its buffers are missing.
    init?(_ array: UnsafePointer<ArrowArray>, layout: Layout, parentOffset: Int) {
        let a = array.pointee
        let needed: Int64
        switch layout {
        case .text, .binary: needed = 3
        default: needed = 2
        }
        guard a.n_buffers >= needed, let buffers = a.buffers, let values = buffers[1] else { return nil }
        self.layout = layout
        self.values = values
        validity = a.null_count != 0 ? buffers[0] : nil
        data = needed == 3 ? buffers[2] : nil
        offset = Int(a.offset) + parentOffset
        if needed == 3 && data == nil && a.length > 0 {
            // An all-empty string column may have no data buffer; offsets then are all zero.
            guard (0..<Int(a.length)).allSatisfy({ bytesRange(ofRow: $0).isEmpty }) else { return nil }
        }
    }

    /// True when the value at `row` is null.
    func isNull(_ row: Int) -> Bool {
        guard let validity else { return false }
        let bit = offset + row
        return validity.load(fromByteOffset: bit >> 3, as: UInt8.self) & (1 << UInt8(bit & 7)) == 0
    }

    /// The value at `row` as the cursor gives it: missing for null.
    func value(_ row: Int) -> AttributeValue {
        guard !isNull(row) else { return .missing(.empty) }
        let i = offset + row
        switch layout {
        case .int8: return .integer(Int64(values.load(fromByteOffset: i, as: Int8.self)))
        case .int16: return .integer(Int64(values.load(fromByteOffset: i * 2, as: Int16.self)))
        case .int32: return .integer(Int64(values.load(fromByteOffset: i * 4, as: Int32.self)))
        case .int64: return .integer(values.load(fromByteOffset: i * 8, as: Int64.self))
        case .boolean:
            return .integer(values.load(fromByteOffset: i >> 3, as: UInt8.self) >> UInt8(i & 7) & 1 == 1 ? 1 : 0)
        case .float64: return .real(values.load(fromByteOffset: i * 8, as: Double.self))
        case .text, .binary:
            return .string(withBytes(row) { String(decoding: $0, as: UTF8.self) })
        }
    }

    /// An integer column's value (the FID column); nil for null.
    func int64(_ row: Int) -> Int64? {
        guard case .integer(let value) = value(row) else { return nil }
        return value
    }

    /// Calls `body` with the bytes of a string or binary value.
    func withBytes<T>(_ row: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        let range = bytesRange(ofRow: row)
        guard let data, !range.isEmpty else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        let start = (data + range.lowerBound).assumingMemoryBound(to: UInt8.self)
        return try body(UnsafeBufferPointer(start: start, count: range.count))
    }

    private func bytesRange(ofRow row: Int) -> Range<Int> {
        let i = offset + row
        let start: Int
        let end: Int
        if case .text(true) = layout {
            (start, end) = (
                Int(values.load(fromByteOffset: i * 8, as: Int64.self)),
                Int(values.load(fromByteOffset: i * 8 + 8, as: Int64.self))
            )
        } else if case .binary(true) = layout {
            (start, end) = (
                Int(values.load(fromByteOffset: i * 8, as: Int64.self)),
                Int(values.load(fromByteOffset: i * 8 + 8, as: Int64.self))
            )
        } else {
            (start, end) = (
                Int(values.load(fromByteOffset: i * 4, as: Int32.self)),
                Int(values.load(fromByteOffset: i * 4 + 4, as: Int32.self))
            )
        }
        return start <= end ? start..<end : start..<start
    }
}
