/// A minimal Protocol Buffers encoder writing into a byte array.
///
/// Implements the wire format of https://protobuf.dev/programming-guides/encoding/: base-128
/// varints (§ "Base 128 Varints"), ZigZag for `sint` (§ "Signed Integers"), fixed 32/64-bit little-endian
/// values, length-delimited fields (§ "Length-Delimited Records") and packed repeated scalars
/// (§ "Packed Repeated Fields"). Only what the Mapbox Vector Tile schema needs.
package struct ProtobufWriter: Sendable {
    /// Wire types (protobuf encoding, § "Message Structure").
    package enum WireType: UInt64, Sendable {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case fixed32 = 5
    }

    package private(set) var bytes: [UInt8] = []

    package init(reservingCapacity capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// ZigZag-maps a signed integer so that small magnitudes give small varints.
    @inline(__always)
    package static func zigzag(_ n: Int64) -> UInt64 {
        UInt64(bitPattern: (n << 1) ^ (n >> 63))
    }

    /// ZigZag for 32-bit values (MVT geometry parameters, spec 2.1 §4.3.2).
    @inline(__always)
    package static func zigzag32(_ n: Int32) -> UInt32 {
        UInt32(bitPattern: (n << 1) ^ (n >> 31))
    }

    @inline(__always)
    package mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    package mutating func writeTag(_ field: Int, _ wireType: WireType) {
        writeVarint(UInt64(field) << 3 | wireType.rawValue)
    }

    /// A `uint32`/`uint64`/`int64`/`bool`/enum field (plain varint; a negative `int64` takes 10 bytes).
    package mutating func writeVarintField(_ field: Int, _ value: UInt64) {
        writeTag(field, .varint)
        writeVarint(value)
    }

    /// A `sint64` field (ZigZag varint).
    package mutating func writeSIntField(_ field: Int, _ value: Int64) {
        writeVarintField(field, Self.zigzag(value))
    }

    /// A `double` field (fixed64, little-endian IEEE 754).
    package mutating func writeDoubleField(_ field: Int, _ value: Double) {
        writeTag(field, .fixed64)
        var bits = value.bitPattern
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }

    /// A `float` field (fixed32, little-endian IEEE 754).
    package mutating func writeFloatField(_ field: Int, _ value: Float) {
        writeTag(field, .fixed32)
        var bits = value.bitPattern
        for _ in 0..<4 {
            bytes.append(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }

    /// A `bytes` or embedded-message field.
    package mutating func writeBytesField(_ field: Int, _ value: [UInt8]) {
        writeTag(field, .lengthDelimited)
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// A `string` field (UTF-8).
    package mutating func writeStringField(_ field: Int, _ value: String) {
        writeBytesField(field, Array(value.utf8))
    }

    /// A packed `repeated uint32` field; nothing is written for an empty array. The length is
    /// computed first, so the values are written once, in place.
    package mutating func writePackedUInt32Field(_ field: Int, _ values: [UInt32]) {
        guard !values.isEmpty else { return }
        writeTag(field, .lengthDelimited)
        writeVarint(UInt64(Self.packedSize(values)))
        for v in values { writeVarint(UInt64(v)) }
    }

    /// Bytes of `value` as a varint.
    @inline(__always)
    package static func varintSize(_ value: UInt64) -> Int {
        // 1 byte per started group of 7 bits; 0 takes one byte.
        (64 - (value | 1).leadingZeroBitCount + 6) / 7
    }

    /// Bytes of the body of a packed `repeated uint32` field.
    package static func packedSize(_ values: [UInt32]) -> Int {
        values.reduce(0) { $0 + varintSize(UInt64($1)) }
    }

    /// Bytes of a whole packed field (tag, length and body) as `writePackedUInt32Field` writes it;
    /// 0 for an empty array.
    package static func packedFieldSize(_ field: Int, _ values: [UInt32]) -> Int {
        guard !values.isEmpty else { return 0 }
        let body = packedSize(values)
        return varintSize(UInt64(field) << 3) + varintSize(UInt64(body)) + body
    }

    /// Bytes of a varint field (tag and value).
    package static func varintFieldSize(_ field: Int, _ value: UInt64) -> Int {
        varintSize(UInt64(field) << 3) + varintSize(value)
    }

    /// Starts an embedded message whose body is `length` bytes; the caller writes exactly that body.
    package mutating func beginMessageField(_ field: Int, length: Int) {
        writeTag(field, .lengthDelimited)
        writeVarint(UInt64(length))
    }

    /// Reserves room for `count` more bytes.
    package mutating func reserve(_ count: Int) { bytes.reserveCapacity(bytes.count + count) }

    /// An embedded message built by `build`.
    package mutating func writeMessageField(_ field: Int, _ build: (inout ProtobufWriter) -> Void) {
        var body = ProtobufWriter()
        build(&body)
        writeBytesField(field, body.bytes)
    }
}
