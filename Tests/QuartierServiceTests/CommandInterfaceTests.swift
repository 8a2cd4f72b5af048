import Foundation
import QuartierService
import QuartierTestSupport
import Testing

/// Each command's inputs are declared once (`CommandInterface`). The built executable's description of its
/// arguments (`quartier <command> --experimental-dump-help`) must show exactly the declared flags with their
/// requirement, default, help and value name, and `docs/commands.md` must hold exactly the rendered flag tables.
/// (The processes' inputs are compared in QuartierServerTests, `CommandProcessInterfaceTests`.)
@Suite("CommandInterface")
struct CommandInterfaceTests {
    /// Arguments every command has from `CommonOptions` and ArgumentParser, not declared per command.
    static let common: Set<String> = ["help", "verbose", "version"]

    @Test(arguments: CommandInterface.all.map(\.name))
    func theCommandLineShowsExactlyTheDeclaredFlags(_ name: String) throws {
        let interface = try #require(CommandInterface.all.first { $0.name == name })
        let dump = try CLI.run(name, "--experimental-dump-help")
        #expect(dump.status == 0, "\(name): \(dump.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any]
        let command = try #require(object?["command"] as? [String: Any])
        #expect(command["abstract"] as? String == interface.abstract)
        let arguments = try #require(command["arguments"] as? [[String: Any]])
        var seen: [String] = []
        for argument in arguments {
            let positional = argument["kind"] as? String == "positional"
            let long = (argument["names"] as? [[String: String]] ?? []).first { $0["kind"] == "long" }?["name"]
            guard let key = positional ? argument["valueName"] as? String : long, !Self.common.contains(key) else {
                continue
            }
            seen.append(key)
            guard let field = interface.cliFields.first(where: { $0.name == key }) else {
                Issue.record("\(name): --\(key) is not declared in CommandInterface.\(name)")
                continue
            }
            #expect(positional == field.positional, "\(name) \(key): positional")
            #expect(argument["abstract"] as? String == field.help, "\(name) \(key): help")
            #expect(argument["discussion"] as? String == field.details, "\(name) \(key): details")
            let optional = argument["isOptional"] as? Bool ?? false
            #expect(optional == !field.required, "\(name) \(key): required is \(field.required)")
            if let valueName = field.valueName, !positional, field.kind != .boolean {
                #expect(argument["valueName"] as? String == valueName, "\(name) \(key): value name")
            }
            Self.expectDefault(argument["defaultValue"] as? String, field, "\(name) \(key)")
        }
        #expect(seen.sorted() == interface.cliFields.map(\.name).sorted(), "\(name): flags")
    }

    /// The shown default equals the declared one (numbers compared as numbers: ArgumentParser shows `0.0`).
    static func expectDefault(_ shown: String?, _ field: CommandField, _ label: String) {
        // Flags and repeatable options show no default worth comparing (false, []).
        guard field.kind != .boolean, field.kind != .strings else { return }
        switch field.defaultValue {
        case nil:
            #expect(shown == nil, "\(label): shows a default \(shown ?? "") that is not declared")
        case .bool:
            Issue.record("\(label): a boolean default on a field that is not a flag")
        case .integer(let n):
            #expect(shown.flatMap(Int.init) == n, "\(label): default \(shown ?? "none"), declared \(n)")
        case .number(let x):
            #expect(shown.flatMap(Double.init) == x, "\(label): default \(shown ?? "none"), declared \(x)")
        case .string(let text):
            #expect(shown == text, "\(label): default \(shown ?? "none"), declared \(text)")
        }
    }

    /// `docs/commands.md` holds each command's rendered table once, between its markers. With
    /// `QUARTIER_UPDATE_DOCS=1` the test writes the rendered tables into the file instead (then check the diff).
    @Test func theDocsHoldTheRenderedFlagTables() throws {
        let url = TestSupport.root.appendingPathComponent("docs/commands.md")
        var text = try String(contentsOf: url, encoding: .utf8)
        let update = ProcessInfo.processInfo.environment["QUARTIER_UPDATE_DOCS"] == "1"
        for interface in CommandInterface.all {
            let (begin, end) = interface.markdownMarkers
            guard let start = text.range(of: begin),
                let stop = text.range(of: end, range: start.upperBound..<text.endIndex)
            else {
                Issue.record("docs/commands.md has no \(begin) … \(end) for \(interface.name)")
                continue
            }
            #expect(text.components(separatedBy: begin).count == 2, "\(interface.name): its table is there twice")
            let rendered = interface.markdownTable()
            if update {
                text.replaceSubrange(start.lowerBound..<stop.upperBound, with: rendered)
            } else {
                #expect(
                    String(text[start.lowerBound..<stop.upperBound]) == rendered, "\(interface.name): \n\(rendered)")
            }
        }
        if update { try text.write(to: url, atomically: true, encoding: .utf8) }
    }

    /// Every subcommand `quartier --help` lists has its section in docs/commands.md, and every declared command
    /// is a subcommand.
    @Test func everySubcommandHasItsSectionInTheDocs() throws {
        let dump = try CLI.run("--experimental-dump-help")
        let object = try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any]
        let subcommands = try #require((object?["command"] as? [String: Any])?["subcommands"] as? [[String: Any]])
        let names = subcommands.compactMap { $0["commandName"] as? String }.filter { $0 != "help" }
        let docs = try String(contentsOf: TestSupport.root.appendingPathComponent("docs/commands.md"), encoding: .utf8)
        for name in names {
            #expect(docs.contains("\n## quartier \(name)\n"), "docs/commands.md has no section '## quartier \(name)'")
        }
        #expect(Set(CommandInterface.all.map(\.name)).isSubset(of: Set(names)))
    }

    @Test func everyFieldHasHelpAndUniqueName() {
        for interface in CommandInterface.all {
            #expect(
                Set(interface.fields.map(\.name)).count == interface.fields.count, "\(interface.name): a name twice")
            for field in interface.fields {
                #expect(!field.help.isEmpty && field.help.count <= 200, "\(interface.name) \(field.name): help")
                #expect(field.required ? field.defaultValue == nil : true, "\(interface.name) \(field.name)")
            }
        }
    }
}
