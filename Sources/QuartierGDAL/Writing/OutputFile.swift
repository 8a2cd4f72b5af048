import Foundation

/// A file written through plain `write(2)` calls, every failure (a full disk, a file-size limit, an I/O error)
/// thrown with the system's reason. Used for the temporary file of an atomic write: the caller removes it on
/// failure and renames it into place on success.
final class OutputFile {
    private var descriptor: Int32
    /// The file's path (the temporary one).
    let path: String
    /// The path named in error messages (the final one).
    let target: String

    /// Creates (or truncates) the file.
    init(creating path: String, target: String) throws {
        self.path = path
        self.target = target
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else {
            throw Self.failure("could not create the output file", errno: errno, target: target)
        }
    }

    deinit { if descriptor >= 0 { _ = Foundation.close(descriptor) } }

    /// Writes every byte, or throws.
    func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        guard let start = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(descriptor, start + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw Self.failure("could not write the file", errno: errno, target: target)
            }
            offset += written
        }
    }

    /// Closes the file; a failure here (a delayed write error) is a failure of the write.
    func close() throws {
        let descriptor = self.descriptor
        self.descriptor = -1
        if Foundation.close(descriptor) != 0 {
            throw Self.failure("could not finish the file", errno: errno, target: target)
        }
    }

    private static func failure(_ message: String, errno code: Int32, target: String) -> GDALError {
        GDALError(
            code: .writeFailed, message: message + ": " + String(cString: strerror(code)), path: target,
            hint: "Check that the output folder is writable and has space")
    }
}

@available(*, unavailable)
extension OutputFile: Sendable {}
