import ArgumentParser
import Foundation
import QuartierService

/// The declaration `quartier audit` takes its help from.
private let auditFlags = CommandInterface.audit

/// `quartier audit OUT`: the disclosure audit from a run's public files alone (`PublicAudit`). Prints each count
/// field's suppressed cells with the interval of values consistent with everything published; exits 1 when a cell
/// is pinned or shown to be below the minimum count, 0 otherwise.
struct Audit: ParsableCommand {
    static let configuration = CommandInterface.audit.configuration

    @Argument(help: auditFlags.argumentHelp("out")) var out: String
    @Option(help: auditFlags.argumentHelp("json")) var json: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        _ = common.bootstrap()
        var passed = true
        try reportingErrors {
            try OutputPaths.check(outputs: [json.map { .init("--json", $0) }], inputs: [.init("output folder", out)])
            let report = try PublicAudit.run(folder: out)
            for line in report.lines { say(line) }
            if let json { try FileSupport.writeAtomically(try FileSupport.json(report), to: json) }
            passed = report.passed
        }
        if !passed { throw ExitCode(1) }
    }
}
