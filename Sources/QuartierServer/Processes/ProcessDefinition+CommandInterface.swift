import Foundation
package import QuartierService

/// The processes of the CLI commands are made from the commands' declarations (`CommandInterface`, in
/// QuartierService): id, title, description and every input with its JSON Schema come from there, so a flag, its
/// process input and the docs' table cannot drift apart. Only the outputs and the function that runs the job are
/// written here.
extension ProcessDefinition {
    /// The process of a declared command: its id is the command's name.
    package init(
        _ interface: CommandInterface, outputs: [ProcessOutput], publishesResults: Bool = false,
        run: @escaping @Sendable (ProcessInputs, JobContext) throws -> Void
    ) {
        self.init(
            id: interface.name, title: interface.processTitle ?? interface.name, description: interface.processText,
            inputs: interface.processInputs.map(ProcessInput.init), outputs: outputs,
            publishesResults: publishesResults,
            run: run)
    }
}

extension ProcessInput {
    /// The input of a declared field (as `CommandField.asProcessInput` gives it).
    package init(_ field: CommandField) {
        self.init(
            field.name, field.kind, required: field.required, default: field.defaultValue.map(JSONValue.init),
            field.help)
    }
}

extension JSONValue {
    /// A declared default as JSON (whole numbers are JSON numbers).
    init(_ value: CommandField.Value) {
        switch value {
        case .string(let text): self = .string(text)
        case .integer(let n): self = .number(Double(n))
        case .number(let x): self = .number(x)
        case .bool(let b): self = .bool(b)
        }
    }
}
