/// Well-known binary (OGC Simple Features §8.2, ISO and PostGIS extended) into `Geometry`, as `ST_AsBinary` returns
/// it and as GDAL's Arrow stream gives it: either byte order, Z and M ordinates read and dropped, an EWKB SRID
/// skipped.
///
/// See https://libgeos.org/specifications/wkb/ and https://postgis.net/docs/ST_AsBinary.html.
package enum WKB {
    package struct DecodingError: Error, CustomStringConvertible, Sendable {
        package var description: String
    }

    /// Decodes the hexadecimal text of a `bytea` (`\x0103…`, or bare hex digits).
    package static func geometry(hex bytes: UnsafeBufferPointer<UInt8>) throws -> Geometry {
        var start = 0
        if bytes.count >= 2, bytes[0] == UInt8(ascii: "\\"), bytes[1] == UInt8(ascii: "x") { start = 2 }
        guard (bytes.count - start) % 2 == 0 else { throw DecodingError(description: "odd number of hex digits") }
        var raw = [UInt8](repeating: 0, count: (bytes.count - start) / 2)
        func digit(_ c: UInt8) throws -> UInt8 {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: throw DecodingError(description: "not a hex digit")
            }
        }
        for index in raw.indices {
            raw[index] = try digit(bytes[start + 2 * index]) << 4 | digit(bytes[start + 2 * index + 1])
        }
        return try raw.withUnsafeBufferPointer { try geometry($0) }
    }

    /// Decodes WKB bytes.
    package static func geometry(_ bytes: UnsafeBufferPointer<UInt8>) throws -> Geometry {
        var reader = Reader(bytes: bytes)
        return try reader.geometry()
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var offset = 0
        var littleEndian = true
        var dimensions = 2

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func need(_ count: Int) throws {
            guard offset + count <= bytes.count else { throw DecodingError(description: "truncated WKB") }
        }

        mutating func uint32() throws -> UInt32 {
            try need(4)
            var value: UInt32 = 0
            for i in 0..<4 { value |= UInt32(bytes[offset + i]) << (8 * UInt32(i)) }
            offset += 4
            return littleEndian ? value : value.byteSwapped
        }

        mutating func double() throws -> Double {
            try need(8)
            var value: UInt64 = 0
            for i in 0..<8 { value |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
            offset += 8
            return Double(bitPattern: littleEndian ? value : value.byteSwapped)
        }

        mutating func coordinate() throws -> Coordinate {
            let x = try double()
            let y = try double()
            for _ in 2..<dimensions { _ = try double() }
            return Coordinate(x: x, y: y)
        }

        mutating func coordinates() throws -> [Coordinate] {
            let count = Int(try uint32())
            try need(count * 8 * dimensions)
            return try (0..<count).map { _ in try coordinate() }
        }

        mutating func polygon() throws -> Polygon {
            let rings = Int(try uint32())
            var list: [Ring] = []
            for _ in 0..<rings { list.append(try coordinates()) }
            guard let exterior = list.first else { return Polygon(exterior: []) }
            return Polygon(exterior: exterior, holes: Array(list.dropFirst()))
        }

        /// One geometry with its header; a member of a multi-geometry has its own header.
        mutating func geometry() throws -> Geometry {
            try need(5)
            littleEndian = bytes[offset] == 1
            offset += 1
            var type = try uint32()
            let hasZ = type & 0x8000_0000 != 0
            let hasM = type & 0x4000_0000 != 0
            if type & 0x2000_0000 != 0 { _ = try uint32() }  // EWKB SRID
            type &= 0x0FFF_FFFF
            let iso = type / 1000
            type %= 1000
            dimensions = 2 + (hasZ ? 1 : 0) + (hasM ? 1 : 0) + (iso == 3 ? 2 : iso == 1 || iso == 2 ? 1 : 0)
            switch type {
            case 1: return .point(try coordinate())
            case 2: return .lineString(try coordinates())
            case 3: return .polygon(try polygon())
            case 4, 5, 6, 7:
                let count = Int(try uint32())
                var members: [Geometry] = []
                for _ in 0..<count { members.append(try geometry()) }
                switch type {
                case 4: return .multiPoint(members.compactMap { if case .point(let c) = $0 { return c } else { return nil } })
                case 5:
                    return .multiLineString(members.compactMap { if case .lineString(let l) = $0 { return l } else { return nil } })
                case 6:
                    return .multiPolygon(members.compactMap { if case .polygon(let p) = $0 { return p } else { return nil } })
                default: return .collection(members)
                }
            default: throw DecodingError(description: "WKB geometry type \(type) is not read")
            }
        }
    }
}
