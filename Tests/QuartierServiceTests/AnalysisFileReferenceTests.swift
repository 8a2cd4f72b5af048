import Foundation
import QuartierService
import QuartierTestSupport
import Testing

/// `docs/analysis-file.md` lists every key of the analysis file once, one table per section. The parser says which
/// keys it accepts: an unknown key is refused with "…; allowed here: a, b, c". For each section, a valid analysis
/// file (`AnalysisFileReference.document`) with one unknown key in that section gives the parser's list, which must
/// equal the keys the docs list for the section — nothing undocumented, nothing documented that the parser refuses.
@Suite("AnalysisFileReference")
struct AnalysisFileReferenceTests {
    @Test func theReferenceDocumentIsValid() throws {
        let folder = try TestSupport.temporaryFolder()
        let path = folder.appendingPathComponent("reference.toml").path
        try AnalysisFileReference.writeVocabulary(in: folder)
        try AnalysisFileReference.document(unknownKeyIn: nil).write(toFile: path, atomically: true, encoding: .utf8)
        let file = try AnalysisFile.load(path)
        #expect(file.name == "reference")
    }

    @Test func docsListOneTablePerSection() throws {
        let documented = try AnalysisFileReference.documentedKeys()
        #expect(Set(documented.keys) == Set(AnalysisFileReference.sections.map(\.id)))
        for (section, keys) in documented {
            #expect(Set(keys).count == keys.count, "[\(section)] lists a key twice: \(keys)")
        }
    }

    @Test(arguments: AnalysisFileReference.sections.map(\.id))
    func docsNameExactlyTheKeysTheParserAccepts(_ section: String) throws {
        let accepted = try AnalysisFileReference.acceptedKeys(section)
        let documented = Set(try AnalysisFileReference.documentedKeys()[section] ?? [])
        #expect(
            accepted.subtracting(documented).isEmpty,
            "[\(section)]: accepted by the parser but not in docs/analysis-file.md: \(accepted.subtracting(documented).sorted())"
        )
        #expect(
            documented.subtracting(accepted).isEmpty,
            "[\(section)]: in docs/analysis-file.md but refused by the parser: \(documented.subtracting(accepted).sorted())"
        )
    }

    @Test func everyKeyIsDocumentedOnce() throws {
        let text = try String(contentsOf: AnalysisFileReference.docs, encoding: .utf8)
        let total = try AnalysisFileReference.documentedKeys().values.map(\.count).reduce(0, +)
        #expect(total > 100, "docs/analysis-file.md documents \(total) keys")
        // A key's row appears once per section: no second table (e.g. an old combined table) repeats a section.
        for section in AnalysisFileReference.sections where section.id != "top" {
            let heading = "## `\(section.heading)`"
            #expect(text.components(separatedBy: heading + "\n").count == 2, "\(heading) is not exactly once")
        }
    }
}
