/// A typed error passed on with the context it happened in (the file and line of a section, the layer, the
/// field, the step), keeping the error itself, its code and its kind.
///
/// Its description is `"<context>: <underlying>"`; nested contexts read from the outside in:
/// `"analysis.toml:12: [[join]] 'schools': table 'a.csv', line 5: …"`. Its kind is the underlying error's kind,
/// so a bad table stays a user error (exit 1, HTTP 400) however many times it is wrapped.
///
/// ```swift
/// // instead of: catch let e as JoinError { throw QuartierError.user("[[join]] of '\(name)': \(e.message)") }
/// let joined = try ContextError.adding("[[join]] of '\(name)' (\(file):\(line))") {
///     try AttributeJoin.run(…)
/// }
/// // tests and callers still find the typed error:
/// #expect((error as? ContextError)?.underlying(as: JoinError.self) != nil)
/// ```
package struct ContextError: QuartierFailure {
    /// Where the error happened, without a trailing colon: `"[[join]] of 'x' (file.toml:12)"`.
    package var context: String
    /// The error as it was thrown (itself possibly a `ContextError`).
    package var underlying: any Error
    /// A kind that replaces the underlying error's, or nil to keep it. For the rare place where the same error
    /// means something else: a corrupt file is the user's bad input to `quartier run`, but the server's own
    /// published file failing to read is an internal failure of the request that needed it.
    package var overridingKind: FailureKind?

    /// Wraps `underlying` with `context`, keeping its kind unless `kind` is given.
    package init(context: String, underlying: any Error, kind: FailureKind? = nil) {
        self.context = context
        self.underlying = underlying
        self.overridingKind = kind
    }

    /// The overriding kind if any, else the underlying error's; an underlying error that is not a
    /// `QuartierFailure` is internal.
    package var kind: FailureKind { overridingKind ?? FailureKind(of: underlying) }

    package var description: String { context.isEmpty ? "\(underlying)" : "\(context): \(underlying)" }

    /// The innermost error, beneath every layer of context.
    package var root: any Error {
        var error: any Error = underlying
        while let wrapped = error as? ContextError { error = wrapped.underlying }
        return error
    }

    /// The first error of type `T` found going inwards through the layers of context (the wrapper itself
    /// excluded), or nil.
    package func underlying<T: Error>(as type: T.Type) -> T? {
        var error: any Error = underlying
        while true {
            if let match = error as? T { return match }
            guard let wrapped = error as? ContextError else { return nil }
            error = wrapped.underlying
        }
    }

    /// Runs `body` and wraps any error it throws with `context` (evaluated only when something is thrown).
    /// - Parameter kind: replaces the thrown error's kind; nil keeps it.
    package static func adding<T>(
        _ context: @autoclosure () -> String, kind: FailureKind? = nil, _ body: () throws -> T
    ) throws -> T {
        do {
            return try body()
        } catch {
            throw ContextError(context: context(), underlying: error, kind: kind)
        }
    }

    /// Runs the asynchronous `body` and wraps any error it throws with `context`.
    /// - Parameter kind: replaces the thrown error's kind; nil keeps it.
    package static func adding<T>(
        _ context: @autoclosure () -> String, kind: FailureKind? = nil, _ body: () async throws -> T
    ) async throws -> T {
        do {
            return try await body()
        } catch {
            throw ContextError(context: context(), underlying: error, kind: kind)
        }
    }
}

extension Error {
    /// This error, or the innermost error beneath any `ContextError` wrappers.
    package var rootError: any Error {
        (self as? ContextError)?.root ?? self
    }

    /// This error as a `T`, looking through any `ContextError` wrappers; nil when neither it nor an underlying
    /// error is a `T`.
    package func unwrapped<T: Error>(as type: T.Type) -> T? {
        if let match = self as? T { return match }
        return (self as? ContextError)?.underlying(as: type)
    }

    /// This error wrapped with `context` (see `ContextError`).
    /// - Parameter kind: replaces this error's kind; nil keeps it.
    package func withContext(_ context: String, kind: FailureKind? = nil) -> ContextError {
        ContextError(context: context, underlying: self, kind: kind)
    }
}
