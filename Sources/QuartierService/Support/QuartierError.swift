import QuartierGDAL
import QuartierModel

/// A failure to report to the user, with the exit code it maps to: 1 for bad input or arguments,
/// 2 for internal errors. Every message names the file, layer or field and what to do.
package struct QuartierError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package var isUserError: Bool

    package static func user(_ message: String) -> QuartierError { QuartierError(message: message, isUserError: true) }
    package static func `internal`(_ message: String) -> QuartierError {
        QuartierError(message: message, isUserError: false)
    }

    package var description: String { message }

    /// The process exit code for any error: 1 for user errors (bad input, bad arguments, bad files), 2 otherwise.
    package static func exitCode(for error: any Error) -> Int32 {
        switch error {
        case let e as QuartierError: return e.isUserError ? 1 : 2
        case let e as GDALError: return e.isUserError ? 1 : 2
        case is ConfigurationError, is TableReadError, is JoinError: return 1
        default: return 2
        }
    }
}
