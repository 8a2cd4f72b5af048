import Crypto
package import Foundation

/// File helpers shared by every writer of the service: hashes and atomic writes.
package enum FileSupport {
    /// The SHA-256 of a file's bytes as lower-case hex, read in 1 MiB chunks.
    package static func sha256(ofFile path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw QuartierError.user("cannot read '\(path)' to hash it")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Writes data to a temporary file in the target's folder and renames it into place.
    package static func writeAtomically(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try data.write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else {
                throw QuartierError.user("cannot move '\(temporary.path)' to '\(path)': \(String(cString: strerror(errno)))")
            }
        } catch {
            unlink(temporary.path)
            if error is QuartierError { throw error }
            throw QuartierError.user("cannot write '\(path)': \(error.localizedDescription)")
        }
    }

    /// Creates the output folder (and its parents) and proves it is writable, before any work starts.
    /// - Throws: `QuartierError.user` naming the folder and the reason.
    package static func prepareOutputFolder(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw QuartierError.user("output folder '\(path)' is a file; choose another --out")
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw QuartierError.user(
                "output folder '\(path)' cannot be created: \(error.localizedDescription); choose another --out")
        }
        let probe = URL(fileURLWithPath: path).appendingPathComponent(".quartier-write-test-\(getpid())").path
        guard FileManager.default.createFile(atPath: probe, contents: Data()) else {
            throw QuartierError.user("output folder '\(path)' is not writable; choose another --out or fix its permissions")
        }
        unlink(probe)
    }

    /// JSON as Quartier writes it: pretty, keys sorted, slashes unescaped.
    package static func json<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }
}
