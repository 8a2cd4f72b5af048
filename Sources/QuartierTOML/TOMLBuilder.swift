import Foundation

/// The mutable tree a `TOMLParser` fills; frozen into `TOMLTable` values when parsing ends. Enforces
/// TOML's rules on redefinition: no duplicate keys, no table defined twice, no extending inline tables.
final class TOMLBuilder {
    enum Item {
        case leaf(TOMLNode)
        case table(TOMLBuilder)
        case tableArray([TOMLBuilder])
    }

    private var order: [String] = []
    private var items: [String: (item: Item, keyLine: Int)] = [:]
    let line: Int
    let column: Int
    private var headerDefined = false
    private var dottedDefined = false
    private var implicit = true

    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    private func set(_ key: String, _ item: Item, keyLine: Int) {
        if items[key] == nil { order.append(key) }
        items[key] = (item, keyLine)
    }

    /// The table a `[path]` or `[[path]]` header opens.
    func openHeader(_ path: [String], isArray: Bool, line: Int, column: Int) throws -> TOMLBuilder {
        func fail(_ message: String) -> TOMLSyntaxError { TOMLSyntaxError(message: message, line: line, column: column) }
        var table = self
        for (depth, key) in path.enumerated() {
            var name: String { path[...depth].joined(separator: ".") }  // only for messages: linear in the path
            let isLast = depth == path.count - 1
            switch table.items[key]?.item {
            case nil:
                let child = TOMLBuilder(line: line, column: column)
                if isLast {
                    child.implicit = false
                    child.headerDefined = !isArray
                    table.set(key, isArray ? .tableArray([child]) : .table(child), keyLine: line)
                } else {
                    table.set(key, .table(child), keyLine: line)
                }
                table = child
            case .table(let child):
                if isLast {
                    if isArray { throw fail("'\(name)' is a table, not an array of tables") }
                    if child.headerDefined || child.dottedDefined || !child.implicit {
                        throw fail("table [\(name)] is defined twice (first on line \(child.line))")
                    }
                    child.headerDefined = true
                    child.implicit = false
                }
                table = child
            case .tableArray(let members):
                if isLast {
                    guard isArray else { throw fail("'\(name)' is an array of tables, write [[\(name)]]") }
                    let child = TOMLBuilder(line: line, column: column)
                    child.implicit = false
                    table.set(key, .tableArray(members + [child]), keyLine: table.items[key]?.keyLine ?? line)
                    table = child
                } else if let last = members.last {
                    table = last
                }
            case .leaf(let node):
                throw fail("'\(name)' is already a value (line \(node.line)), it cannot also be a table")
            }
        }
        return table
    }

    /// Assigns `path = node` in this table, creating tables for dotted keys.
    func assign(_ path: [String], _ node: TOMLNode, keyLine: Int, keyColumn: Int) throws {
        func fail(_ message: String) -> TOMLSyntaxError {
            TOMLSyntaxError(message: message, line: keyLine, column: keyColumn)
        }
        var table = self
        for (depth, key) in path.enumerated() {
            var name: String { path[...depth].joined(separator: ".") }  // only for messages: linear in the path
            if depth == path.count - 1 {
                if let existing = table.items[key] {
                    throw fail("key '\(name)' is defined twice (first on line \(existing.keyLine))")
                }
                table.set(key, .leaf(node), keyLine: keyLine)
                return
            }
            switch table.items[key]?.item {
            case nil:
                let child = TOMLBuilder(line: keyLine, column: keyColumn)
                child.dottedDefined = true
                child.implicit = false
                table.set(key, .table(child), keyLine: keyLine)
                table = child
            case .table(let child) where child.dottedDefined:
                table = child
            case .table, .tableArray:
                throw fail("dotted key '\(name)' extends a table defined elsewhere")
            case .leaf(let existing):
                throw fail("'\(name)' is already a value (line \(existing.line))")
            }
        }
    }

    func freeze(inline: Bool = false) -> TOMLTable {
        var table = TOMLTable()
        table.isInline = inline
        table.isHeaderDefined = headerDefined
        table.isImplicit = implicit
        for key in order {
            guard let (item, keyLine) = items[key] else { continue }
            switch item {
            case .leaf(let node):
                table.append(key, node, keyLine: keyLine)
            case .table(let child):
                table.append(key, TOMLNode(.table(child.freeze()), line: child.line, column: child.column), keyLine: keyLine)
            case .tableArray(let members):
                let nodes = members.map { TOMLNode(.table($0.freeze()), line: $0.line, column: $0.column) }
                table.append(key, TOMLNode(.array(nodes), line: keyLine, column: 1), keyLine: keyLine)
            }
        }
        return table
    }
}
