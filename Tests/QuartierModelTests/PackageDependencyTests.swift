import Foundation
import Testing

/// Every target declares in Package.swift each module of this package it imports (ARCHITECTURE.md, "Targets"):
/// no target builds only because another dependency happens to import the module for it.
@Suite("Package.swift declares every imported module")
struct PackageDependencyTests {
    /// The repository root, from this file's path (Tests/QuartierModelTests/…).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A target as Package.swift declares it: its name, folder and the package's own modules it depends on.
    struct Target: CustomStringConvertible {
        var name: String
        var folder: String
        var dependencies: Set<String>
        var description: String { name }
    }

    /// The targets of Package.swift, read from its text: each `.target(`, `.executableTarget(`, `.testTarget(` or
    /// `.systemLibrary(` up to the next one; quoted names in it that are names of targets are its dependencies.
    static func targets() throws -> [Target] {
        let text = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let marker = /\.(target|executableTarget|testTarget|systemLibrary)\(/
        let starts = text.matches(of: marker).map(\.range)
        let chunks = starts.indices.map { i in
            String(text[starts[i].lowerBound ..< (i + 1 < starts.count ? starts[i + 1].lowerBound : text.endIndex)])
        }
        let declared = chunks.compactMap { $0.firstMatch(of: /name: "([^"]+)"/).map { String($0.1) } }
        let names = Set(declared)
        return zip(chunks, declared).map { chunk, name in
            let isTest = chunk.hasPrefix(".testTarget")
            let path = chunk.firstMatch(of: /path: "([^"]+)"/).map { String($0.1) }
            let quoted = chunk.matches(of: /"([^"]+)"/).map { String($0.1) }
            return Target(
                name: name, folder: path ?? (isTest ? "Tests/\(name)" : "Sources/\(name)"),
                dependencies: Set(quoted.filter { names.contains($0) && $0 != name }))
        }
    }

    /// The package's own modules imported by the Swift files under `folder`, with a file that imports each.
    static func imports(in folder: String, modules: Set<String>) -> [String: String] {
        let base = root.appendingPathComponent(folder)
        guard let files = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [:] }
        var found: [String: String] = [:]
        let line = /^(?:@testable |@_exported |package |internal |public )*import ([A-Za-z_]+)/
        for case let url as URL in files where url.pathExtension == "swift" {
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            for row in text.split(separator: "\n") {
                if let match = row.firstMatch(of: line), modules.contains(String(match.1)) {
                    found[String(match.1), default: url.lastPathComponent] = url.lastPathComponent
                }
            }
        }
        return found
    }

    @Test func everyImportedModuleIsDeclared() throws {
        let targets = try Self.targets()
        #expect(targets.count >= 20, "Package.swift read: \(targets)")
        let modules = Set(targets.map(\.name))
        for target in targets {
            for (module, file) in Self.imports(in: target.folder, modules: modules) where module != target.name {
                #expect(
                    target.dependencies.contains(module),
                    "\(target.name) imports \(module) (\(file)) but does not declare it in Package.swift")
            }
        }
    }

    @Test func onlyQuartierGDALImportsCGDAL() throws {
        for target in try Self.targets() where target.name != "QuartierGDAL" {
            #expect(Self.imports(in: target.folder, modules: ["CGDAL"]).isEmpty, "\(target.name) imports CGDAL")
        }
    }
}
