import Foundation
import QuartierTOML
import Testing

/// Hostile TOML: nesting that would overflow the stack and dotted keys that cost quadratic time are refused
/// with the file, line and column (issue 25, items 3 and 9).
@Suite("TOML parser limits")
struct TOMLLimitsTests {
    /// Parses `text` as the file `deep.toml` and returns the error it must raise.
    func failure(_ text: String) throws -> ConfigurationError {
        do {
            _ = try TOMLParser.parse(text, file: "deep.toml")
        } catch let error as ConfigurationError {
            return error
        }
        throw ExpectedFailure()
    }

    struct ExpectedFailure: Error {}

    @Test(arguments: [20_000, 50_000])
    func deeplyNestedArraysAreRefused(depth: Int) throws {
        let text = "x = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        let error = try failure(text)
        #expect(error.file == "deep.toml")
        #expect(error.line == 1)
        #expect(error.column == 4 + TOMLParser.maximumDepth + 1)
        #expect(error.message.contains("nesting deeper than 128"))
    }

    @Test func deeplyNestedInlineTablesAreRefused() throws {
        let text =
            "\n" + "x = " + String(repeating: "{a = ", count: 20_000) + "1" + String(repeating: "}", count: 20_000)
        let error = try failure(text)
        #expect(error.line == 2)
        #expect(error.message.contains("nesting deeper"))
    }

    @Test func nestingAtTheLimitIsAccepted() throws {
        let depth = TOMLParser.maximumDepth
        let text = "x = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        let table = try TOMLParser.parse(text, file: "ok.toml")
        #expect(table["x"] != nil)
    }

    @Test func headerWithTwentyThousandDottedPartsIsRefusedQuickly() throws {
        let text = "[" + (0..<20_000).map { "k\($0)" }.joined(separator: ".") + "]\n"
        let start = Date()
        let error = try failure(text)
        #expect(Date().timeIntervalSince(start) < 2)
        #expect(error.line == 1)
        #expect(error.message.contains("nesting deeper"))
    }

    @Test func dottedKeysInsideInlineTablesCountTowardsTheDepth() throws {
        let key = (0..<100).map { "k\($0)" }.joined(separator: ".")
        let text = "x = {\(key) = {\(key) = 1}}\n"
        let error = try failure(text)
        #expect(error.message.contains("nesting deeper"))
    }
}
