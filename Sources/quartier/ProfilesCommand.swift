import ArgumentParser
import Foundation
import QuartierService

/// The declaration `quartier profiles` takes its help from.
private let profilesFlags = CommandInterface.profiles

/// `quartier profiles RUN --out DIR`: one printable HTML page per area (and `index.html`) from a run's public files
/// (`AreaProfileWriter`); `--pdf` prints each with headless Chromium.
struct Profiles: ParsableCommand {
    static let configuration = CommandInterface.profiles.configuration

    @Argument(help: profilesFlags.argumentHelp("folder")) var folder: String
    @Option(help: profilesFlags.argumentHelp("level")) var level: String = "areas"
    @Option(help: profilesFlags.argumentHelp("ids")) var ids: String?
    @Option(help: profilesFlags.argumentHelp("reference")) var reference: String?
    @Option(help: profilesFlags.argumentHelp("total-name")) var totalName: String = "Gesamtgebiet"
    @Option(help: profilesFlags.argumentHelp("out")) var out: String
    @Flag(help: profilesFlags.argumentHelp("pdf")) var pdf = false

    @OptionGroup var common: CommonOptions

    func run() throws {
        _ = common.bootstrap()
        try reportingErrors {
            try OutputPaths.check(outputs: [], inputs: [.init("run folder", folder)])
            let source = try AreaProfileRun.read(folder: folder)
            let options = AreaProfileOptions(
                level: level,
                ids: ids.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } },
                referenceLevel: reference, totalName: totalName, pdf: pdf)
            let report = try AreaProfileWriter.write(source, options: options, to: out)
            say(
                String(
                    format: "profiles: %d of level '%@' written to %@ in %.2f s", report.profiles, report.level, out,
                    report.seconds))
            if report.pdfs > 0 { say(String(format: "  %d PDF(s) printed in %.1f s", report.pdfs, report.pdfSeconds)) }
        }
    }
}
