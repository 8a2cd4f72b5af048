import Foundation

/// A command's inputs, declared once (`CommandInterface.join`, `.hotspots`, …): the command line's flags take their
/// help, value names and defaults from it, the server's process its JSON Schema inputs and description, and
/// `docs/commands.md` its flag table. Tests compare the three with this declaration (the built executable's
/// `--experimental-dump-help`, `ProcessCatalog.standard`, the docs file).
package struct CommandInterface: Sendable {
    /// The command's name, also the process's id when it has one (`join`).
    package var name: String
    /// One line for `quartier --help` and the process's description (prefixed `quartier <name>:`).
    package var abstract: String
    /// The process's title; nil when the command is not offered as a process.
    package var processTitle: String?
    /// The process's description, when it is not `quartier <name>: <abstract>`.
    package var processDescription: String?
    package var fields: [CommandField]

    package init(
        _ name: String, abstract: String, processTitle: String? = nil, processDescription: String? = nil,
        fields: [CommandField]
    ) {
        self.name = name
        self.abstract = abstract
        self.processTitle = processTitle
        self.processDescription = processDescription
        self.fields = fields
    }

    /// The field named `name`. The names passed are literals of our own declarations, so a missing one is a
    /// programming error caught by the first test that builds the command.
    package func field(_ name: String) -> CommandField {
        guard let field = fields.first(where: { $0.name == name }) else {
            preconditionFailure("command '\(self.name)' declares no field '\(name)'")
        }
        return field
    }

    /// The flags and arguments of the command line, in order.
    package var cliFields: [CommandField] { fields.filter { $0.surfaces.contains(.cli) } }

    /// The process's inputs, in order, as the process declares them.
    package var processInputs: [CommandField] { fields.filter { $0.surfaces.contains(.process) }.map(\.asProcessInput) }

    /// The process's description.
    package var processText: String { processDescription ?? "quartier \(name): \(abstract)" }

    /// The declaration as the process sees it (its fields' process variants applied), for the process's defaults:
    /// `CommandInterface.join.asProcess.defaultString("out")` is `join.geojson`.
    package var asProcess: CommandInterface {
        var process = self
        process.fields = processInputs
        return process
    }

    // MARK: - What the command line reads

    /// The one-line help of a flag.
    package func help(_ name: String) -> String { field(name).help }

    /// The default of a text flag.
    package func defaultString(_ name: String) -> String {
        guard case .string(let text)? = field(name).defaultValue else {
            preconditionFailure("field '\(name)' of '\(self.name)' has no text default")
        }
        return text
    }

    /// The default of a whole-number flag.
    package func defaultInteger(_ name: String) -> Int {
        guard case .integer(let n)? = field(name).defaultValue else {
            preconditionFailure("field '\(name)' of '\(self.name)' has no integer default")
        }
        return n
    }

    /// The default of a real-number flag.
    package func defaultNumber(_ name: String) -> Double {
        guard case .number(let x)? = field(name).defaultValue else {
            preconditionFailure("field '\(name)' of '\(self.name)' has no number default")
        }
        return x
    }

    /// The default of a flag whose values are the raw values of `T` (`DuplicatePolicy`).
    package func defaultChoice<T: RawRepresentable>(_ name: String, as type: T.Type) -> T where T.RawValue == String {
        guard let value = T(rawValue: defaultString(name)) else {
            preconditionFailure("the default of '\(name)' of '\(self.name)' is not a \(T.self)")
        }
        return value
    }
}
