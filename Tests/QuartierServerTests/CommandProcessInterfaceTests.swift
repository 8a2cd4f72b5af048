import Foundation
import QuartierServer
import QuartierService
import Testing

/// A command's process is made from its declaration (`CommandInterface`): the process's inputs are exactly the
/// declared process fields, in order, each with the JSON Schema, requirement and description the declaration gives.
@Suite("CommandProcessInterface")
struct CommandProcessInterfaceTests {
    @Test(arguments: ProcessCatalog.standard.processes.map(\.id))
    func processInputsAreTheDeclaredFields(_ id: String) throws {
        let process = try #require(ProcessCatalog.standard.process(id))
        let interface = try #require(CommandInterface.all.first { $0.name == id }, "\(id) has no declaration")
        #expect(process.title == interface.processTitle)
        #expect(process.description == interface.processText)
        let declared = interface.processInputs
        #expect(process.inputs.map(\.name) == declared.map(\.name))
        for (input, field) in zip(process.inputs, declared) {
            #expect(input.required == field.required, "\(id) \(field.name): required")
            #expect(input.description == field.help, "\(id) \(field.name): description")
            #expect(input.schema == ProcessInput(field).schema, "\(id) \(field.name): schema")
        }
    }

    /// The schemas the clients rely on, written out (so a change of the declaration shows here).
    @Test func theSchemasOfTheDeclaredDefaultsAreJSON() throws {
        let tiles = try #require(ProcessCatalog.standard.process("tiles"))
        let schemas = Dictionary(uniqueKeysWithValues: tiles.inputs.map { ($0.name, $0.schema) })
        #expect(schemas["maxzoom"] == ["type": "integer", "default": 14])
        #expect(
            schemas["out"] == [
                "type": "string", "pattern": #"^[A-Za-z0-9_][A-Za-z0-9_.-]*(\.pmtiles)$"#, "default": "tiles.pmtiles",
            ])
        #expect(schemas["simplify"] == nil, "simplify is a flag of the command line only")
        let join = try #require(ProcessCatalog.standard.process("join"))
        #expect(
            join.inputs.first { $0.name == "duplicates" }?.schema
                == ["type": "string", "enum": ["error", "first", "sum"], "default": "error"])
    }
}
