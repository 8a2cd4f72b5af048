/// What kind of failure an error is, decided where the error is made and mapped once at each edge:
/// the CLI turns it into an exit code, the server into an HTTP status (ARCHITECTURE.md, convention 2).
package enum FailureKind: String, Sendable, Hashable, CaseIterable {
    /// The input or the request is wrong (a file, a layer, a field, a key, an argument): the user can fix it.
    /// Exit code 1, HTTP 400.
    case badInput = "bad_input"
    /// Quartier or its installation failed (a missing GDAL driver, a broken invariant, a disk that refuses a
    /// write of our own state): exit code 2, HTTP 500.
    case internalFailure = "internal"

    /// The kind of any error: a `QuartierFailure`'s own kind; anything else (a Foundation or system error
    /// nobody classified) is internal.
    package init(of error: any Error) {
        self = (error as? any QuartierFailure)?.kind ?? .internalFailure
    }

    /// The process exit code the CLI uses for this kind: 1 for bad input, 2 for internal failures.
    package var exitCode: Int32 {
        switch self {
        case .badInput: 1
        case .internalFailure: 2
        }
    }

    /// The HTTP status code the server answers with for this kind: 400 for bad input, 500 for internal failures.
    package var httpStatus: Int {
        switch self {
        case .badInput: 400
        case .internalFailure: 500
        }
    }
}

/// The one protocol every error type of Quartier adopts: a message for people (its `description`, naming the
/// file, layer, field or line and what to do) and a `kind` that the edges map to an exit code or an HTTP status.
///
/// Adopt it where the error type is declared; keep the type's own code and facts (`GDALError.code`,
/// `TableReadError.line`). To add context while passing an error on, wrap it in `ContextError` (never flatten it
/// into a string: its kind and code would be lost).
///
/// ```swift
/// package struct JoinError: QuartierFailure {
///     package var message: String
///     package var kind: FailureKind { .badInput }
///     package var description: String { message }
/// }
/// ```
package protocol QuartierFailure: Error, Sendable, CustomStringConvertible {
    /// Bad input (exit 1, HTTP 400) or an internal failure (exit 2, HTTP 500).
    var kind: FailureKind { get }
}

extension QuartierFailure {
    /// True when the user can fix the cause (`kind == .badInput`).
    package var isBadInput: Bool { kind == .badInput }
}
