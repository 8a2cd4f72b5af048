import Foundation
import QuartierTestSupport
import Testing

/// Cheap checks against docs rot: README.md stays the short entry, every relative link in README.md and docs/
/// reaches a file, every `#anchor` a heading of its page (GitHub's anchors), and every docs page is in the index.
@Suite("DocsLinks")
struct DocsLinksTests {
    static let root = TestSupport.root

    static var pages: [URL] {
        let docs = root.appendingPathComponent("docs")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: docs.path)) ?? []
        return [root.appendingPathComponent("README.md")]
            + names.filter { $0.hasSuffix(".md") }.sorted().map { docs.appendingPathComponent($0) }
    }

    @Test func theReadmeIsTheShortEntry() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(lines <= 220, "README.md has \(lines) lines; the manual belongs in docs/")
        // The set-up commands CI runs (.ci/run: "the README's test command") and the demo.
        #expect(text.contains("make demo"))
        #expect(text.contains("make test"))
        for page in ["analysis-file", "commands", "publishing", "server", "states", "benchmarks", "architecture"] {
            #expect(text.contains("](docs/\(page).md)"), "README.md does not link docs/\(page).md")
        }
    }

    @Test func everyRelativeLinkResolves() throws {
        #expect(Self.pages.count >= 8)
        for page in Self.pages {
            let text = try String(contentsOf: page, encoding: .utf8)
            for link in Self.links(in: text) where !link.contains("://") && !link.hasPrefix("mailto:") {
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let target = parts[0].isEmpty ? page : page.deletingLastPathComponent().appendingPathComponent(parts[0])
                #expect(
                    FileManager.default.fileExists(atPath: target.standardizedFileURL.path),
                    "\(page.lastPathComponent): \(link) does not exist")
                guard parts.count == 2, target.pathExtension == "md",
                    let targetText = try? String(contentsOf: target, encoding: .utf8)
                else { continue }
                #expect(
                    Self.anchors(in: targetText).contains(parts[1]),
                    "\(page.lastPathComponent): \(link) names no heading of \(target.lastPathComponent)")
            }
        }
    }

    @Test func everyDocsPageIsInTheIndex() throws {
        let index = try String(contentsOf: Self.root.appendingPathComponent("docs/README.md"), encoding: .utf8)
        for page in Self.pages.dropFirst() where page.lastPathComponent != "README.md" {
            #expect(
                index.contains("](\(page.lastPathComponent))"), "docs/README.md does not list \(page.lastPathComponent)"
            )
        }
    }

    /// The targets of Markdown links `[text](target)` outside code blocks.
    static func links(in text: String) -> [String] {
        var result: [String] = []
        var inCode = false
        for line in text.split(separator: "\n") {
            if line.hasPrefix("```") { inCode.toggle() }
            if inCode { continue }
            var rest = Substring(line)
            while let open = rest.range(of: "](") {
                let after = rest[open.upperBound...]
                guard let close = after.firstIndex(of: ")") else { break }
                result.append(String(after[..<close]))
                rest = after[close...]
            }
        }
        return result
    }

    /// GitHub's anchors of a page's headings: lower case, spaces to `-`, everything but letters, digits, `-` and
    /// `_` dropped.
    static func anchors(in text: String) -> Set<String> {
        var result: Set<String> = []
        var inCode = false
        for line in text.split(separator: "\n") {
            if line.hasPrefix("```") { inCode.toggle() }
            guard !inCode, line.hasPrefix("#") else { continue }
            let title = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces).lowercased()
            let kept = title.unicodeScalars.filter {
                CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" || $0 == " "
            }
            result.insert(String(String.UnicodeScalarView(kept)).replacingOccurrences(of: " ", with: "-"))
        }
        return result
    }
}
