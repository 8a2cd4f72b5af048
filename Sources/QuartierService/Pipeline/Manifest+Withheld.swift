import QuartierModel

extension Manifest {
    /// Keeps the totals of protected counts out of `manifest.json`, which a published job serves to anyone.
    ///
    /// An input whose records are counted into a protected count (`[[count]]` of points into a declared count,
    /// `[[observations]]` into its theme counts) has as many records as the sum of that count over every area: its
    /// `featureCount` and the count step's report ("n of m points inside an area", the ids of the points outside)
    /// would give away the whole's total, which secondary suppression does not protect when a part of it is hidden.
    /// Their number goes to the run's log and summary only; here `featureCount` is `null` and `withheld` says why.
    ///
    /// - Parameters:
    ///   - sources: the count fields made from each input's records (`AnalysisState.countSources`).
    ///   - protected: the counts suppression protects (declared counts and the observations' counts).
    mutating func withholdTotals(sources: [String: [String]], protected: Set<String>) {
        let names = Set(sources.filter { !protected.isDisjoint(with: $0.value) }.keys)
        guard !names.isEmpty else { return }
        var notes: [String] = []
        for (position, input) in inputs.enumerated() where names.contains(input.name) {
            inputs[position].featureCount = nil
            let fields = (sources[input.name] ?? []).filter(protected.contains).sorted()
            notes.append(
                "the number of records of '\(input.name)': they are counted into the protected count"
                    + (fields.count == 1 ? " " : "s ") + fields.map { "'\($0)'" }.joined(separator: ", "))
        }
        let withheldReports = reports.counts.filter { $0.input.map(names.contains) ?? false }
        reports.counts.removeAll { $0.input.map(names.contains) ?? false }
        for report in withheldReports {
            notes.append("the count report of '\(report.input ?? "")' (points inside and outside the areas)")
        }
        withheld = (withheld ?? []) + notes
    }
}
