import Foundation

extension CommandInterface {
    /// The marker lines around a command's flag table in `docs/commands.md`.
    package var markdownMarkers: (begin: String, end: String) {
        ("<!-- flags:\(name) (generated from CommandInterface.\(name); do not edit) -->", "<!-- /flags:\(name) -->")
    }

    /// The command's flag table for `docs/commands.md`: every field of the command line and of the process, with
    /// its default or requirement, its help, and the process's input key (— where there is none).
    package func markdownTable() -> String {
        var lines = [
            markdownMarkers.begin,
            "| flag | default | meaning | process input |",
            "|---|---|---|---|",
        ]
        for field in fields {
            let flag = field.surfaces.contains(.cli) ? "`\(Self.escaped(field.usage))`" : "—"
            let text = ([field.help] + (field.details.map { [$0] } ?? [])).joined(separator: " ")
            lines.append(
                "| \(flag) | \(Self.requirement(field)) | \(Self.escaped(text)) | \(processColumn(field)) |")
        }
        lines.append(markdownMarkers.end)
        return lines.joined(separator: "\n")
    }

    private func processColumn(_ field: CommandField) -> String {
        guard field.surfaces.contains(.process), processTitle != nil else { return "—" }
        let input = field.asProcessInput
        var notes: [String] = []
        if case .file = input.kind { notes.append("a file in the data folder") }
        if case .outputName(let extensions) = input.kind {
            notes.append("a name in the job's folder (\(extensions.joined(separator: ", ")))")
        }
        if input.required != field.required || input.defaultValue != field.defaultValue {
            notes.append(Self.requirement(input))
        }
        return "`\(field.name)`" + (notes.isEmpty ? "" : ": " + notes.joined(separator: "; "))
    }

    private static func requirement(_ field: CommandField) -> String {
        if field.required { return "required" }
        if let value = field.defaultValue { return "`\(value)`" }
        return ""
    }

    private static func escaped(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }

    /// Every command's table, in the order of `CommandInterface.all`.
    package static func markdownTables() -> [String: String] {
        Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0.markdownTable()) })
    }
}
