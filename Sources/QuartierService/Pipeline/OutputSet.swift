package import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files of one run, written into a hidden staging folder inside the output folder and switched into
/// place together: a run that fails or is killed leaves the previous set (files and `manifest.json`, whose
/// hashes keep matching) as it was.
///
/// - `init` prepares the output folder, then clears what dead runs left: temporaries (`.NAME.tmp-PID-N…`,
///   `.NAME.ROLE-PID-N.tmp`, `.NAME.old-PID-N`) and staging folders. A staging folder of a dead run that had
///   started its switch (it holds the `.switch` list) is finished first, so a kill during the switch (a few
///   `rename(2)` calls) is completed by the next run instead of leaving a mixed set.
/// - The runner writes into `staging`; `commit()` writes the list of entries, then renames each into the
///   output folder, `manifest.json` last, then removes the staging folder.
/// - Without `commit()`, `deinit` removes the staging folder: a failed run leaves nothing behind.
/// A lock (`flock` on the folder) keeps two runs into one folder from switching at the same time.
package final class OutputSet {
    /// The output folder.
    package let folder: URL
    /// Where this run writes its files.
    package let staging: URL
    private var committed = false

    /// The entry that is switched last, so that it never names files of a set that is not complete.
    static let manifestName = "manifest.json"
    static let stagingPrefix = ".quartier-run-"
    static let switchList = ".switch"

    /// Prepares `folder` (created, tested for writability), clears the leftovers of dead runs, and creates a
    /// staging folder in it.
    /// - Throws: `QuartierError.user` naming the folder when it cannot be created or written.
    package init(folder path: String) throws {
        try FileSupport.prepareOutputFolder(path)
        folder = URL(fileURLWithPath: path)
        staging = folder.appendingPathComponent(
            "\(Self.stagingPrefix)\(getpid())-\(UInt32.random(in: 0...UInt32.max))", isDirectory: true)
        try Self.locked(folder) { Self.clearLeftovers(in: folder) }
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw QuartierError.user(
                "output folder '\(path)' is not writable (\(error.localizedDescription)); choose another --out")
        }
    }

    deinit {
        if !committed { try? FileManager.default.removeItem(at: staging) }
    }

    /// The final path of an entry written into the staging folder (the same relative name in the output folder).
    package func finalPath(of stagedPath: String) -> String {
        let prefix = staging.path + "/"
        guard stagedPath.hasPrefix(prefix) else { return stagedPath }
        return folder.appendingPathComponent(String(stagedPath.dropFirst(prefix.count))).path
    }

    /// Switches every entry of the staging folder into the output folder, `manifest.json` last, and removes the
    /// staging folder.
    package func commit() throws {
        let names = try Self.entries(of: staging)
        let list = Data((names.joined(separator: "\n") + "\n").utf8)
        try FileSupport.writeAtomically(list, to: staging.appendingPathComponent(Self.switchList).path)
        try Self.locked(folder) { try Self.switchEntries(names, from: staging, into: folder) }
        committed = true
        try? FileManager.default.removeItem(at: staging)
    }

    /// The visible entries of a staging folder, the manifest last.
    static func entries(of staging: URL) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: staging.path).filter { !$0.hasPrefix(".") }
        return names.filter { $0 != manifestName }.sorted() + names.filter { $0 == manifestName }
    }

    /// Renames each listed entry that is still in `staging` into `folder`; a folder replaces a folder by renaming
    /// the old one aside first.
    static func switchEntries(_ names: [String], from staging: URL, into folder: URL) throws {
        let manager = FileManager.default
        for name in names {
            let source = staging.appendingPathComponent(name)
            let target = folder.appendingPathComponent(name)
            guard manager.fileExists(atPath: source.path) else { continue }  // switched before an interruption
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: target.path, isDirectory: &isDirectory), isDirectory.boolValue {
                let aside = folder.appendingPathComponent(".\(name).old-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
                try move(target, to: aside)
                try move(source, to: target)
                try? manager.removeItem(at: aside)
            } else {
                try move(source, to: target)
            }
        }
    }

    private static func move(_ source: URL, to target: URL) throws {
        guard rename(source.path, target.path) == 0 else {
            throw QuartierError.user(
                "cannot move '\(source.path)' to '\(target.path)': \(String(cString: strerror(errno)))")
        }
    }

    /// Removes temporaries and staging folders of processes that no longer run; finishes a staging folder whose
    /// switch had begun.
    package static func clearLeftovers(in folder: URL) {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where name.hasPrefix(".") {
            guard let pid = leftoverProcess(name), !isRunning(pid) else { continue }
            let url = folder.appendingPathComponent(name)
            if name.hasPrefix(stagingPrefix),
                let list = try? String(contentsOf: url.appendingPathComponent(switchList), encoding: .utf8)
            {
                let entries = list.split(separator: "\n").map(String.init).filter { !$0.isEmpty && !$0.contains("/") }
                try? switchEntries(entries, from: url, into: folder)
            }
            try? manager.removeItem(at: url)
        }
    }

    /// The process id in the name of a temporary that Quartier writes, or nil for any other hidden entry:
    /// `.quartier-run-PID-N`, `.NAME.tmp-PID-N[.ext]`, `.NAME.ROLE-PID-N.tmp`, `.NAME.old-PID-N`,
    /// `.quartier-write-test-PID`.
    package static func leftoverProcess(_ name: String) -> pid_t? {
        if name.hasPrefix(".quartier-write-test-") {
            return pid_t(name.dropFirst(".quartier-write-test-".count))
        }
        let isOurs = name.hasPrefix(stagingPrefix) || name.contains(".tmp-") || name.hasSuffix(".tmp")
            || name.contains(".old-")
        guard isOurs else { return nil }
        // The last "-PID-N" pair of digit runs in the name (the name itself may hold digits and dashes).
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        for index in parts.indices.dropFirst().reversed() where index + 1 < parts.endIndex {
            let number = parts[index + 1].prefix { $0.isNumber }
            guard !number.isEmpty, let pid = pid_t(parts[index]), pid > 0, UInt32(number) != nil else { continue }
            return pid
        }
        return nil
    }

    static func isRunning(_ pid: pid_t) -> Bool {
        pid == getpid() || kill(pid, 0) == 0 || errno == EPERM
    }

    /// Runs `body` holding an exclusive `flock` on the folder itself (a directory can be locked on Linux and BSD;
    /// no lock file is left behind).
    static func locked<T>(_ folder: URL, _ body: () throws -> T) throws -> T {
        let descriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw QuartierError.user(
                "output folder '\(folder.path)' cannot be opened: \(String(cString: strerror(errno))); choose another --out")
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
        defer { _ = flock(descriptor, LOCK_UN) }
        return try body()
    }
}
