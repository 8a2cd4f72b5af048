package import QuartierModel
/// Reads one table of a TOML file against a schema: typed getters that name the key, line and expected
/// type on error, and `finish()`, which rejects every key that was not read (an unknown key).
package struct TOMLSection {
    package let table: TOMLTable
    /// The dotted path of the table in the file, e.g. `inputs.planungsraeume` ("" for the root).
    package let path: String
    /// The file, for messages.
    package let file: String
    /// Line of the table's header, for messages about missing keys.
    package let line: Int
    private var read: Set<String> = []

    package init(_ table: TOMLTable, path: String, file: String, line: Int) {
        self.table = table
        self.path = path
        self.file = file
        self.line = line
    }

    private func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    package func error(_ message: String, line: Int, column: Int = 0) -> ConfigurationError {
        ConfigurationError(file: file, line: line, column: column, message: message)
    }

    mutating func node(_ key: String, required: Bool) throws -> TOMLNode? {
        read.insert(key)
        guard let node = table[key] else {
            if required {
                let header = path.isEmpty ? "at the top level" : "in [\(path)] (line \(line))"
                throw error("the key '\(key)' is required \(header)", line: line)
            }
            return nil
        }
        return node
    }

    func typeError(_ key: String, _ node: TOMLNode, expected: String) -> ConfigurationError {
        error("'\(name(key))' must be \(expected), not a \(node.typeName)", line: node.line, column: node.column)
    }

    package mutating func string(_ key: String) throws -> String? {
        guard let node = try node(key, required: false) else { return nil }
        guard case .string(let s) = node.value else { throw typeError(key, node, expected: "a string") }
        return s
    }

    package mutating func requiredString(_ key: String) throws -> String {
        _ = try node(key, required: true)
        return try string(key) ?? ""
    }

    package mutating func integer(_ key: String) throws -> Int? {
        guard let node = try node(key, required: false) else { return nil }
        guard case .integer(let v) = node.value else { throw typeError(key, node, expected: "an integer") }
        return Int(v)
    }

    package mutating func double(_ key: String) throws -> Double? {
        guard let node = try node(key, required: false) else { return nil }
        switch node.value {
        case .integer(let v): return Double(v)
        case .float(let v): return v
        default: throw typeError(key, node, expected: "a number")
        }
    }

    package mutating func bool(_ key: String) throws -> Bool? {
        guard let node = try node(key, required: false) else { return nil }
        guard case .boolean(let v) = node.value else { throw typeError(key, node, expected: "true or false") }
        return v
    }

    package mutating func stringArray(_ key: String) throws -> [String]? {
        guard let node = try node(key, required: false) else { return nil }
        guard case .array(let items) = node.value else { throw typeError(key, node, expected: "an array of strings") }
        return try items.map { item in
            guard case .string(let s) = item.value else { throw typeError(key, item, expected: "a string") }
            return s
        }
    }

    /// A sub-table, e.g. `[inputs]`, or nil when absent.
    package mutating func section(_ key: String) throws -> TOMLSection? {
        guard let node = try node(key, required: false) else { return nil }
        guard case .table(let t) = node.value else { throw typeError(key, node, expected: "a table") }
        return TOMLSection(t, path: name(key), file: file, line: node.line)
    }

    /// The sub-tables of a table of tables, e.g. every `[inputs.<name>]`, in file order.
    package mutating func namedSections(_ key: String) throws -> [(name: String, section: TOMLSection)] {
        guard var parent = try section(key) else { return [] }
        let result = try parent.table.entries.map { entry in
            guard case .table(let t) = entry.node.value else {
                throw typeError(entry.key, entry.node, expected: "a table [\(parent.path).\(entry.key)]")
            }
            return (entry.key, TOMLSection(t, path: "\(parent.path).\(entry.key)", file: file, line: entry.node.line))
        }
        parent.read = Set(parent.table.keys)
        return result
    }

    /// The tables of an array of tables, e.g. every `[[join]]`, in file order.
    package mutating func sectionArray(_ key: String) throws -> [TOMLSection] {
        guard let node = try node(key, required: false) else { return [] }
        guard case .array(let items) = node.value else { throw typeError(key, node, expected: "an array of tables [[\(key)]]") }
        return try items.enumerated().map { i, item in
            guard case .table(let t) = item.value else { throw typeError(key, item, expected: "a table [[\(key)]]") }
            return TOMLSection(t, path: "\(name(key))[\(i + 1)]", file: file, line: item.line)
        }
    }

    /// An inline table of strings, e.g. `weighted = { S4 = "EW" }`.
    package mutating func stringMap(_ key: String) throws -> [String: String]? {
        guard let node = try node(key, required: false) else { return nil }
        guard case .table(let t) = node.value else { throw typeError(key, node, expected: "a table of strings") }
        return try Dictionary(uniqueKeysWithValues: t.entries.map { entry in
            guard case .string(let v) = entry.node.value else { throw typeError(entry.key, entry.node, expected: "a string") }
            return (entry.key, v)
        })
    }

    /// An inline table of string arrays, e.g. `aliases = { "A und B" = ["A", "B"] }`.
    package mutating func stringListMap(_ key: String, allowingSingle: Bool = false) throws -> [String: [String]]? {
        guard let node = try node(key, required: false) else { return nil }
        guard case .table(let t) = node.value else { throw typeError(key, node, expected: "a table of string arrays") }
        return try Dictionary(uniqueKeysWithValues: t.entries.map { entry in
            if allowingSingle, case .string(let single) = entry.node.value { return (entry.key, [single]) }
            guard case .array(let items) = entry.node.value else {
                throw typeError(entry.key, entry.node, expected: "an array of strings")
            }
            return (entry.key, try items.map { item in
                guard case .string(let v) = item.value else { throw typeError(entry.key, item, expected: "a string") }
                return v
            })
        })
    }

    /// The line a key was written on (for messages about its value), or the table's line.
    package func line(of key: String) -> Int { table.entry(key)?.keyLine ?? line }

    /// Rejects any key that no getter asked for.
    /// - Throws: `ConfigurationError` naming the first unknown key, its line and the keys allowed here.
    package func finish() throws {
        for entry in table.entries where !read.contains(entry.key) {
            let allowed = read.sorted().joined(separator: ", ")
            let place = path.isEmpty ? "at the top level" : "in [\(path)]"
            throw error(
                "unknown key '\(entry.key)' \(place); allowed here: \(allowed.isEmpty ? "none" : allowed)",
                line: entry.keyLine)
        }
    }
}

/// A problem in an analysis or configuration file: file, line, column and what is wrong.
package struct ConfigurationError: QuartierFailure {
    /// A file that says something Quartier cannot do: bad input.
    package var kind: FailureKind { .badInput }

    package var file: String
    package var line: Int
    package var column: Int
    package var message: String

    /// - Parameters:
    ///   - file: the file as the user named it.
    ///   - line: 1-based line; column: 1-based column, 0 when the message is about the whole line.
    package init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    package var description: String {
        let position = column > 0 ? "\(line):\(column)" : "\(line)"
        return "\(file):\(position): \(message)"
    }
}
