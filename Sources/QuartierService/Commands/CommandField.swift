import Foundation

/// One input of a command, declared once: a flag (or positional argument) of the command line, an input of the
/// server's process of the same name, or both. The command line takes its help, value name and default from it
/// (`Sources/quartier`), the process its key, JSON Schema, default and description
/// (`Sources/QuartierServer/Processes`), and `docs/commands.md` its flag table (`CommandInterface.markdownTable`).
package struct CommandField: Sendable, Equatable {
    /// What the value is, for the process's JSON Schema and the docs.
    package enum Kind: Sendable, Equatable {
        case string
        /// One of these words.
        case choice([String])
        case integer
        case number
        /// A flag without a value on the command line (`--fdr`); a JSON boolean in the process.
        case boolean
        /// A repeatable flag (`--sum A --sum B`): a JSON array of strings in the process.
        case strings
        /// A file (any OGR source on the command line; a file in the data folder, by relative path, in the process).
        case file
        /// The name of an output file in the job's folder (process only), ending in one of these extensions.
        case outputName([String])
    }

    /// A default value, as the command line and the JSON Schema show it.
    package enum Value: Sendable, Equatable, CustomStringConvertible {
        case string(String)
        case integer(Int)
        case number(Double)
        case bool(Bool)

        package var description: String {
            switch self {
            case .string(let text): text
            case .integer(let n): String(n)
            case .number(let x): x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
            case .bool(let b): String(b)
            }
        }
    }

    /// Where the field exists.
    package struct Surfaces: OptionSet, Sendable, Equatable {
        package let rawValue: Int
        package init(rawValue: Int) { self.rawValue = rawValue }
        /// A flag or argument of the `quartier` command.
        package static let cli = Surfaces(rawValue: 1)
        /// An input of the server's process.
        package static let process = Surfaces(rawValue: 2)
        package static let both: Surfaces = [.cli, .process]
    }

    /// How the process's input differs from the flag, where it does (files in the data folder, result names in the
    /// job's folder, texts that name other flags).
    package struct ProcessVariant: Sendable, Equatable {
        package var kind: Kind?
        package var required: Bool?
        package var defaultValue: Value?
        package var help: String?

        package init(kind: Kind? = nil, required: Bool? = nil, default defaultValue: Value? = nil, help: String? = nil)
        {
            self.kind = kind
            self.required = required
            self.defaultValue = defaultValue
            self.help = help
        }
    }

    /// The long flag without its dashes (`table-key`), the positional argument's name (`source`), and the process's
    /// input key: the same word everywhere.
    package var name: String
    package var kind: Kind
    package var required: Bool
    package var defaultValue: Value?
    /// One line: the command line's help and the process's description.
    package var help: String
    /// More text for `--help` (ArgumentParser's discussion) and the docs, when one line is not enough.
    package var details: String?
    /// The placeholder in usage lines and docs (`FIELD`, `SRC`); ArgumentParser's own when nil.
    package var valueName: String?
    /// A positional argument on the command line (`quartier tiles SOURCE`), not a flag.
    package var positional: Bool
    package var surfaces: Surfaces
    package var processVariant: ProcessVariant?

    package init(
        _ name: String, _ kind: Kind, required: Bool = false, default defaultValue: Value? = nil,
        valueName: String? = nil,
        positional: Bool = false, on surfaces: Surfaces = .both, process: ProcessVariant? = nil, _ help: String,
        details: String? = nil
    ) {
        self.name = name
        self.kind = kind
        self.required = required
        self.defaultValue = defaultValue
        self.help = help
        self.details = details
        self.valueName = valueName
        self.positional = positional
        self.surfaces = surfaces
        self.processVariant = process
    }

    /// The field as the process declares it: the process variant's kind, requirement, default and text applied.
    package var asProcessInput: CommandField {
        var field = self
        field.kind = processVariant?.kind ?? kind
        field.required = processVariant?.required ?? required
        field.defaultValue = processVariant?.defaultValue ?? defaultValue
        field.help = processVariant?.help ?? help
        field.details = nil
        field.processVariant = nil
        field.surfaces = .process
        return field
    }

    /// How the command line shows it: `--table-key FIELD`, `--fdr`, or `SOURCE`.
    package var usage: String {
        let placeholder = valueName ?? name.uppercased()
        if positional { return placeholder }
        if kind == .boolean { return "--\(name)" }
        return "--\(name) \(placeholder)" + (kind == .strings ? " …" : "")
    }
}
