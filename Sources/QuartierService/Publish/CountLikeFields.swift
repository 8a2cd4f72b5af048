import Foundation
import QuartierModel

/// Fields of a public output that look like counts of persons and are not protected: what `[publish]` refuses to
/// publish unless the suppression rule names them (`counts`, `population`, `not_sensitive`) or they derive from a
/// field it protects (then they are suppressed with it).
///
/// A field looks like a count of persons when every value it has is a whole number ≥ 0 (an integer field, or a
/// real one holding whole numbers) and either its name says persons — split at `_`, `-`, case changes and digits,
/// a part such as `einwohner`, `ew`, `inhabitants`, `residents`, `population`, `kinder`, `children`, `schueler`,
/// `pupils`, `personen`, `persons`, `age`, `alter`, `unter` / `under` with an age — or the indicator catalogue gives
/// it a unit of persons (`Personen`, `Kinder`, `Einwohner`, `persons`, …).
enum CountLikeFields {
    /// One field found, and why.
    struct Finding: Equatable {
        var field: String
        var reason: String
    }

    /// Name parts that say persons (lower case, umlauts folded).
    static let personWords: Set<String> = [
        "einwohner", "einwohnerinnen", "ew", "inhabitants", "inhabitant", "residents", "resident", "population",
        "pop", "bevoelkerung", "bevolkerung", "kinder", "kind", "children", "child", "jugendliche", "youth",
        "schueler", "schuler", "schuelerinnen", "pupils", "students", "studierende", "personen", "persons", "people",
        "age", "alter", "unter", "under", "ueber", "frauen", "maenner", "women", "men", "haushalte",
        "households", "arbeitslose", "unemployed", "empfaenger", "recipients", "teilnehmende", "participants",
    ]

    /// Units of the catalogue that say persons.
    static let personUnits: Set<String> = [
        "personen", "person", "persons", "people", "kinder", "children", "einwohner", "einwohnerinnen und einwohner",
        "schueler", "schülerinnen und schüler", "schüler", "pupils", "haushalte", "households",
    ]

    /// The undeclared count-like fields among `fields` (nil: all) of `layer`, in layer order.
    /// - Parameter units: the catalogue unit of the fields that have an indicator entry.
    static func undeclared(
        in layer: FeatureLayer, fields: [String]?, key: String, rule: SuppressionRule,
        derivations: [String: [String]], units: [String: String]
    ) -> [Finding] {
        let protected = rule.closure(
            of: Set(rule.counts + [rule.population].compactMap { $0 }), derivations: derivations)
        let declared = protected.union(rule.notSensitive).union([key])
        let wanted = fields.map(Set.init)
        var findings: [Finding] = []
        for (column, definition) in layer.fields.enumerated() {
            let name = definition.name
            guard wanted?.contains(name) ?? true, !declared.contains(name) else { continue }
            guard definition.type == .integer || definition.type == .real, wholeNumbers(layer, column) else {
                continue
            }
            if let word = parts(of: name).first(where: personWords.contains) {
                findings.append(Finding(field: name, reason: "whole numbers, and its name says '\(word)'"))
            } else if let unit = units[name], personUnits.contains(unit.lowercased()) {
                findings.append(Finding(field: name, reason: "whole numbers, and the catalogue's unit is '\(unit)'"))
            }
        }
        return findings
    }

    /// Whether the column has at least one value and every value is a whole number ≥ 0.
    static func wholeNumbers(_ layer: FeatureLayer, _ column: Int) -> Bool {
        var any = false
        for feature in layer.features where column < feature.attributes.count {
            switch feature.attributes[column] {
            case .integer(let n):
                guard n >= 0 else { return false }
                any = true
            case .real(let x):
                guard x >= 0, x == x.rounded(), x.isFinite else { return false }
                any = true
            case .missing: continue
            default: return false
            }
        }
        return any
    }

    /// The name's parts: split at `_`, `-`, spaces, lower-to-upper case changes and between letters and digits;
    /// lower case with umlauts folded (`Kinder_unter6` → kinder, unter, 6).
    static func parts(of name: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var previous: Character?
        for character in name {
            let boundary =
                character == "_" || character == "-" || character == " " || character == "."
                || (previous.map { $0.isLowercase && character.isUppercase } ?? false)
                || (previous.map { $0.isLetter != character.isLetter } ?? false)
            if boundary, !current.isEmpty {
                parts.append(current)
                current = ""
            }
            if character.isLetter || character.isNumber { current.append(character) }
            previous = character
        }
        if !current.isEmpty { parts.append(current) }
        // Lower case with umlauts folded, as names are compared in joins.
        return parts.map(NameNormalizer.key)
    }
}
