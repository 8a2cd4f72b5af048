import Foundation
import QuartierService

/// Makes a job's outputs visible only when complete: every file fsynced, the job's `.partial` folder renamed to
/// its final name and the parent folder fsynced (the rename survives a power cut), before the job store records
/// the job as successful.
enum JobOutputs {
    /// Seals a finished job's folder.
    /// - Parameters:
    ///   - partial: the folder the job wrote into.
    ///   - final: its name once complete (replaced if it exists).
    ///   - redacting: JSON outputs (reports, manifests) get the data folder's path replaced by relative paths.
    /// - Returns: the output files, relative to the folder, sorted; hidden leftovers are removed.
    static func seal(_ partial: String, final: String, redacting folder: DataFolder) throws -> [String] {
        let manager = FileManager.default
        var names: [String] = []
        let enumerator = manager.enumerator(atPath: partial)
        while let name = enumerator?.nextObject() as? String {
            let path = (partial as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            if (name as NSString).lastPathComponent.hasPrefix(".") {
                try? manager.removeItem(atPath: path)
                continue
            }
            if name.lowercased().hasSuffix(".json"), let text = try? String(contentsOfFile: path, encoding: .utf8) {
                let redacted = folder.redact(text)
                if redacted != text { try FileSupport.writeAtomically(Data(redacted.utf8), to: path) }
            }
            try sync(path)
            names.append(name)
        }
        try sync(partial)
        if manager.fileExists(atPath: final) { try manager.removeItem(atPath: final) }
        guard rename(partial, final) == 0 else {
            throw QuartierError.internal("cannot rename a job's folder: \(String(cString: strerror(errno)))")
        }
        try sync((final as NSString).deletingLastPathComponent)
        return names.sorted()
    }

    /// fsync(2) on a file or folder.
    static func sync(_ path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw QuartierError.internal("cannot open an output to sync it: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw QuartierError.internal("fsync failed on an output: \(String(cString: strerror(errno)))")
        }
    }

    /// Runs blocking work (GDAL, file I/O) on a thread of its own, off the event loop and off Swift's
    /// cooperative pool; the scheduler bounds how many run at once. 16 MiB of stack, as GDAL drivers and deep
    /// geometries may need more than a default secondary thread has.
    /// `register` receives the delivery before the thread starts: whoever calls it first (the thread, or a
    /// shutdown that gives up waiting) decides the result; later calls are ignored.
    /// `started` receives the thread before it starts (to cancel it: `Thread.cancel()`, which the run checks
    /// between its steps, `RunCancellation`).
    static func onThread<T: Sendable>(
        register: (@escaping @Sendable (Result<T, any Error>) -> Void) -> Void = { _ in },
        started: (Thread) -> Void = { _ in },
        _ body: @escaping @Sendable () throws -> T
    ) async -> Result<T, any Error> {
        await withCheckedContinuation { continuation in
            let delivered = Locked(false)
            let deliver: @Sendable (Result<T, any Error>) -> Void = { result in
                let first = delivered.withLock { done in
                    defer { done = true }
                    return !done
                }
                if first { continuation.resume(returning: result) }
            }
            register(deliver)
            let thread = Thread { deliver(Result { try body() }) }
            thread.stackSize = 16 << 20
            started(thread)
            thread.start()
        }
    }
}
