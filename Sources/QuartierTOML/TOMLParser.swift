/// A TOML 1.0 parser that records the line and column of every key and value.
///
/// Quartier parses its analysis and configuration files itself because every message about them
/// must name the line (unknown keys, wrong types), and TOMLKit 0.6 exposes positions only for
/// syntax errors. Spec: https://toml.io/en/v1.0.0
///
/// The whole of TOML 1.0 is read; nothing is accepted that the specification refuses (checked against the corpus in
/// `Tests/Fixtures/toml/`). Dates and times are validated (`TOMLDateTime`) and kept as the text written, with `T`
/// between date and time; integers are 64-bit, and a float literal beyond the range of a 64-bit float is refused
/// rather than read as infinity. Every refusal names its line and column.
package struct TOMLParser {
    private var text: [Unicode.Scalar]
    private var i = 0
    private var line = 1
    private var lineStart = 0
    private let root = TOMLBuilder(line: 1, column: 1)
    private var current: TOMLBuilder
    /// How deep arrays, inline tables and dotted keys are nested at the current position.
    private var depth = 0

    /// The deepest nesting of arrays, inline tables and dotted key parts accepted: parsing recurses, and a
    /// file nested 20,000 deep would overflow the stack; no analysis file needs more than a handful.
    package static let maximumDepth = 128

    private init(_ source: String) {
        text = Array(source.unicodeScalars)
        current = root
    }

    /// Parses the text of `file`; a syntax error becomes a `ConfigurationError` naming file, line and column.
    package static func parse(_ source: String, file: String) throws -> TOMLTable {
        do {
            return try parse(source)
        } catch let error as TOMLSyntaxError {
            throw ConfigurationError(
                file: file, line: error.line, column: error.column, message: "syntax error: \(error.message)")
        }
    }

    /// Parses a whole document.
    /// - Throws: `TOMLSyntaxError` with the line and column of the first error.
    package static func parse(_ source: String) throws -> TOMLTable {
        var parser = TOMLParser(source)
        if parser.peek == "\u{FEFF}" { parser.i += 1 }
        try parser.document()
        return parser.root.freeze()
    }

    // MARK: scanning

    private var peek: Unicode.Scalar? { i < text.count ? text[i] : nil }
    private func peek(_ offset: Int) -> Unicode.Scalar? { i + offset < text.count ? text[i + offset] : nil }
    private var column: Int { i - lineStart + 1 }

    private func error(_ message: String) -> TOMLSyntaxError {
        TOMLSyntaxError(message: message, line: line, column: column)
    }

    private mutating func advance() {
        if text[i] == "\n" {
            line += 1
            lineStart = i + 1
        }
        i += 1
    }

    private mutating func skipSpaces() {
        while let c = peek, c == " " || c == "\t" { i += 1 }
    }

    private mutating func skipComment() throws {
        guard peek == "#" else { return }
        while let c = peek, c != "\n" {
            if TOMLParser.isControl(c) && !(c == "\r" && peek(1) == "\n") {
                throw error("control character in comment")
            }
            i += 1
        }
    }

    /// The control characters TOML refuses in comments and strings: U+0000…U+001F but tab, and U+007F.
    private static func isControl(_ c: Unicode.Scalar) -> Bool {
        (c.value < 0x20 && c != "\t") || c.value == 0x7F
    }

    /// Skips spaces, comments and newlines (inside arrays, between statements).
    private mutating func skipBlank() throws {
        while true {
            skipSpaces()
            try skipComment()
            if peek == "\r" && peek(1) == "\n" { i += 1 }
            guard peek == "\n" else { return }
            advance()
        }
    }

    private mutating func expectLineEnd() throws {
        skipSpaces()
        try skipComment()
        if peek == "\r" && peek(1) == "\n" { i += 1 }
        guard let c = peek else { return }
        guard c == "\n" else { throw error("expected the end of the line, found '\(c)'") }
        advance()
    }

    private mutating func expect(_ c: Unicode.Scalar) throws {
        guard peek == c else { throw error("expected '\(c)'") }
        advance()
    }

    // MARK: statements

    private mutating func document() throws {
        while true {
            try skipBlank()
            guard let c = peek else { return }
            if c == "[" {
                try header()
            } else {
                try keyValue(into: current)
            }
            try expectLineEnd()
        }
    }

    private mutating func header() throws {
        let headerLine = line
        let headerColumn = column
        i += 1
        let isArray = peek == "["
        if isArray { i += 1 }
        skipSpaces()
        let path = try key()
        skipSpaces()
        try expect("]")
        if isArray { try expect("]") }
        current = try root.openHeader(path, isArray: isArray, line: headerLine, column: headerColumn)
    }

    private mutating func keyValue(into table: TOMLBuilder) throws {
        let keyLine = line
        let keyColumn = column
        let path = try key()
        skipSpaces()
        try expect("=")
        skipSpaces()
        depth += path.count - 1  // a dotted key nests its value as deep as an inline table would
        defer { depth -= path.count - 1 }
        let node = try value()
        try table.assign(path, node, keyLine: keyLine, keyColumn: keyColumn)
    }

    /// A dotted key: `a`, `a.b`, `"quoted key".c`; no part may be empty or a multi-line string.
    private mutating func key() throws -> [String] {
        var parts: [String] = []
        while true {
            skipSpaces()
            switch peek {
            case "\"", "'":
                if peek(1) == peek && peek(2) == peek { throw error("a key cannot be a multi-line string") }
                parts.append(try peek == "\"" ? basicString() : literalString())
            default:
                var bare = ""
                while let c = peek, TOMLParser.isBare(c) {
                    bare.unicodeScalars.append(c)
                    i += 1
                }
                guard !bare.isEmpty else { throw error("expected a key") }
                parts.append(bare)
            }
            skipSpaces()
            if depth + parts.count > TOMLParser.maximumDepth { throw tooDeep() }
            guard peek == "." else { return parts }
            i += 1
        }
    }

    private func tooDeep() -> TOMLSyntaxError {
        error(
            "nesting deeper than \(TOMLParser.maximumDepth) levels (arrays, inline tables and dotted key parts "
                + "together); flatten the structure")
    }

    private static func isBare(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-"
    }

    // MARK: values

    private mutating func value() throws -> TOMLNode {
        let valueLine = line
        let valueColumn = column
        func node(_ v: TOMLNode.Value) -> TOMLNode { TOMLNode(v, line: valueLine, column: valueColumn) }
        switch peek {
        case nil, "\n", "#": throw error("expected a value")
        case "\"": return node(.string(try basicString()))
        case "'": return node(.string(try literalString()))
        case "[", "{":
            guard depth < TOMLParser.maximumDepth else { throw tooDeep() }
            depth += 1
            defer { depth -= 1 }
            return peek == "[" ? node(.array(try array())) : node(.table(try inlineTable()))
        default: return node(try scalar())
        }
    }

    private mutating func array() throws -> [TOMLNode] {
        i += 1
        var items: [TOMLNode] = []
        while true {
            try skipBlank()
            if peek == "]" { i += 1; return items }
            items.append(try value())
            try skipBlank()
            if peek == "," { i += 1; continue }
            guard peek == "]" else { throw error("expected ',' or ']' in array") }
            i += 1
            return items
        }
    }

    private mutating func inlineTable() throws -> TOMLTable {
        let table = TOMLBuilder(line: line, column: column)
        i += 1
        skipSpaces()
        if peek == "}" { i += 1; return table.freeze(inline: true) }
        while true {
            skipSpaces()
            try keyValue(into: table)
            skipSpaces()
            if peek == "," { i += 1; continue }
            guard peek == "}" else { throw error("expected ',' or '}' in inline table") }
            i += 1
            return table.freeze(inline: true)
        }
    }

    private mutating func scalar() throws -> TOMLNode.Value {
        var token = ""
        while let c = peek, TOMLParser.isBare(c) || c == "." || c == ":" || c == "+" {
            token.unicodeScalars.append(c)
            i += 1
        }
        // A date-time may separate date and time with a space: 1979-05-27 07:32:00
        if TOMLScalar.isDate(token), peek == " ", let d = peek(1), ("0"..."9").contains(d) {
            i += 1
            while let c = peek, TOMLParser.isBare(c) || c == "." || c == ":" || c == "+" {
                token.unicodeScalars.append(c)
                i += 1
            }
            token = token.prefix(10) + "T" + token.dropFirst(10)
        }
        guard let value = TOMLScalar.parse(token) else {
            let message =
                if token.isEmpty {
                    "expected a value"
                } else if TOMLScalar.isDate(token) || TOMLScalar.isTime(token) {
                    "'\(token)' is not a valid date or time (RFC 3339 with seconds: 1979-05-27T07:32:00Z, "
                        + "1979-05-27T07:32:00, 1979-05-27, 07:32:00)"
                } else {
                    "'\(token)' is not a valid value (strings need quotes)"
                }
            throw TOMLSyntaxError(message: message, line: line, column: column - token.unicodeScalars.count)
        }
        return value
    }

    // MARK: strings

    private mutating func basicString() throws -> String {
        let multiline = peek(1) == "\"" && peek(2) == "\""
        i += multiline ? 3 : 1
        if multiline { try skipFirstNewline() }
        var result = ""
        while true {
            if try closes("\"", multiline: multiline, into: &result) { return result }
            if peek == "\\" {
                try escape(into: &result, multiline: multiline)
                continue
            }
            try character(into: &result, multiline: multiline)
        }
    }

    /// At the closing quote(s) of a string: consumes them (and up to two quotes of a multi-line string's content
    /// just before them) and returns true. Throws at the end of the text.
    private mutating func closes(_ quote: Unicode.Scalar, multiline: Bool, into result: inout String) throws -> Bool {
        guard let c = peek else { throw error("unterminated string") }
        guard c == quote else { return false }
        if !multiline {
            i += 1
            return true
        }
        guard peek(1) == quote && peek(2) == quote else { return false }
        var quotes = 3
        while peek(quotes) == quote && quotes < 5 { quotes += 1 }
        result += String(repeating: String(quote), count: quotes - 3)
        i += quotes
        return true
    }

    /// Appends one character of a string's content: a newline (LF or CRLF, as LF) only in a multi-line string,
    /// never a control character other than tab.
    private mutating func character(into result: inout String, multiline: Bool) throws {
        guard let c = peek else { throw error("unterminated string") }
        if c == "\n" || (c == "\r" && peek(1) == "\n") {
            guard multiline else { throw error("newline in a single-line string") }
            if c == "\r" { i += 1 }
            result.unicodeScalars.append("\n")
            advance()
            return
        }
        if TOMLParser.isControl(c) { throw error("control character in string") }
        result.unicodeScalars.append(c)
        i += 1
    }

    private mutating func escape(into result: inout String, multiline: Bool) throws {
        i += 1
        guard let e = peek else { throw error("unterminated escape") }
        let simple: [Unicode.Scalar: Unicode.Scalar] = [
            "b": "\u{08}", "t": "\t", "n": "\n", "f": "\u{0C}", "r": "\r", "\"": "\"", "\\": "\\",
        ]
        if let s = simple[e] {
            result.unicodeScalars.append(s)
            i += 1
        } else if e == "u" || e == "U" {
            let length = e == "u" ? 4 : 8
            let digits = String(String.UnicodeScalarView(text[min(i + 1, text.count)..<min(i + 1 + length, text.count)]))
            guard digits.count == length, let code = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(code)
            else { throw error("invalid unicode escape") }
            result.unicodeScalars.append(scalar)
            i += 1 + length
        } else if multiline, e == " " || e == "\t" || e == "\n" || e == "\r" {
            // Line-ending backslash: only whitespace may follow it on its line; trim that, the newline and the
            // whitespace (newlines included) up to the next other character.
            var end = i
            while end < text.count, text[end] == " " || text[end] == "\t" { end += 1 }
            let crlf = end + 1 < text.count && text[end] == "\r" && text[end + 1] == "\n"
            guard end < text.count, text[end] == "\n" || crlf else {
                throw error("invalid escape '\\\(e)': a line-ending backslash must be the last character of its line")
            }
            while let c = peek, c == " " || c == "\t" || c == "\n" || (c == "\r" && peek(1) == "\n") { advance() }
        } else {
            throw error("invalid escape '\\\(e)'")
        }
    }

    private mutating func literalString() throws -> String {
        let multiline = peek(1) == "'" && peek(2) == "'"
        i += multiline ? 3 : 1
        if multiline { try skipFirstNewline() }
        var result = ""
        while true {
            if try closes("'", multiline: multiline, into: &result) { return result }
            try character(into: &result, multiline: multiline)
        }
    }

    private mutating func skipFirstNewline() throws {
        if peek == "\r" && peek(1) == "\n" { i += 1 }
        if peek == "\n" { advance() }
    }
}
