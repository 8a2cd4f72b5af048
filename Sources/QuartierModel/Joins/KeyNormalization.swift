import Foundation

/// How keys are made comparable before a join. Keys are always text: `01100101` and `1100101` differ
/// unless `zeroPad` says the keys have a fixed width (PLR 8, AGS 8, ARS 12).
package struct KeyNormalization: Sendable, Hashable, Codable {
    package enum LetterCase: String, Sendable, Hashable, Codable {
        case keep, upper, lower
    }

    /// Remove leading and trailing white space.
    package var trim: Bool
    /// Left-pad keys made only of digits with zeros to this width (keys that lost their leading zeros).
    package var zeroPad: Int?
    package var letterCase: LetterCase

    package init(trim: Bool = true, zeroPad: Int? = nil, letterCase: LetterCase = .keep) {
        self.trim = trim
        self.zeroPad = zeroPad
        self.letterCase = letterCase
    }

    /// The normalised key of a value; nil for a missing value or an empty key.
    package func key(_ value: AttributeValue) -> String? {
        guard var text = value.keyText else { return nil }
        if trim { text = text.trimmingCharacters(in: .whitespaces) }
        if let width = zeroPad, text.count < width, !text.isEmpty, text.allSatisfy(\.isASCIIDigit) {
            text = String(repeating: "0", count: width - text.count) + text
        }
        switch letterCase {
        case .keep: break
        case .upper: text = text.uppercased()
        case .lower: text = text.lowercased()
        }
        return text.isEmpty ? nil : text
    }
}

extension AttributeValue {
    /// The value as key text: integers without a decimal point, reals that are whole numbers too
    /// (a spreadsheet may store 1100101 as 1100101.0).
    package var keyText: String? {
        switch self {
        case .real(let d) where d.rounded() == d && abs(d) < 1e15: return String(Int64(d))
        default: return stringValue
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
