import ArgumentParser
import Foundation
import QuartierService

/// The declaration `quartier indicators` takes its help and defaults from.
private let indicatorsFlags = CommandInterface.indicators

/// `quartier indicators [--catalogue FILE] [--json] [ANALYSIS…]`: lists the indicator catalogue and
/// checks that every indicator an analysis file names is in it (loading an analysis file checks its
/// ids against its own `catalogue`; here they are also checked against the one listed).
struct Indicators: ParsableCommand {
    static let configuration = CommandInterface.indicators.configuration

    @Option(help: indicatorsFlags.argumentHelp("catalogue")) var catalogue = indicatorsFlags.defaultString("catalogue")
    @Flag(help: indicatorsFlags.argumentHelp("json")) var json = false
    @Argument(help: indicatorsFlags.argumentHelp("analyses")) var analyses: [String] = []
    @OptionGroup var common: CommonOptions

    func run() throws {
        _ = common.bootstrap()
        try reportingErrors {
            let loaded = try IndicatorCatalogue.load(catalogue)
            for path in analyses {
                let analysis = try AnalysisFile.load(path)
                let unknown = analysis.indicators.filter { loaded.entry($0.value.id) != $0.value }.keys.sorted()
                guard unknown.isEmpty else {
                    throw QuartierError.user(
                        "\(path): the indicators of \(unknown.joined(separator: ", ")) are not (or differently) in \(catalogue)")
                }
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(loaded.entries), as: UTF8.self))
            } else {
                for entry in loaded.entries {
                    let unit = entry.unit.isEmpty ? "" : " [\(entry.unit)]"
                    print("\(entry.id): \(entry.title)\(unit) — \(entry.source), \(entry.referenceDate), \(entry.polarity)")
                    for target in entry.targets ?? [] { print("  target: \(target.summary)") }
                }
            }
            for path in analyses { say("OK: every indicator of \(path) is in the catalogue") }
        }
    }
}
