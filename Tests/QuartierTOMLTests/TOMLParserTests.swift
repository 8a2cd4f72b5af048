import QuartierTOML
import Testing

@Suite("TOML parser")
struct TOMLParserTests {
    @Test func scalarsTablesAndArrays() throws {
        let table = try TOMLParser.parse(
            """
            # comment
            version = 1
            title = "Bildungsmonitoring \\"Berlin\\" \\u00e4"
            literal = 'C:\\path'
            ratio = 0.25
            big = 1_000_000
            hex = 0xFF
            flag = true
            when = 2021-01-01
            stamp = 1979-05-27 07:32:00Z
            list = [ "a", 'b',
              "c", # trailing comment
            ]
            inline = { x = 1, y.z = "deep" }

            [inputs.plr]
            source = "x.gpkg"

            [[layers]]
            name = "one"
            [[layers]]
            name = "two"
            """)
        #expect(table.keys == ["version", "title", "literal", "ratio", "big", "hex", "flag", "when", "stamp", "list",
            "inline", "inputs", "layers"])
        guard case .integer(1) = table["version"]?.value else { Issue.record("version"); return }
        guard case .string(let title) = table["title"]?.value else { Issue.record("title"); return }
        #expect(title == "Bildungsmonitoring \"Berlin\" ä")
        guard case .string(let literal) = table["literal"]?.value else { Issue.record("literal"); return }
        #expect(literal == "C:\\path")
        guard case .float(0.25) = table["ratio"]?.value, case .integer(1_000_000) = table["big"]?.value,
            case .integer(255) = table["hex"]?.value, case .boolean(true) = table["flag"]?.value,
            case .dateTime("2021-01-01") = table["when"]?.value,
            case .dateTime("1979-05-27T07:32:00Z") = table["stamp"]?.value
        else {
            Issue.record("scalars")
            return
        }
        guard case .array(let list) = table["list"]?.value else { Issue.record("list"); return }
        #expect(list.count == 3)
        #expect(list[2].line == 12)
        guard case .table(let inline) = table["inline"]?.value, case .table(let y) = inline["y"]?.value,
            case .string("deep") = y["z"]?.value
        else {
            Issue.record("inline")
            return
        }
        guard case .table(let inputs) = table["inputs"]?.value, case .table(let plr) = inputs["plr"]?.value else {
            Issue.record("inputs")
            return
        }
        #expect(plr.entry("source")?.keyLine == 17)
        guard case .array(let layers) = table["layers"]?.value else { Issue.record("layers"); return }
        #expect(layers.count == 2)
    }

    @Test func multilineStrings() throws {
        let table = try TOMLParser.parse("a = \"\"\"\nline one\nline two\"\"\"\nb = '''\nraw \\n'''\nc = 2\n")
        guard case .string("line one\nline two") = table["a"]?.value, case .string("raw \\n") = table["b"]?.value,
            case .integer(2) = table["c"]?.value
        else {
            Issue.record("multiline: \(table.keys)")
            return
        }
        #expect(table.entry("c")?.keyLine == 6)
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        var text: String
        var line: Int
        var column: Int
        var contains: String
        var testDescription: String { contains }
    }

    @Test(arguments: [
        BadCase(text: "a = 1\nb = \"open\n", line: 2, column: 10, contains: "newline in a single-line string"),
        BadCase(text: "a = 1\na = 2\n", line: 2, column: 1, contains: "defined twice (first on line 1)"),
        BadCase(text: "[t]\nx = 1\n[t]\n", line: 3, column: 1, contains: "table [t] is defined twice"),
        BadCase(text: "name = berlin\n", line: 1, column: 8, contains: "'berlin' is not a valid value"),
        BadCase(text: "a = [1, 2\n", line: 2, column: 1, contains: "expected ',' or ']'"),
        BadCase(text: "a = 1 b = 2\n", line: 1, column: 7, contains: "expected the end of the line"),
        BadCase(text: "= 3\n", line: 1, column: 1, contains: "expected a key"),
        BadCase(text: "a = 01\n", line: 1, column: 5, contains: "not a valid value"),
        BadCase(text: "s = \"\\q\"\n", line: 1, column: 7, contains: "invalid escape"),
        BadCase(text: "a = 1\n[a]\n", line: 2, column: 1, contains: "already a value"),
    ])
    func syntaxErrorsNameLineAndColumn(_ bad: BadCase) {
        let error = #expect(throws: TOMLSyntaxError.self) { try TOMLParser.parse(bad.text) }
        #expect(error?.line == bad.line)
        #expect(error?.column == bad.column)
        #expect(error?.message.contains(bad.contains) == true, "\(error?.message ?? "")")
    }
}
