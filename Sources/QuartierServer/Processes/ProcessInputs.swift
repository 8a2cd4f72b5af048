import Foundation
import QuartierService
#if canImport(CDispatch)
// With UnixSignals (Dispatch) in the target, `struct stat`'s members are attributed to CDispatch's module map.
import CDispatch
package import QuartierService
#endif

/// The inputs of one execution, checked against the process's declared inputs: no unknown key, every
/// required key present, each value of its declared type, file inputs resolved inside the data folder.
package struct ProcessInputs: Sendable {
    private var values: [String: JSONValue]
    private var files: [String: String]
    /// The data folder the file inputs were resolved in (for files an analysis file names).
    package let dataFolder: DataFolder
    /// The size of the file inputs together, in bytes (decides between synchronous and asynchronous runs).
    package let fileBytes: Int

    /// Checks `inputs` against `process`.
    /// - Throws: `InputError` naming the input and what is wrong.
    package init(_ inputs: [String: JSONValue], for process: ProcessDefinition, dataFolder: DataFolder) throws {
        let declared = Dictionary(uniqueKeysWithValues: process.inputs.map { ($0.name, $0) })
        for key in inputs.keys.sorted() where declared[key] == nil {
            let allowed = process.inputs.map(\.name).joined(separator: ", ")
            throw InputError("unknown input '\(key)' for process '\(process.id)'; its inputs are: \(allowed)")
        }
        var files: [String: String] = [:]
        var bytes = 0
        for input in process.inputs {
            guard let value = inputs[input.name], value != .null else {
                if input.required { throw InputError("input '\(input.name)' is required by process '\(process.id)'") }
                continue
            }
            try ProcessInputs.check(value, input)
            if input.kind == .file, case .string(let relative) = value {
                let path = try dataFolder.resolve(relative, input: input.name)
                files[input.name] = path
                bytes += ProcessInputs.size(of: path)
            }
        }
        self.values = inputs
        self.files = files
        self.dataFolder = dataFolder
        self.fileBytes = bytes
    }

    private static func check(_ value: JSONValue, _ input: ProcessInput) throws {
        func wrong(_ expected: String) -> InputError {
            InputError("input '\(input.name)' must be \(expected), not a \(value.typeName)")
        }
        switch (input.kind, value) {
        case (.string, .string), (.file, .string), (.number, .number), (.boolean, .bool): return
        case (.integer, .number(let n)):
            guard n.rounded() == n, abs(n) < 1e15 else { throw wrong("an integer") }
        case (.choice(let words), .string(let word)):
            guard words.contains(word) else {
                throw InputError("input '\(input.name)' is '\(word)'; use one of: \(words.joined(separator: ", "))")
            }
        case (.strings, .array(let items)):
            guard items.allSatisfy({ if case .string = $0 { true } else { false } }) else {
                throw wrong("an array of strings")
            }
        case (.outputName(let extensions), .string(let name)):
            let plain = name.range(of: "^[A-Za-z0-9_][A-Za-z0-9_.-]*$", options: .regularExpression) != nil
            guard plain, !name.contains(".."), extensions.contains(where: { name.lowercased().hasSuffix($0) }) else {
                throw InputError(
                    "input '\(input.name)' is '\(name)': name a file (letters, digits, '_', '-', '.'; no folders) ending in "
                        + extensions.joined(separator: " or "))
            }
        case (.string, _), (.choice, _), (.file, _), (.outputName, _): throw wrong("a string")
        case (.integer, _): throw wrong("an integer")
        case (.number, _): throw wrong("a number")
        case (.boolean, _): throw wrong("a boolean")
        case (.strings, _): throw wrong("an array of strings")
        }
    }

    private static func size(of path: String) -> Int {
        // Follows symbolic links (as stat(2) does); folders count as 0.
        let resolved = (path as NSString).resolvingSymlinksInPath
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: resolved),
            attributes[.type] as? FileAttributeType != .typeDirectory
        else { return 0 }
        return (attributes[.size] as? NSNumber)?.intValue ?? 0
    }

    // MARK: Typed access (values were checked in `init`)

    package func string(_ name: String) -> String? {
        if case .string(let s) = values[name] { return s }
        return nil
    }

    /// A file input as an absolute path inside the data folder.
    package func file(_ name: String) -> String? { files[name] }

    package func integer(_ name: String) -> Int? {
        if case .number(let n) = values[name] { return Int(n) }
        return nil
    }

    package func number(_ name: String) -> Double? {
        if case .number(let n) = values[name] { return n }
        return nil
    }

    package func bool(_ name: String) -> Bool? {
        if case .bool(let b) = values[name] { return b }
        return nil
    }

    package func strings(_ name: String) -> [String] {
        guard case .array(let items) = values[name] else { return [] }
        return items.compactMap { if case .string(let s) = $0 { s } else { nil } }
    }

    /// A required value, for inputs the definition declares required (checked in `init`).
    package func required<T>(_ value: T?, _ name: String) throws -> T {
        guard let value else { throw InputError("input '\(name)' is required") }
        return value
    }
}
