import Foundation
import QuartierTOML

/// The parts of `AnalysisFile.parse` that read one kind of table each.
extension AnalysisFile {
    /// `[inputs.<name>]` (at least one) and `[areas]`, whose input must be declared and have an `id`.
    static func parseInputs(_ root: inout TOMLSection, folder: URL) throws -> ([InputSpec], AreasSpec) {
        var inputs: [InputSpec] = []
        for (inputName, var section) in try root.namedSections("inputs") {
            inputs.append(try InputSpec.parse(&section, name: inputName, folder: folder))
            try section.finish()
        }
        guard !inputs.isEmpty else { throw root.error("at least one [inputs.<name>] table is required", line: 1) }

        guard var areasSection = try root.section("areas") else {
            throw root.error("the [areas] table is required: input = \"<name of an input>\"", line: 1)
        }
        let areas = AreasSpec(input: try areasSection.requiredString("input"), line: areasSection.line)
        try areasSection.finish()
        guard let areaInput = inputs.first(where: { $0.name == areas.input }) else {
            throw areasSection.error(
                "[areas] input '\(areas.input)' is not declared; declared inputs: "
                    + inputs.map(\.name).joined(separator: ", "), line: areasSection.line(of: "input"))
        }
        guard areaInput.idField != nil else {
            throw root.error(
                "the area input [inputs.\(areaInput.name)] needs id = \"<key field>\" (e.g. PLR_ID)",
                line: areaInput.line)
        }
        if let other = inputs.first(where: { $0.fields != nil && $0.name != areas.input }) {
            throw root.error(
                "[inputs.\(other.name)] fields = […] chooses the fields read from the area input only; "
                    + "'\(other.name)' is not the area input ('\(areas.input)')", line: other.line)
        }

        return (inputs, areas)
    }

    /// `[[tiles]]`, each on the areas or a roll-up.
    static func parseTiles(_ root: inout TOMLSection, rollups: [RollUpStep]) throws -> [TilesStep] {
        var tiles: [TilesStep] = []
        for var section in try root.sectionArray("tiles") {
            let step = try TilesStep.parse(&section)
            guard step.layer.exists(among: rollups) else {
                throw section.error(
                    "[[tiles]] layer '\(step.layer)' is neither \"areas\" nor a [[rollup]]", line: step.line)
            }
            tiles.append(step)
            try section.finish()
        }
        return tiles
    }

    /// `[[profile]]`, each named apart from the outputs and the other profiles.
    static func parseProfiles(
        _ root: inout TOMLSection, outputs: [OutputSpec], rollups: [RollUpStep]
    ) throws -> [ProfileStep] {
        var profiles: [ProfileStep] = []
        for var section in try root.sectionArray("profile") {
            let profile = try ProfileStep.parse(&section, rollups: rollups)
            guard !outputs.contains(where: { $0.name == profile.name }),
                !profiles.contains(where: { $0.name == profile.name })
            else {
                throw section.error(
                    "[[profile]] name '\(profile.name)' is already used", line: section.line(of: "name"))
            }
            profiles.append(profile)
            try section.finish()
        }
        return profiles
    }

    /// Refuses `tier = "public"` on the first table declaring it when the file has no `[publish]`.
    static func requirePublish(_ declaredPublic: [(String, Int)], _ root: TOMLSection) throws {
        if let first = declaredPublic.first {
            throw root.error(
                "\(first.0) has tier = \"public\" but the file has no [publish] table: public outputs must pass "
                    + "suppression; add [publish] with [publish.suppression], or remove tier", line: first.1)
        }
    }
}
