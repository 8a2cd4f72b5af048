import Foundation
import QuartierModel

/// Writes GeoJSON (RFC 7946) features as bytes, for pages that are concatenations of prepared features.
/// Missing values (`AttributeValue.missing`) are null; non-finite numbers are null.
enum FeatureJSON {
    /// One feature: `{"type":"Feature","id":…,"geometry":…,"properties":{…}}`.
    static func feature(
        id: String?, geometry: Geometry?, fields: [FieldDefinition], values: [AttributeValue], latitudeFirst: Bool
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        append(#"{"type":"Feature","id":"#, to: &out)
        if let id { string(id, to: &out) } else { append("null", to: &out) }
        append(#","geometry":"#, to: &out)
        if let geometry { self.geometry(geometry, latitudeFirst: latitudeFirst, to: &out) } else { append("null", to: &out) }
        append(#","properties":{"#, to: &out)
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            string(field.name, to: &out)
            out.append(UInt8(ascii: ":"))
            value(index < values.count ? values[index] : .missing(.empty), to: &out)
        }
        append("}}", to: &out)
        return out
    }

    /// A compact `links` array: `[{"href":…,"rel":…,"type":…,"title":…}, …]`.
    static func links(_ links: [(href: String, rel: String, type: String, title: String)], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, link) in links.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            for (key, value) in [("href", link.href), ("rel", link.rel), ("type", link.type), ("title", link.title)] {
                append(key == "href" ? "{" : ",", to: &out)
                string(key, to: &out)
                out.append(UInt8(ascii: ":"))
                string(value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
    }

    static func value(_ value: AttributeValue, to out: inout [UInt8]) {
        switch value {
        case .string(let text), .date(let text): string(text, to: &out)
        case .integer(let number): append(String(number), to: &out)
        case .real(let number): self.number(number, to: &out)
        case .missing: append("null", to: &out)
        }
    }

    static func geometry(_ geometry: Geometry, latitudeFirst: Bool, to out: inout [UInt8]) {
        func position(_ c: Coordinate) {
            out.append(UInt8(ascii: "["))
            number(latitudeFirst ? c.y : c.x, to: &out)
            out.append(UInt8(ascii: ","))
            number(latitudeFirst ? c.x : c.y, to: &out)
            out.append(UInt8(ascii: "]"))
        }
        func list<T>(_ items: [T], _ each: (T) -> Void) {
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                each(item)
            }
            out.append(UInt8(ascii: "]"))
        }
        func polygon(_ p: Polygon) { list([p.exterior] + p.holes) { list($0, position) } }
        func typed(_ type: String, _ body: () -> Void) {
            append(#"{"type":""# + type + #"","coordinates":"#, to: &out)
            body()
            out.append(UInt8(ascii: "}"))
        }
        switch geometry {
        case .point(let c): typed("Point") { position(c) }
        case .multiPoint(let cs): typed("MultiPoint") { list(cs, position) }
        case .lineString(let cs): typed("LineString") { list(cs, position) }
        case .multiLineString(let lines): typed("MultiLineString") { list(lines) { list($0, position) } }
        case .polygon(let p): typed("Polygon") { polygon(p) }
        case .multiPolygon(let ps): typed("MultiPolygon") { list(ps, polygon) }
        case .collection(let parts):
            append(#"{"type":"GeometryCollection","geometries":"#, to: &out)
            list(parts) { self.geometry($0, latitudeFirst: latitudeFirst, to: &out) }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func number(_ value: Double, to out: inout [UInt8]) {
        guard value.isFinite else { return append("null", to: &out) }
        if value.rounded() == value, abs(value) < 1e15 { return append(String(Int64(value)), to: &out) }
        append(String(value), to: &out)
    }

    /// A JSON string with the escapes RFC 8259 §7 requires.
    static func string(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append(#"\""#, to: &out)
            case UInt8(ascii: "\\"): append(#"\\"#, to: &out)
            case 0x0A: append(#"\n"#, to: &out)
            case 0x0D: append(#"\r"#, to: &out)
            case 0x09: append(#"\t"#, to: &out)
            case 0..<0x20:
                let hex = String(byte, radix: 16)
                append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex, to: &out)
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    static func append(_ text: String, to out: inout [UInt8]) { out.append(contentsOf: text.utf8) }
}
