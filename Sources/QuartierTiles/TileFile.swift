#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file opened for reading and writing through one POSIX descriptor: appends with `write(2)` and
/// reads at an offset with `pread(2)` (no seeking, so reads never disturb the append position).
/// The owner closes it in `deinit`; removing the file is the business of its `StagedPath`.
final class TileFile {
    let path: String
    private var fd: Int32
    /// Bytes appended so far (the offset of the next append).
    private(set) var length: UInt64 = 0

    /// Creates the file; it must not exist yet (`O_EXCL`), mode 0644 before the umask.
    init(creating path: String) throws(TileWriteError) {
        self.path = path
        fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Self.failure("cannot create file", path) }
    }

    deinit {
        if fd >= 0 { _ = close(fd) }
    }

    /// Appends `bytes` and returns the offset they start at.
    @discardableResult
    func append(_ bytes: [UInt8]) throws(TileWriteError) -> UInt64 {
        let start = length
        var done = 0
        while done < bytes.count {
            // `!`: a buffer with at least one byte (done < count) has a base address.
            let n = bytes.withUnsafeBytes { raw in write(fd, raw.baseAddress! + done, raw.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Self.failure("cannot write", path) }
            done += n
        }
        length += UInt64(bytes.count)
        return start
    }

    /// Reads `count` bytes at `offset` (fewer only at the end of the file, which is an error here).
    func read(at offset: UInt64, count: Int) throws(TileWriteError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = out.withUnsafeMutableBytes { raw in
                // `!`: as in `append`, the buffer is not empty.
                pread(fd, raw.baseAddress! + done, raw.count - done, off_t(offset) + off_t(done))
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Self.failure("cannot read \(count) bytes at \(offset)", path) }
            done += n
        }
        return out
    }

    /// Flushes to the device (`fsync(2)`) and closes the descriptor.
    func flushAndClose() throws(TileWriteError) {
        let synced = fsync(fd) == 0
        let closed = close(fd) == 0
        fd = -1
        guard synced && closed else { throw Self.failure("cannot flush and close", path) }
    }

    private static func failure(_ what: String, _ path: String) -> TileWriteError {
        TileWriteError(code: .io, path: path, message: "\(what): \(String(cString: strerror(errno)))")
    }
}
