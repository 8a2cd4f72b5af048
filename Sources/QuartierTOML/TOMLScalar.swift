/// Parses TOML's bare scalars: booleans, integers, floats, dates and times, each by the grammar of TOML 1.0
/// (https://toml.io/en/v1.0.0#integer). Whatever the grammar does not allow is nil, never a nearby value: the
/// parser then reports the token with its line and column.
enum TOMLScalar {
    /// Whether `token` has the shape of a date (`YYYY-MM-DD…`); `TOMLDateTime` decides whether it is one.
    static func isDate(_ token: String) -> Bool {
        let s = Array(token.utf8)
        guard s.count >= 10 else { return false }
        let digits = [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { s[$0] >= 48 && s[$0] <= 57 }
        return digits && s[4] == 45 && s[7] == 45
    }

    /// Whether `token` has the shape of a time (`HH:MM:SS…`).
    static func isTime(_ token: String) -> Bool {
        let s = Array(token.utf8)
        return s.count >= 8 && s[2] == 58 && s[5] == 58
    }

    static func parse(_ token: String) -> TOMLNode.Value? {
        switch token {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        if isDate(token) || isTime(token) { return TOMLDateTime.kind(of: token) == nil ? nil : .dateTime(token) }
        let radixes: [(prefix: String, radix: Int)] = [("0x", 16), ("0o", 8), ("0b", 2)]
        if let (prefix, radix) = radixes.first(where: { token.hasPrefix($0.prefix) }) {
            // No sign, at least one digit of the radix, underscores only between digits.
            let digits = token.dropFirst(prefix.count)
            guard underscoresBetweenDigits(Array(digits), radix: radix),
                digits.allSatisfy({ $0 == "_" || Int(String($0), radix: radix) != nil })
            else { return nil }
            return Int64(digits.filter { $0 != "_" }, radix: radix).map { .integer($0) }
        }
        guard underscoresBetweenDigits(Array(token), radix: 10) else { return nil }
        let clean = token.filter { $0 != "_" }
        let unsigned = clean.hasPrefix("+") || clean.hasPrefix("-") ? clean.dropFirst() : Substring(clean)
        guard let kind = decimalKind(Array(unsigned.utf8)) else { return nil }
        if kind == .integer { return Int64(clean).map { .integer($0) } }
        // A literal beyond the range of a 64-bit float is refused rather than read as infinity.
        guard let value = Double(clean), value.isFinite else { return nil }
        return .float(value)
    }

    /// Whether every underscore of `s` stands between two digits of `radix`.
    private static func underscoresBetweenDigits(_ s: [Character], radix: Int) -> Bool {
        func isDigit(_ index: Int) -> Bool {
            index >= 0 && index < s.count && s[index] != "_" && Int(String(s[index]), radix: radix) != nil
        }
        return s.indices.allSatisfy { s[$0] != "_" || (isDigit($0 - 1) && isDigit($0 + 1)) }
    }

    private enum DecimalKind { case integer, float }

    /// Matches an unsigned decimal integer (`0` or no leading zero) or float (that integer part, then a fraction
    /// `.digits`, an exponent `e[+-]digits`, or both); nil for anything else.
    private static func decimalKind(_ s: [UInt8]) -> DecimalKind? {
        var i = 0
        func digits() -> Int {
            let start = i
            while i < s.count, s[i] >= UInt8(ascii: "0"), s[i] <= UInt8(ascii: "9") { i += 1 }
            return i - start
        }
        let integerDigits = digits()
        guard integerDigits > 0, integerDigits == 1 || s[0] != UInt8(ascii: "0") else { return nil }
        var kind = DecimalKind.integer
        if i < s.count, s[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { return nil }
            kind = .float
        }
        if i < s.count, s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E") {
            i += 1
            if i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return nil }
            kind = .float
        }
        return i == s.count ? kind : nil
    }
}
