import Foundation

/// What kind of file a path names, checked before a reader opens it: a FIFO or a device would block the
/// reader or never end (`/dev/zero`), so such paths are refused up front with the reason.
package enum RegularFile {
    /// Why `path` cannot be read as a data file (a FIFO, socket or device), or nil for a regular file, a
    /// folder, a path that does not exist, or a symbolic link loop (the reader reports those itself).
    package static func specialFileProblem(_ path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        switch status.st_mode & S_IFMT {
        case S_IFIFO:
            return "is a FIFO (named pipe), not a file: reading it would wait for a writer; give a regular file"
        case S_IFSOCK: return "is a socket, not a file; give a regular file"
        case S_IFCHR, S_IFBLK: return "is a device, not a file; give a regular file"
        default: return nil
        }
    }

    /// The size of the file in bytes, or nil when it cannot be told.
    package static func size(_ path: String) -> Int64? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return Int64(status.st_size)
    }
}
