import QuartierTOML

extension HotspotSpec {
    /// Reads a `[[hotspots]]` table of an analysis file (keys as the command-line flags, with `_`).
    static func parse(_ s: inout TOMLSection) throws -> HotspotSpec {
        var spec = HotspotSpec()
        spec.field = try s.string("field")
        spec.field2 = try s.string("field2")
        spec.events = try s.string("events")
        spec.population = try s.string("population")
        if let weights = try s.string("weights") {
            do {
                spec.weights = try WeightsKind.parse(weights)
            } catch let error as QuartierError {
                throw s.error(error.message, line: s.line(of: "weights"))
            }
        }
        spec.weightsFile = try s.string("weights_file")
        spec.saveWeights = try s.string("save_weights")
        do {
            spec.transform = try WeightsTransform.parse(try s.string("transform") ?? "R")
        } catch let error as QuartierError {
            throw s.error("[[hotspots]]: \(error.message)", line: s.line)
        }
        spec.snap = try s.double("snap") ?? 0
        do {
            spec.islands = try IslandPolicy.parse(try s.string("islands") ?? "keep")
        } catch let error as QuartierError {
            throw s.error("[[hotspots]]: \(error.message)", line: s.line)
        }
        spec.permutations = try s.integer("permutations") ?? 999
        if let seed = try s.integer("seed") {
            guard seed >= 0 else { throw s.error("seed must be >= 0", line: s.line(of: "seed")) }
            spec.seed = UInt64(seed)
        }
        spec.alpha = try s.double("alpha") ?? 0.05
        let fdr = try s.double("fdr")
        let bonferroni = try s.bool("bonferroni") ?? false
        if fdr != nil && bonferroni { throw s.error("use either fdr or bonferroni, not both", line: s.line) }
        spec.correction = fdr.map { .fdr($0) } ?? (bonferroni ? .bonferroni : .none)
        spec.threads = try s.integer("threads")
        spec.prefix = try s.string("prefix") ?? ""
        if let problem = spec.problem() { throw s.error("[[hotspots]]: \(problem)", line: s.line) }
        return spec
    }
}
