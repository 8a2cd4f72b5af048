import Foundation
import QuartierServer
import QuartierTestSupport
import Testing

/// `docs/operations.md` lists every key of `quartier.toml` in one table (rows `` `[section]` `key` ``). For each
/// section, a file with one unknown key there gives the keys the reader accepts ("…; allowed here: a, b, c"), which
/// must equal the keys the table lists for that section: nothing undocumented, nothing documented that is refused.
@Suite("ServerConfigurationReference")
struct ServerConfigurationReferenceTests {
    static let sections = ["server", "folders", "auth", "jobs", "limits", "cache", "cors", "analyses", "watch"]

    @Test(arguments: sections)
    func docsNameExactlyTheKeysTheReaderAccepts(_ section: String) throws {
        let documented = Set(try Self.documentedKeys()[section] ?? [])
        let accepted = try Self.acceptedKeys(section)
        #expect(
            accepted.subtracting(documented).isEmpty,
            "[\(section)]: accepted but not in docs/operations.md: \(accepted.subtracting(documented).sorted())")
        #expect(
            documented.subtracting(accepted).isEmpty,
            "[\(section)]: in docs/operations.md but refused: \(documented.subtracting(accepted).sorted())")
    }

    @Test func everyDocumentedSectionIsRead() throws {
        #expect(Set(try Self.documentedKeys().keys) == Set(Self.sections))
    }

    /// The keys the reader accepts in `[section]`: the list its message on an unknown key gives.
    static func acceptedKeys(_ section: String) throws -> Set<String> {
        let folder = try TestSupport.temporaryFolder()
        let path = folder.appendingPathComponent("quartier.toml").path
        try "[\(section)]\nzz_unknown = 1\n".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try ServerConfiguration.load(file: path)
        } catch {
            let message = String(describing: error)
            guard message.contains("unknown key 'zz_unknown'"), let range = message.range(of: "allowed here: ") else {
                Issue.record("[\(section)]: expected the unknown key to be refused, got: \(message)")
                return []
            }
            let list = message[range.upperBound...].prefix { $0 != "\n" }
            return Set(list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
        Issue.record("[\(section)]: the unknown key was accepted")
        return []
    }

    /// The rows `` | `[section]` `key` | `` of docs/operations.md, by section.
    static func documentedKeys() throws -> [String: [String]] {
        let url = TestSupport.root.appendingPathComponent("docs/operations.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"^\| `\[([a-z_]+)\]` `([a-z_]+)` \|"#, options: .anchorsMatchLines)
        var keys: [String: [String]] = [:]
        for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let section = Range(match.range(at: 1), in: text), let key = Range(match.range(at: 2), in: text) else {
                continue
            }
            keys[String(text[section]), default: []].append(String(text[key]))
        }
        return keys
    }
}
