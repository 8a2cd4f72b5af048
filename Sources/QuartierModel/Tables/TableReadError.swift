/// An error reading an indicator table (CSV): a stable code for programs and a message for people
/// that names the file, the line and what to do.
///
/// Codes are compared in tests; messages are not. Modelled on GRDB's `DatabaseError` and
/// Quartier's `GDALError`. Every code is a user error (exit code 1).
package struct TableReadError: QuartierFailure {
    /// What went wrong, as a stable code.
    package struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        package let rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }
        package var description: String { rawValue }

        /// The path names no file.
        package static let fileNotFound = Code(rawValue: "file_not_found")
        /// The file exists but cannot be read as a text table (a folder, no permission, a binary
        /// file such as an `.xlsx`, a quoted field that never ends, a bad option).
        package static let unreadable = Code(rawValue: "unreadable")
        /// The file holds no data rows (it is empty, blank, or has only a header).
        package static let empty = Code(rawValue: "empty")
        /// No header row was found, or `CSVReadOptions.headerRow` names no line of the table.
        package static let noHeader = Code(rawValue: "no_header")
        /// A data row has a different number of fields than the header (often a line that uses
        /// another delimiter); columns are never shifted silently.
        package static let inconsistentRow = Code(rawValue: "inconsistent_row")
    }

    package var code: Code
    /// One or two sentences naming the file, the line and what to do.
    package var message: String
    /// The file concerned, when the table was read from a file.
    package var path: String?
    /// The 1-based line in the file concerned, when one line is at fault.
    package var line: Int?

    package init(code: Code, message: String, path: String? = nil, line: Int? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.line = line
    }

    /// An error whose message starts with the place: `file 'x.csv', line 5: what. hint`.
    ///
    /// - Parameters:
    ///   - what: what is wrong, without the place.
    ///   - hint: what the user can do about it, or nil.
    package init(_ code: Code, _ what: String, hint: String? = nil, path: String?, line: Int? = nil) {
        var place = path.map { "file '\($0)'" } ?? "table"
        if let line { place += ", line \(line)" }
        var text = "\(place): \(what)"
        if let hint { text += ". \(hint)" }
        self.init(code: code, message: text, path: path, line: line)
    }

    package var description: String { message }

    /// Every table error is the input's: bad input.
    package var kind: FailureKind { .badInput }
}
