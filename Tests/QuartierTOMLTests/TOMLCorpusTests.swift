import Foundation
import QuartierModel
import QuartierTOML
import QuartierTestSupport
import Testing

/// The parser against a corpus covering every section of the TOML 1.0 specification (https://toml.io/en/v1.0.0),
/// written for Quartier after the categories of the toml-test project: `Tests/Fixtures/toml/valid/NAME.toml` is
/// read and compared with `NAME.json` (toml-test's tagged JSON: `{"type": "integer", "value": "1"}`, tables as
/// objects, arrays as arrays); every `Tests/Fixtures/toml/invalid/NAME.toml` must be refused at the line and
/// column that `invalid/expected.json` gives for it.
@Suite("TOML 1.0 corpus")
struct TOMLCorpusTests {
    static let valid = TestSupport.fixture("toml/valid")
    static let invalid = TestSupport.fixture("toml/invalid")

    /// The names (without `.toml`) of the documents in `folder`.
    static func names(in folder: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Where each invalid document must fail: name → (line, column).
    static let positions: [String: (line: Int, column: Int)] = {
        let url = URL(fileURLWithPath: invalid).appendingPathComponent("expected.json")
        guard let data = try? Data(contentsOf: url),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: [String: Int]]
        else { return [:] }
        return object.compactMapValues { entry in entry["line"].flatMap { l in entry["column"].map { (l, $0) } } }
    }()

    static func text(_ folder: String, _ name: String) throws -> String {
        try String(contentsOfFile: "\(folder)/\(name).toml", encoding: .utf8)
    }

    @Test func theCorpusCoversTheSpecification() {
        #expect(Self.names(in: Self.valid).count >= 30)
        #expect(Self.names(in: Self.invalid).count >= 100)
        #expect(Set(Self.names(in: Self.invalid)) == Set(Self.positions.keys), "every invalid document has a position")
        let sections = [
            "comment", "key", "string", "integer", "float", "boolean", "datetime", "date", "time", "array", "table",
            "inline-table", "array-of-tables",
        ]
        for section in sections {
            #expect(Self.names(in: Self.valid).contains { $0.hasPrefix(section) }, "no valid document for \(section)")
        }
    }

    @Test(arguments: names(in: valid))
    func validDocumentReadsAsExpected(_ name: String) throws {
        let table = try TOMLParser.parse(try Self.text(Self.valid, name))
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(Self.valid)/\(name).json"))
        let expected = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        let mismatch = TOMLTaggedJSON.difference(TOMLTaggedJSON.tagged(table), expected, at: name)
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    @Test(arguments: names(in: invalid))
    func invalidDocumentIsRefusedAtItsPosition(_ name: String) throws {
        let expected = try #require(Self.positions[name], "no position for \(name) in expected.json")
        do {
            let table = try TOMLParser.parse(try Self.text(Self.invalid, name), file: "\(name).toml")
            Issue.record("\(name) was accepted: \(TOMLTaggedJSON.tagged(table))")
        } catch let error as ConfigurationError {
            #expect(error.file == "\(name).toml")
            #expect(
                error.line == expected.line && error.column == expected.column,
                "\(name): expected \(expected.line):\(expected.column), got \(error)")
            #expect(error.kind == .badInput)
        }
    }
}
