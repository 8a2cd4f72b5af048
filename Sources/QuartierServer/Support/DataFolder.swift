package import QuartierModel
import Foundation

/// The folder whose files jobs may read. A file input names a file inside it by a relative path; anything
/// else is refused before a job exists: absolute paths, `..`, percent-encoded characters, backslashes,
/// control characters, and symbolic links that lead outside the folder (or into the state folder).
package struct DataFolder: Sendable {
    /// The folder, absolute and with symbolic links resolved.
    package let root: String
    /// The state folder (job outputs, the job store), which file inputs may not name.
    package let excluded: String?

    package init(root: String, excluding excluded: String? = nil) {
        self.root = DataFolder.canonical(root)
        self.excluded = excluded.map(DataFolder.canonical)
    }

    /// Why a relative path is refused, or nil when its form is acceptable. Checks the text only.
    package static func problem(withRelativePath path: String) -> String? {
        if path.isEmpty { return "is empty" }
        if path.hasPrefix("/") || path.hasPrefix("~") { return "is absolute; name a file inside the data folder by a relative path" }
        if path.contains("%") { return "contains '%': percent-encoded paths are refused" }
        if path.contains("\\") { return "contains a backslash; separate folders with '/'" }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "contains a control character"
        }
        if path.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == ".." }) {
            return "contains '..'; name a file inside the data folder"
        }
        if path.contains(":") { return "contains ':'; connection strings and URLs are refused" }
        return nil
    }

    /// The absolute path of an existing file inside the folder.
    /// - Throws: `InputError` saying what is wrong with the path (never the server's own paths).
    package func resolve(_ relative: String, input: String) throws -> String {
        if let problem = DataFolder.problem(withRelativePath: relative) {
            throw InputError("input '\(input)': '\(relative)' \(problem)")
        }
        let joined = (root as NSString).appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: joined) else {
            throw InputError("input '\(input)': '\(relative)' does not exist in the data folder")
        }
        let resolved = DataFolder.canonical(joined)
        guard DataFolder.isInside(resolved, root) else {
            throw InputError("input '\(input)': '\(relative)' leads outside the data folder")
        }
        if let excluded, DataFolder.isInside(resolved, excluded) || resolved == excluded {
            throw InputError("input '\(input)': '\(relative)' is in the server's state folder, which jobs may not read")
        }
        return resolved
    }

    /// Whether an absolute, canonical path lies inside the folder (for paths an analysis file names).
    package func contains(_ absolute: String) -> Bool {
        let resolved = DataFolder.canonical(absolute)
        if let excluded, DataFolder.isInside(resolved, excluded) { return false }
        return DataFolder.isInside(resolved, root)
    }

    /// Replaces the data folder's path in a message by nothing, so that messages show relative paths only.
    package func redact(_ message: String) -> String {
        message.replacingOccurrences(of: root + "/", with: "").replacingOccurrences(of: root, with: ".")
    }

    static func isInside(_ path: String, _ folder: String) -> Bool {
        path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }

    /// The absolute path with `.`/`..` removed and symbolic links resolved (as far as the path exists).
    package static func canonical(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        guard let resolved = realpath(absolute, nil) else {
            return URL(fileURLWithPath: absolute).standardizedFileURL.path
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// A request's inputs are wrong: HTTP 400 with the message as the problem's detail.
package struct InputError: QuartierFailure {
    package var message: String
    /// Always the request's fault: bad input.
    package var kind: FailureKind { .badInput }
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}
