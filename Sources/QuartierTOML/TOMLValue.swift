package import QuartierModel
/// A TOML value with the position it was written at, so that every message about an analysis or
/// configuration file can name the line.
package struct TOMLNode: Sendable {
    package indirect enum Value: Sendable {
        case string(String)
        case integer(Int64)
        case float(Double)
        case boolean(Bool)
        /// An offset or local date-time, date or time, kept as written (RFC 3339 text).
        case dateTime(String)
        case array([TOMLNode])
        case table(TOMLTable)
    }

    package var value: Value
    /// 1-based line and column of the value (for tables: of their header or opening brace).
    package var line: Int
    package var column: Int

    package init(_ value: Value, line: Int, column: Int) {
        self.value = value
        self.line = line
        self.column = column
    }

    /// TOML's name of the value's type, for messages.
    package var typeName: String {
        switch value {
        case .string: return "string"
        case .integer: return "integer"
        case .float: return "float"
        case .boolean: return "boolean"
        case .dateTime: return "date-time"
        case .array: return "array"
        case .table: return "table"
        }
    }
}

/// A TOML table whose keys keep their order and the line they were defined on.
package struct TOMLTable: Sendable {
    package struct Entry: Sendable {
        package var key: String
        package var node: TOMLNode
        /// Where the key itself was written.
        package var keyLine: Int
    }

    package private(set) var entries: [Entry] = []
    /// True for tables created implicitly by a dotted key or header (`[a.b]` creates `a`).
    var isImplicit = false
    /// True for tables defined by a header, which a later header may not redefine.
    var isHeaderDefined = false
    /// True for inline tables, which are closed to later additions.
    var isInline = false

    package init() {}

    package var keys: [String] { entries.map(\.key) }

    package subscript(key: String) -> TOMLNode? {
        entries.first { $0.key == key }?.node
    }

    package func entry(_ key: String) -> Entry? {
        entries.first { $0.key == key }
    }

    func index(of key: String) -> Int? {
        entries.firstIndex { $0.key == key }
    }

    mutating func append(_ key: String, _ node: TOMLNode, keyLine: Int) {
        entries.append(Entry(key: key, node: node, keyLine: keyLine))
    }

    mutating func replace(at index: Int, with node: TOMLNode) {
        entries[index].node = node
    }
}

/// A syntax error in a TOML file, with its position.
package struct TOMLSyntaxError: QuartierFailure {
    package var message: String
    package var line: Int
    package var column: Int

    package var description: String { "line \(line), column \(column): \(message)" }
    /// A file that is not valid TOML: bad input.
    package var kind: FailureKind { .badInput }
}
