import Foundation
import QuartierServer
import QuartierTestSupport
import Testing
import QuartierService

/// File inputs: only existing files inside the data folder, named by a plain relative path.
@Suite("DataFolder")
struct DataFolderTests {
    @Test(arguments: [
        "/etc/passwd", "../etc/passwd", "Geodata/../../etc/passwd", "%2e%2e/etc", "a%2Fb", "a\\b", "~/x", "", "PG:dbname=x",
        "a/\u{0}b",
    ])
    func malformedPathsAreRefusedByForm(path: String) {
        #expect(DataFolder.problem(withRelativePath: path) != nil)
    }

    @Test func symbolicLinksOutOfTheFolderAndIntoTheStateFolderAreRefused() throws {
        let root = try TestSupport.temporaryFolder()
        let state = root.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        try "x".write(to: state.appendingPathComponent("jobs.sqlite"), atomically: true, encoding: .utf8)
        try "x".write(to: root.appendingPathComponent("inside.csv"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("out").path, withDestinationPath: "/etc")
        let folder = DataFolder(root: root.path, excluding: state.path)
        #expect(try folder.resolve("inside.csv", input: "table").hasSuffix("/inside.csv"))
        #expect(throws: InputError.self) { try folder.resolve("out/passwd", input: "table") }
        #expect(throws: InputError.self) { try folder.resolve("state/jobs.sqlite", input: "table") }
        #expect(throws: InputError.self) { try folder.resolve("missing.csv", input: "table") }
        #expect(folder.redact("cannot read \(folder.root)/inside.csv") == "cannot read inside.csv")
    }
}
