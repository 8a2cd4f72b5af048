import Logging
import QuartierModel
import QuartierStats

// The steps that compute new fields of the areas from fields they already have.

extension RateSpec: PlanStep {
    var timingName: String? { "rate:\(name)" }

    /// `[[rate]]`: numerator / denominator × scale (a rate, recomputed from the sums in roll-ups).
    func apply(to state: inout AnalysisState) throws -> StepReport {
        try state.extend(as: .rate, from: [numerator, denominator]) { try self.apply(to: $0) }
        return .none
    }
}

extension IndexStep: PlanStep {
    var timingName: String? { "index:\(name)" }

    /// `[[index]]`: a composite index with its class (indicators).
    func apply(to state: inout AnalysisState) throws -> StepReport {
        var included = 0
        let sources = index.components.map(\.name) + excludeBelow.keys.sorted()
        try state.extend(as: .indicator, from: sources, acrossAreas: true) { areas in
            let outcome = try self.apply(to: areas)
            included = outcome.included
            return outcome.layer
        }
        state.context.logger.info("index \(name): \(included) of \(state.areas.features.count) areas included")
        return .none
    }
}

extension IndexTypesStep: PlanStep {
    var timingName: String? { "index_types:\(name)" }

    /// `[[index_types]]`: the areas' types from the components of an index (indicators).
    func apply(to state: inout AnalysisState) throws -> StepReport {
        // The classes of the two indexes (and so everything they are computed from).
        try state.extend(as: .indicator, from: [first + "_class", second + "_class"], acrossAreas: true) {
            try self.apply(to: $0)
        }
        return .none
    }
}

extension UnderservedStep: PlanStep {
    var timingName: String? { "underserved" }

    /// `[underserved]`: demand, access and need combined into a score (indicators).
    func apply(to state: inout AnalysisState) throws -> StepReport {
        let idField = state.context.idField
        let sources = [demand] + access.map(\.field) + [need.field]
        try state.extend(as: .indicator, from: sources, acrossAreas: true) { try self.apply(to: $0, idField: idField) }
        return .none
    }
}
