import Foundation
package import Logging

/// Log lines on standard error, in swift-log's `StreamLogHandler` layout (`time level label: key=value [source]
/// message`), with two differences that matter to a daemon:
/// - metadata are formatted when a line is written, not when they are set: the server sets a request id on every
///   request's logger, and most requests write no line (`StreamLogHandler` formats all metadata on every set);
/// - under systemd, when standard error is the journal (`JOURNAL_STREAM` names it, see systemd.exec(5)), each line
///   starts with its syslog priority (`<3>` error … `<7>` debug, sd-daemon(3)) and carries no time stamp, so that
///   `journalctl -p warning` filters by level and the journal's own time is not repeated.
package struct ConsoleLogHandler: LogHandler {
    package let label: String
    package var logLevel: Logger.Level
    package var metadata: Logger.Metadata = [:]
    package var metadataProvider: Logger.MetadataProvider?
    /// Lines in the journal's form (priority prefix, no time stamp).
    package let journal: Bool
    /// Where lines go: standard error.
    private let output: @Sendable (String) -> Void

    package init(
        label: String, level: Logger.Level, journal: Bool = ConsoleLogHandler.standardErrorIsJournal(),
        output: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    ) {
        self.label = label
        self.logLevel = level
        self.journal = journal
        self.output = output
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        if let error = event.error { merged["error"] = "\(error)" }
        let pairs = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let level = event.level
        let head = journal ? "<\(Self.priority(level))>\(level) \(label):" : "\(Self.timestamp()) \(level) \(label):"
        let text = "\(head)\(pairs.isEmpty ? "" : " " + pairs) [\(event.source)] \(event.message)\n"
        output(text)
    }

    /// The syslog priority of a level (sd-daemon(3) prefixes): trace and debug 7, info 6, notice 5, warning 4,
    /// error 3, critical 2.
    package static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// Whether standard error is the stream systemd connected to the journal: `JOURNAL_STREAM` is `device:inode`
    /// of that stream, compared with standard error's own (a redirected stderr keeps the variable but not the
    /// inode).
    package static func standardErrorIsJournal(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard let value = environment["JOURNAL_STREAM"] else { return false }
        let parts = value.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var status = stat()
        guard fstat(STDERR_FILENO, &status) == 0 else { return false }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }

    /// Local time with the UTC offset, as `StreamLogHandler` writes it (`2026-11-23T01:49:41+0000`).
    package static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let length = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
