import Foundation
import QuartierTOML

/// A parsed TOML document as toml-test's tagged JSON (every scalar `{"type": …, "value": "…"}`), and a
/// comparison with the expected JSON that reads floats as numbers (`1e06` equals `1000000.0`, `nan` equals `nan`).
enum TOMLTaggedJSON {
    static func tagged(_ table: TOMLTable) -> [String: Any] {
        var object: [String: Any] = [:]
        for entry in table.entries { object[entry.key] = tagged(entry.node) }
        return object
    }

    static func tagged(_ node: TOMLNode) -> Any {
        switch node.value {
        case .string(let s): return ["type": "string", "value": s]
        case .integer(let i): return ["type": "integer", "value": String(i)]
        case .float(let d): return ["type": "float", "value": d.isNaN ? "nan" : String(d)]
        case .boolean(let b): return ["type": "bool", "value": String(b)]
        case .dateTime(let text):
            return ["type": TOMLDateTime.kind(of: text)?.rawValue ?? "invalid-datetime", "value": text]
        case .array(let items): return items.map(tagged)
        case .table(let table): return tagged(table)
        }
    }

    /// A float literal of the expected JSON as a number (`inf`, `+inf`, `-inf`, `nan` included).
    static func float(_ text: String) -> Double? {
        switch text {
        case "inf", "+inf": .infinity
        case "-inf": -.infinity
        case "nan", "+nan", "-nan": .nan
        default: Double(text)
        }
    }

    /// The first difference between `actual` and `expected`, as a path and the two values; nil when equal.
    static func difference(_ actual: Any, _ expected: Any, at path: String) -> String? {
        switch (actual, expected) {
        case (let a as [String: Any], let e as [String: Any]):
            if let type = e["type"] as? String, let value = e["value"] as? String, e.count == 2 {
                guard a["type"] as? String == type, let got = a["value"] as? String else {
                    return "\(path): expected \(type) '\(value)', got \(a)"
                }
                if type == "float", let x = float(got), let y = float(value) {
                    return x == y || (x.isNaN && y.isNaN) ? nil : "\(path): expected float \(value), got \(got)"
                }
                return got == value ? nil : "\(path): expected \(type) '\(value)', got '\(got)'"
            }
            guard Set(a.keys) == Set(e.keys) else {
                return "\(path): keys \(a.keys.sorted()) instead of \(e.keys.sorted())"
            }
            for key in e.keys.sorted() {
                // Both sides hold `key`: the key sets are equal.
                if let d = difference(a[key] as Any, e[key] as Any, at: "\(path).\(key)") { return d }
            }
            return nil
        case (let a as [Any], let e as [Any]):
            guard a.count == e.count else { return "\(path): \(a.count) items instead of \(e.count)" }
            for (index, pair) in zip(a, e).enumerated() {
                if let d = difference(pair.0, pair.1, at: "\(path)[\(index)]") { return d }
            }
            return nil
        default:
            return "\(path): expected \(expected), got \(actual)"
        }
    }
}
