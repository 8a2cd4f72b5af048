import Foundation
import QuartierServer
import QuartierTestSupport
import Testing
import QuartierService

/// The processes are the CLI commands: the same names, and input keys that are the commands' long flags
/// (or positional argument names), read from the built executable's own description of its arguments.
@Suite("ProcessCatalog")
struct ProcessCatalogTests {
    @Test func everyProcessIsACommandAndEveryInputOneOfItsFlags() throws {
        #expect(ProcessCatalog.standard.processes.map(\.id) == ["join", "count", "hotspots", "access", "tiles", "run", "publish"])
        for process in ProcessCatalog.standard.processes {
            let dump = try Subprocess.run(ServeProcessTests.executable, [process.id, "--experimental-dump-help"])
            #expect(dump.status == 0, "\(process.id): \(dump.stderr)")
            let object = try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any]
            let arguments = try #require((object?["command"] as? [String: Any])?["arguments"] as? [[String: Any]])
            var flags: Set<String> = []
            for argument in arguments {
                if argument["kind"] as? String == "positional", let name = argument["valueName"] as? String { flags.insert(name) }
                for name in argument["names"] as? [[String: String]] ?? [] where name["kind"] == "long" {
                    flags.insert(name["name"] ?? "")
                }
            }
            for input in process.inputs {
                #expect(flags.contains(input.name), "process \(process.id): input '\(input.name)' is not a flag of the command")
            }
        }
    }

    @Test func fileInputsAndOutputNamesHaveSchemasThatSayWhatIsAllowed() throws {
        let hotspots = try #require(ProcessCatalog.standard.process("hotspots"))
        let schemas = Dictionary(uniqueKeysWithValues: hotspots.inputs.map { ($0.name, $0.schema) })
        #expect(schemas["permutations"] == ["type": "integer", "default": 999])
        #expect(schemas["transform"] == ["type": "string", "enum": ["R", "B"], "default": "R"])
        guard case .object(let areas)? = schemas["areas"], case .string(let pattern)? = areas["pattern"] else {
            Issue.record("the areas input has no pattern")
            return
        }
        let regex = try NSRegularExpression(pattern: pattern)
        func matches(_ text: String) -> Bool {
            regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
        #expect(matches("Geodata/berlin_lor_2021/berlin_lor_2021.gpkg"))
        for refused in ["/etc/passwd", "../x", "a/../../b", "%2e%2e/x", "PG:dbname=x"] { #expect(!matches(refused), "\(refused)") }
    }
}
