import ArgumentParser
import Foundation
import Logging
import QuartierModel
import QuartierService

/// The `quartier` command line: argument parsing only; the work happens in QuartierService.
@main
struct Quartier: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "quartier",
            abstract: "Small-area analysis for municipal education monitoring (DKBM).",
            version: QuartierVersion.line,
            subcommands: [Inspect.self, Check.self, Run.self, Join.self, Count.self, Hotspots.self, Emerging.self, Access.self, Tiles.self, Publish.self, Audit.self, Profiles.self, Indicators.self, Serve.self, Bench.self])
    }

    /// Parses and runs a command. Bad arguments exit with 1, the documented code for user errors, not
    /// ArgumentParser's EX_USAGE (64); help, version and every other outcome are ArgumentParser's.
    static func main() async {
        // A file-size limit (`ulimit -f`) makes write(2) fail with EFBIG instead of killing the process, so a
        // writer removes its temporary file and reports the failure like a full disk.
        signal(SIGXFSZ, SIG_IGN)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(1)
        }
    }
}

/// Options every command takes.
struct CommonOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Log more (info level); QUARTIER_LOG_LEVEL=debug|trace for more still.")
    var verbose = false

    /// Sets up logging to stderr once, at the level asked for.
    func bootstrap() -> Logger {
        let environment = ProcessInfo.processInfo.environment["QUARTIER_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) }
        let level = environment ?? (verbose ? .info : .notice)
        LoggingSystem.bootstrap { label in ConsoleLogHandler(label: label, level: level) }
        return Logger(label: "quartier")
    }
}

/// Runs a command body and maps failures to messages and exit codes: 1 for bad input or arguments,
/// 2 for internal errors.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        throw reportFailure(error)
    }
}

/// The one place the CLI maps an error to what the user sees: its message on stderr, prefixed `error:` for bad
/// input or `internal error:` otherwise, and the exit code of its kind (1 for bad input or arguments, 2 for
/// internal errors; `FailureKind.exitCode`). Returns the exit code to throw.
func reportFailure(_ error: any Error) -> ExitCode {
    let kind = FailureKind(of: error)
    let prefix = kind == .badInput ? "error" : "internal error"
    FileHandle.standardError.write(Data("\(prefix): \(error)\n".utf8))
    return ExitCode(kind.exitCode)
}

/// Prints a line to stdout.
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
