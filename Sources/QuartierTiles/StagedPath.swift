package import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An output (a file or a folder) written under a temporary name beside its target and renamed into
/// place by `commit()`; removed by `deinit` when it was never committed, so an error leaves nothing behind.
///
/// - A file replaces an existing file with one `rename(2)`, which POSIX makes atomic: a reader sees the
///   old or the new file, never a partial one.
/// - A folder cannot be renamed over a non-empty folder, so an existing one is first renamed aside
///   (`.<name>.old-…`), the new one renamed into place, and the old one removed; if the second rename
///   fails the old folder is put back. Between the two renames (two system calls) the path is absent.
/// - The existence rule is the same for every output: an existing file or non-empty folder is
///   refused (`TileWriteError.Code.exists`) unless `replace` is true; an empty folder counts as absent;
///   a folder where a file is wanted, or the reverse, is refused always (`.wrongKind`).
///   It is checked when the stage is created (before any work) and again at `commit()`.
/// The temporary name starts with a dot and ends in `.tmp`; it lives in the target's folder so the
/// rename never crosses file systems.
package final class StagedPath {
    package let target: URL
    package let temporary: URL
    package let isFolder: Bool
    private let replace: Bool
    private var committed = false

    /// Checks the target and reserves a temporary name beside it (the folder of the target must exist).
    /// - Parameters:
    ///   - target: the final path.
    ///   - isFolder: true for a z/x/y folder, false for an archive file.
    ///   - replace: allow replacing an existing output (the CLI's `--force`).
    ///   - role: distinguishes several temporaries of one target (e.g. "data" for PMTiles' tile data).
    package init(target: URL, isFolder: Bool, replace: Bool, role: String = "tmp") throws(TileWriteError) {
        self.target = target
        self.isFolder = isFolder
        self.replace = replace
        let unique = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).\(role)-\(unique).tmp")
        try checkTarget()
    }

    deinit {
        if !committed { try? FileManager.default.removeItem(at: temporary) }
    }

    /// Throws `.wrongKind` for a folder where a file is wanted (or the reverse), `.exists` for an output
    /// that may not be replaced.
    private func checkTarget() throws(TileWriteError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory) else { return }
        if isDirectory.boolValue != isFolder {
            let message = isFolder ? "is a file, not a folder for z/x/y tiles" : "is a folder, not an archive file"
            throw TileWriteError(code: .wrongKind, path: target.path, message: message)
        }
        let empty = isFolder && ((try? FileManager.default.contentsOfDirectory(atPath: target.path)) ?? []).isEmpty
        if !replace && !empty {
            throw TileWriteError(code: .exists, path: target.path, message: isFolder ? "is not empty" : "exists")
        }
    }

    /// Renames the temporary into place (see the type's comment for files and folders).
    package func commit() throws(TileWriteError) {
        try checkTarget()
        if isFolder, FileManager.default.fileExists(atPath: target.path) {
            let aside = target.deletingLastPathComponent()
                .appendingPathComponent(
                    ".\(target.lastPathComponent).old-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            try Self.move(target, to: aside)
            do throws(TileWriteError) {
                try Self.move(temporary, to: target)
            } catch {
                try? Self.move(aside, to: target)
                throw error
            }
            committed = true
            try? FileManager.default.removeItem(at: aside)
        } else {
            try Self.move(temporary, to: target)
            committed = true
        }
    }

    private static func move(_ from: URL, to: URL) throws(TileWriteError) {
        guard rename(from.path, to.path) == 0 else {
            let reason = String(cString: strerror(errno))
            throw TileWriteError(code: .io, path: to.path, message: "cannot rename '\(from.path)' to it: \(reason)")
        }
    }
}
