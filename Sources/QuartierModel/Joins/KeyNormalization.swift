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

    /// The zero padding accepted: official keys have at most 12 digits (ARS); a wider pad is a typo and
    /// would build a key of that length for every row (`--zero-pad 10000000` took 97 s and 1.7 GB).
    package static let zeroPadRange = 1...32

    /// Why `zeroPad` cannot be used, or nil when it can.
    package var zeroPadProblem: String? {
        guard let zeroPad, !KeyNormalization.zeroPadRange.contains(zeroPad) else { return nil }
        return "zero_pad (--zero-pad) is \(zeroPad); it must be between \(KeyNormalization.zeroPadRange.lowerBound) "
            + "and \(KeyNormalization.zeroPadRange.upperBound), the width of the keys (AGS 8, ARS 12, PLR 8)"
    }

    package init(trim: Bool = true, zeroPad: Int? = nil, letterCase: LetterCase = .keep) {
        self.trim = trim
        self.zeroPad = zeroPad
        self.letterCase = letterCase
    }

    /// The normalised key of a value; nil for a missing value or an empty key.
    package func key(_ value: AttributeValue) -> String? {
        guard var text = value.keyText else { return nil }
        if trim { text = KeyNormalization.trimmed(text) }
        if let width = zeroPad, text.utf8.count < width, text.isAllASCIIDigits {
            text = String(repeating: "0", count: width - text.utf8.count) + text
        }
        switch letterCase {
        case .keep: break
        case .upper: text = text.uppercased()
        case .lower: text = text.lowercased()
        }
        return text.isEmpty ? nil : text
    }

    /// Trims spaces, tabs and no-break spaces; returns the string itself when there is nothing to trim
    /// (the common case, checked on the UTF-8 bytes without Foundation).
    static func trimmed(_ text: String) -> String {
        let bytes = text.utf8
        guard let first = bytes.first, let last = bytes.last else { return text }
        let plain: (UInt8) -> Bool = { $0 != 32 && $0 != 9 && $0 < 0x80 }
        if plain(first) && plain(last) { return text }
        return text.trimmingCharacters(in: .whitespaces)
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

extension String {
    /// True when the string is non-empty and made only of the digits 0–9.
    var isAllASCIIDigits: Bool { !isEmpty && utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }
}
