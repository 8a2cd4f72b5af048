package import QuartierModel
import Foundation
import QuartierStats
import QuartierTOML

/// `[[index_types]]`: the cross of two classified indexes as area types, as MSS crosses status and
/// dynamics: `<name>_type` is the two class codes written one after the other (status 2 and dynamics
/// 5 → 25, MSS's `SDI_N`), `<name>_name` the `label` with `{first}` and `{second}` replaced by the
/// class names (default "{first} / {second}"). An area without both classes gets neither.
package struct IndexTypesStep: Sendable {
    package var name: String
    package var first: String
    package var second: String
    package var label: String
    package var line: Int

    static func parse(_ s: inout TOMLSection, indexes: [IndexStep]) throws -> IndexTypesStep {
        let name = try s.requiredString("name")
        guard let pair = try s.stringArray("indexes"), pair.count == 2 else {
            throw s.error("[[index_types]] '\(name)' needs indexes = [\"<first>\", \"<second>\"]", line: s.line)
        }
        for index in pair {
            guard let step = indexes.first(where: { $0.name == index }) else {
                throw s.error(
                    "[[index_types]] '\(name)': '\(index)' is not an [[index]]; declared: "
                        + indexes.map(\.name).joined(separator: ", "), line: s.line(of: "indexes"))
            }
            guard let classes = step.index.classes else {
                throw s.error("[[index_types]] '\(name)': [[index]] '\(index)' has no cutoffs", line: s.line(of: "indexes"))
            }
            guard classes.codes.allSatisfy({ (0...9).contains($0) }) else {
                throw s.error(
                    "[[index_types]] '\(name)': the class codes of '\(index)' must be single digits (0–9)",
                    line: s.line(of: "indexes"))
            }
        }
        return IndexTypesStep(
            name: name, first: pair[0], second: pair[1], label: try s.string("label") ?? "{first} / {second}",
            line: s.line)
    }

    /// The layer with `<name>_type` and `<name>_name` appended.
    package func apply(to layer: FeatureLayer) throws -> FeatureLayer {
        let names = layer.fields.map(\.name)
        func column(_ field: String) throws -> Int {
            guard let i = names.firstIndex(of: field) else {
                throw QuartierError.user("[[index_types]] '\(name)' (line \(line)): the areas have no field '\(field)'")
            }
            return i
        }
        let columns = try [first, second].map { (code: try column("\($0)_class"), name: try column("\($0)_class_name")) }
        var out = layer
        out.fields += [
            FieldDefinition(name: "\(name)_type", type: .integer), FieldDefinition(name: "\(name)_name", type: .string),
        ]
        for i in out.features.indices {
            let a = out.features[i].attributes
            if case .integer(let c1) = a[columns[0].code], case .integer(let c2) = a[columns[1].code],
                case .string(let n1) = a[columns[0].name], case .string(let n2) = a[columns[1].name]
            {
                let text = label.replacingOccurrences(of: "{first}", with: n1).replacingOccurrences(of: "{second}", with: n2)
                out.features[i].attributes += [.integer(c1 * 10 + c2), .string(text)]
            } else {
                out.features[i].attributes += [.missing(.undefined), .missing(.undefined)]
            }
        }
        return out
    }
}
