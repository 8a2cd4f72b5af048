import Foundation

/// Normalises place names for joins by name: case, `ß`/`ss`, umlauts (`ä`/`ae`), hyphens, slashes
/// and spaces, and "St."/"Sankt". "Sankt-Georg" and "St. Georg", "Schöneberg" and "Schoeneberg"
/// become the same key. Join by key where a key exists; names are ambiguous (Berlin has two
/// Planungsräume named "Schloßstraße").
package enum NameNormalizer {
    package static func key(_ name: String) -> String {
        var text = name.lowercased()
        let replacements: [(String, String)] = [
            ("ß", "ss"), ("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("é", "e"), ("è", "e"), ("á", "a"), ("à", "a"),
        ]
        for (from, to) in replacements { text = text.replacingOccurrences(of: from, with: to) }
        // Separators: hyphens (any dash), slashes, dots, commas, apostrophes and runs of spaces become one space.
        var words: [String] = []
        var current = ""
        for character in text {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else {
                if !current.isEmpty { words.append(current) }
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        words = words.map { $0 == "st" ? "sankt" : $0 }
        return words.joined(separator: " ")
    }
}
