import Foundation
package import QuartierModel

/// Writes the attribute table of a layer as CSV, atomically: as German Excel opens it by double-click
/// (UTF-8 with BOM, `;`, decimal comma) or as RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180: `,`,
/// decimal point). Both end lines with CRLF and quote a field only when it holds the delimiter, a
/// quote or a line break (quotes doubled). A missing value is an empty cell with its reason in the
/// `<field>_status` column. A `.csvt` file beside it gives GDAL and QGIS the column types
/// (https://gdal.org/en/stable/drivers/vector/csv.html).
package enum CSVTableWriter {
    package static func write(_ layer: FeatureLayer, to path: String, dialect: PublishSpec.CSVDialect) throws {
        let table = layer.withStatusFields(for: layer.fields.map(\.name))
        let delimiter = dialect == .excel ? ";" : ","
        var text = dialect == .excel ? "\u{FEFF}" : ""
        text += table.fields.map { quoted($0.name, delimiter) }.joined(separator: delimiter) + "\r\n"
        for feature in table.features {
            let cells = table.fields.indices.map { i -> String in
                let value = i < feature.attributes.count ? feature.attributes[i] : .null
                switch value {
                case .string(let s), .date(let s): return quoted(s, delimiter)
                case .integer(let n): return String(n)
                case .real(let d) where d.isFinite:
                    let plain = number(d)
                    return dialect == .excel ? plain.replacingOccurrences(of: ".", with: ",") : plain
                case .real, .missing: return ""
                }
            }
            text += cells.joined(separator: delimiter) + "\r\n"
        }
        try FileSupport.writeAtomically(Data(text.utf8), to: path)
        let types = table.fields.map { field -> String in
            switch field.type {
            case .integer: return "\"Integer\""
            case .integer64: return "\"Integer64\""
            case .real: return "\"Real\""
            default: return "\"String\""
            }
        }
        let csvt = URL(fileURLWithPath: path).deletingPathExtension().appendingPathExtension("csvt").path
        try FileSupport.writeAtomically(Data((types.joined(separator: ",") + "\r\n").utf8), to: csvt)
    }

    /// A number in plain decimal notation (no exponent), shortest round-trip digits.
    static func number(_ d: Double) -> String {
        let shortest = "\(d)"
        guard shortest.contains("e") else { return shortest.hasSuffix(".0") ? String(shortest.dropLast(2)) : shortest }
        var fixed = String(format: "%.17f", d)
        while fixed.hasSuffix("0") { fixed.removeLast() }
        if fixed.hasSuffix(".") { fixed.removeLast() }
        return fixed
    }

    static func quoted(_ text: String, _ delimiter: String) -> String {
        guard text.contains(delimiter) || text.contains("\"") || text.contains("\n") || text.contains("\r") else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
