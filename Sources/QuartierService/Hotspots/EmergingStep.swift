import QuartierModel
import QuartierTOML

/// `[[emerging]]`: emerging hot spot analysis of a column of a `[[series]]` on the areas, as `quartier emerging`
/// (`EmergingAnalysis`): adds `PATTERN`, `CATEGORY`, `TREND_Z`, `TREND_P` and `state` after `prefix` (default
/// `ehsa_`) as hotspot outputs.
package struct EmergingStep: Sendable {
    /// The `[[series]]` by name, and its column.
    package var series: String
    package var column: String
    package var weights: WeightsKind = .queen
    package var timeLag = 1
    package var alpha = 0.05
    package var fdr = false
    package var prefix = "ehsa_"
    package var line: Int

    /// Reads an `[[emerging]]` table; the series must be declared before (any `[[series]]` of the file).
    static func parse(_ s: inout TOMLSection, series: [SeriesSpec]) throws -> EmergingStep {
        let name = try s.requiredString("series")
        guard let declared = series.first(where: { $0.name == name }) else {
            throw s.error(
                "[[emerging]] series = '\(name)' is no [[series]] name; declared: "
                    + (series.isEmpty ? "none" : series.map(\.name).joined(separator: ", ")), line: s.line(of: "series")
            )
        }
        let column = try s.string("column") ?? declared.columns[0]
        guard declared.columns.contains(column) else {
            throw s.error(
                "[[emerging]] column '\(column)' is not a column of [[series]] '\(name)': "
                    + declared.columns.joined(separator: ", "), line: s.line(of: "column"))
        }
        var step = EmergingStep(series: name, column: column, line: s.line)
        if let weights = try s.string("weights") {
            do {
                step.weights = try WeightsKind.parse(weights)
            } catch let error as QuartierError {
                throw s.error(error.message, line: s.line(of: "weights"))
            }
        }
        step.timeLag = try s.integer("time_lag") ?? 1
        guard step.timeLag >= 0 else { throw s.error("time_lag must be ≥ 0", line: s.line(of: "time_lag")) }
        step.alpha = try s.double("alpha") ?? 0.05
        guard step.alpha > 0, step.alpha < 1 else {
            throw s.error("alpha must lie between 0 and 1", line: s.line(of: "alpha"))
        }
        step.fdr = try s.bool("fdr") ?? false
        step.prefix = try s.string("prefix") ?? "ehsa_"
        return step
    }
}

extension EmergingStep: PlanStep {
    var timingName: String? { "emerging:\(series).\(column)" }

    func apply(to state: inout AnalysisState) throws -> StepReport {
        let context = state.context
        guard let data = state.series[series], let values = data.columns[column] else {
            throw QuartierError.internal("[[emerging]] ran before its [[series]] '\(series)'")
        }
        guard let idColumn = state.areas.fieldIndex(context.idField) else {
            throw QuartierError.internal("the areas lost their id field")
        }
        let ids = state.areas.features.map { $0.attributes[idColumn].keyText ?? "" }
        var summary: EmergingSummary?
        do {
            try state.extend(as: .hotspot, from: [AnalysisState.seriesSource(series)]) { areas in
                let outcome = try EmergingAnalysis.run(
                    areas, ids: ids, values: values, steps: data.steps, variable: column, source: series,
                    weights: weights, timeLag: timeLag, alpha: alpha, fdr: fdr, prefix: prefix)
                summary = outcome.summary
                return outcome.layer
            }
        } catch let error as any QuartierFailure where context.analysis != nil {
            throw ContextError(context: context.place("[[emerging]] of '\(series)'", line: line), underlying: error)
        }
        guard let summary else { throw QuartierError.internal("[[emerging]] returned no summary") }
        return .emerging(summary)
    }
}
