package import QuartierModel

/// A failure to report to the user, with the exit code it maps to: 1 for bad input or arguments,
/// 2 for internal errors. Every message names the file, layer or field and what to do.
package struct QuartierError: QuartierFailure {
    package var message: String
    package var isUserError: Bool

    package static func user(_ message: String) -> QuartierError { QuartierError(message: message, isUserError: true) }
    package static func `internal`(_ message: String) -> QuartierError {
        QuartierError(message: message, isUserError: false)
    }

    package var description: String { message }

    package var kind: FailureKind { isUserError ? .badInput : .internalFailure }
}
