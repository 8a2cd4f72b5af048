import Foundation
import Logging
@testable import quartier
import Testing

/// Log lines: the `StreamLogHandler` layout on a terminal or file; in the journal, a syslog priority prefix and
/// no time stamp; metadata (handler, provider, message) merged, sorted, formatted only when a line is written.
@Suite("ConsoleLogHandler")
struct ConsoleLogHandlerTests {
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func append(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }

    @Test func journalAndTerminalLines() {
        let lines = Lines()
        var journal = Logger(label: "quartier") {
            ConsoleLogHandler(label: $0, level: .info, journal: true, output: lines.append)
        }
        journal[metadataKey: "hb.request.id"] = "abc"
        journal.warning("input changed", metadata: ["job": "j1"])
        journal.debug("not written: below info")
        journal.error("cannot read", error: CocoaError(.fileReadNoSuchFile))
        let terminal = Logger(label: "quartier") {
            ConsoleLogHandler(label: $0, level: .notice, journal: false, output: lines.append)
        }
        terminal.notice("listening")
        let written = lines.all
        #expect(written.count == 3)
        #expect(written.first == "<4>warning quartier: hb.request.id=abc job=j1 [QuartierServiceTests] input changed\n")
        #expect(written.dropFirst().first?.hasPrefix("<3>error quartier: error=") == true)
        // 2026-11-23T01:49:41+0000 notice quartier: [QuartierServiceTests] listening
        let line = written.last ?? ""
        #expect(line.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} notice quartier: \[QuartierServiceTests\] listening\n$"#, options: .regularExpression) != nil, "\(line)")
        #expect([Logger.Level.trace, .debug, .info, .notice, .warning, .error, .critical].map(ConsoleLogHandler.priority) == [7, 7, 6, 5, 4, 3, 2])
    }

    /// `JOURNAL_STREAM` counts only when it names standard error's own device and inode.
    @Test func journalStreamMustBeStandardError() {
        var status = stat()
        #expect(fstat(STDERR_FILENO, &status) == 0)
        let own = "\(status.st_dev):\(status.st_ino)"
        #expect(ConsoleLogHandler.standardErrorIsJournal(["JOURNAL_STREAM": own]))
        #expect(!ConsoleLogHandler.standardErrorIsJournal(["JOURNAL_STREAM": "\(status.st_dev):\(status.st_ino + 1)"]))
        #expect(!ConsoleLogHandler.standardErrorIsJournal(["JOURNAL_STREAM": "garbage"]))
        #expect(!ConsoleLogHandler.standardErrorIsJournal([:]))
    }
}
