package import Foundation

/// The files a command will write, checked before it reads anything: a failing destination must not be
/// found after the other outputs are written, and no output may overwrite an input or another output.
package enum OutputPaths {
    /// One file a command reads or writes, with the flag or key that named it (for the message).
    package struct Entry: Sendable {
        package var flag: String
        package var path: String

        package init(_ flag: String, _ path: String) {
            self.flag = flag
            self.path = path
        }
    }

    /// Checks that every destination can be written and is distinct from every input and every other
    /// destination: its folder exists or can be created under a writable folder, and the destination is
    /// neither a folder nor a special file (FIFO, device). Creates nothing.
    /// - Parameters:
    ///   - outputs: files the command writes; nil paths are ignored.
    ///   - inputs: files it reads (connection strings such as `PG:…` are ignored).
    /// - Throws: `QuartierError.user` naming the flag, the path and what to do.
    package static func check(outputs: [Entry?], inputs: [Entry?] = []) throws {
        // A database (`--out PG:…`) is checked when connecting.
        let outputs = outputs.compactMap { $0 }.filter { !$0.path.hasPrefix("PG:") }
        var seen: [String: Entry] = [:]
        for input in inputs.compactMap({ $0 }) where !input.path.contains(":") || input.path.hasPrefix("/") {
            seen[identity(input.path)] = input
        }
        for output in outputs {
            let key = identity(output.path)
            if let other = seen[key] {
                let role =
                    inputs.contains { $0?.path == other.path && $0?.flag == other.flag } ? "the input" : "the output"
                throw QuartierError.user(
                    "\(output.flag) '\(output.path)' is the same file as \(role) \(other.flag) '\(other.path)'; "
                        + "writing it would overwrite that file: choose another \(output.flag)")
            }
            seen[key] = output
            try checkWritable(output)
        }
    }

    /// The path made absolute, with `.`, `..` and symbolic links of existing folders resolved.
    static func identity(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let folder = url.deletingLastPathComponent().resolvingSymlinksInPath()
        return folder.appendingPathComponent(url.lastPathComponent).resolvingSymlinksInPath().path
    }

    private static func checkWritable(_ output: Entry) throws {
        let url = URL(fileURLWithPath: output.path).standardizedFileURL
        var status = stat()
        if lstat(url.path, &status) == 0 {
            let type = status.st_mode & S_IFMT
            if type == S_IFDIR {
                throw QuartierError.user("\(output.flag) '\(output.path)' is a folder; give a file name")
            }
            if type != S_IFREG && type != S_IFLNK {
                throw QuartierError.user(
                    "\(output.flag) '\(output.path)' is not a regular file (a FIFO, socket or device); give a file name"
                )
            }
        }
        // The nearest folder that exists must be a writable folder: the rest is created when writing.
        var folder = url.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.path), folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw QuartierError.user(
                "\(output.flag) '\(output.path)': '\(folder.path)' is a file, not a folder; choose another \(output.flag)"
            )
        }
        guard access(folder.path, W_OK) == 0 else {
            throw QuartierError.user(
                "\(output.flag) '\(output.path)': the folder '\(folder.path)' is not writable; choose another "
                    + "\(output.flag) or fix its permissions")
        }
    }

    /// Why `name` cannot become a file name in the output folder (empty, hidden, or with a path in it), or nil.
    package static func fileNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "is empty" }
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            return "'\(name)' becomes a file name: use letters, digits, - and _ only"
        }
        return nil
    }
}
