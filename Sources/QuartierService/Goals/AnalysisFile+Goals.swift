import QuartierStats
import QuartierTOML

extension AnalysisFile {
    /// Checks the targets of the indicators this analysis names (`[indicators]`) against it, so that `check` and
    /// `run` stop before any work: a target's level is `areas`, `city` or one of the analysis' `[[rollup]]` names, and
    /// a target whose value or baseline is the city's value needs its field to be a rate column of a `[[series]]`.
    /// Problems name the catalogue file and the target's line.
    func checkGoalTargets() throws {
        let rollups = steps.rollups.map(\.name)
        for (field, entry) in indicators.sorted(by: { $0.key < $1.key }) {
            for target in entry.targets ?? [] {
                func fail(_ message: String) -> ConfigurationError {
                    ConfigurationError(
                        file: cataloguePath ?? path, line: target.line, column: 0,
                        message: "[[indicators.\(entry.id).targets]] (used by \(path) for '\(field)'): \(message)")
                }
                if case .rollup(let name) = target.levelRef, !rollups.contains(name) {
                    throw fail(
                        "level = \"\(name)\" is neither \"areas\", \"city\" nor a [[rollup]] of this analysis"
                            + (rollups.isEmpty ? " (it has none)" : " (" + rollups.joined(separator: ", ") + ")"))
                }
                let series = steps.series.first { $0.columns.contains(field) }
                if target.baselineOfCity, let series, series.rates[field] == nil {
                    throw fail(
                        "baseline = \"city\" needs the city's value of '\(field)': carry it as a rate in [[series]] "
                            + "'\(series.name)' (rates = { \(field) = \"<denominator>\" })")
                }
            }
        }
    }
}
