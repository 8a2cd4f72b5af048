import Foundation
package import Logging
package import QuartierService

/// One process of the OGC API – Processes interface: a CLI command made executable over HTTP. A process is
/// one registration — id (the command's name), description, inputs (the command's long flags), outputs and a
/// function that runs it — so a new command plugs in by adding one value to `ProcessCatalog`.
package struct ProcessDefinition: Sendable {
    package var id: String
    package var title: String
    package var description: String
    package var inputs: [ProcessInput]
    package var outputs: [ProcessOutput]
    /// Whether its results are fit for the public (the `publish` step, which suppresses small numbers): the
    /// results of its jobs can then be read without the token, like those of published analyses.
    package var publishesResults: Bool
    /// Runs the job: reads checked inputs, writes its files into `context.folder`, returns nothing;
    /// throws `QuartierError.user` / `InputError` for bad input. Called on a worker thread (it may block).
    package var run: @Sendable (ProcessInputs, JobContext) throws -> Void

    package init(
        id: String, title: String, description: String, inputs: [ProcessInput], outputs: [ProcessOutput],
        publishesResults: Bool = false, run: @escaping @Sendable (ProcessInputs, JobContext) throws -> Void
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.inputs = inputs
        self.outputs = outputs
        self.publishesResults = publishesResults
        self.run = run
    }
}

/// What a running job may use: its output folder and a logger.
package struct JobContext: Sendable {
    /// The folder the job writes into (temporary until the job succeeds).
    package var folder: String
    package var logger: Logger
    /// The server's observation store, which `[[observations]] store = true` reads (issue 22).
    package var observationStore: String? = nil

    package func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
}

/// One input of a process: its key is the CLI command's long flag without the leading dashes.
package struct ProcessInput: Sendable {
    /// The value's kind, as the command declares it (`CommandField.Kind`: string, choice, integer, number, boolean,
    /// strings, file, output name).
    package typealias Kind = CommandField.Kind

    package var name: String
    package var kind: Kind
    package var required: Bool
    package var description: String
    /// The default the command uses, shown in the schema.
    package var defaultValue: JSONValue?

    package init(_ name: String, _ kind: Kind, required: Bool = false, default defaultValue: JSONValue? = nil, _ description: String) {
        self.name = name
        self.kind = kind
        self.required = required
        self.description = description
        self.defaultValue = defaultValue
    }

    /// The JSON Schema (2020-12 subset, as OGC API – Processes uses it) of the input's value.
    package var schema: JSONValue {
        var schema: [String: JSONValue]
        switch kind {
        case .string: schema = ["type": .string("string")]
        case .choice(let words): schema = ["type": .string("string"), "enum": .array(words.map(JSONValue.string))]
        case .integer: schema = ["type": .string("integer")]
        case .number: schema = ["type": .string("number")]
        case .boolean: schema = ["type": .string("boolean")]
        case .strings: schema = ["type": .string("array"), "items": .object(["type": .string("string")])]
        case .file:
            schema = [
                "type": .string("string"), "format": .string("uri-reference"),
                "pattern": .string(#"^(?!/)(?!.*(^|/)\.\.(/|$))[^%\\:]+$"#),
            ]
        case .outputName(let extensions):
            let alternatives = extensions.map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: "|")
            schema = ["type": .string("string"), "pattern": .string("^[A-Za-z0-9_][A-Za-z0-9_.-]*(\(alternatives))$")]
        }
        if let defaultValue { schema["default"] = defaultValue }
        return .object(schema)
    }
}

/// One output of a process: a file in the job's folder.
package struct ProcessOutput: Sendable {
    package var name: String
    package var description: String
    package var mediaType: String

    package init(_ name: String, mediaType: String, _ description: String) {
        self.name = name
        self.mediaType = mediaType
        self.description = description
    }
}
