import QuartierTOML

/// Who may read an output: the public (anyone, without a token) or internal staff (the server's read token).
/// `[publish]` writes the public tier; `[outputs.<name>]`, `[[tiles]]` and `[[profile]]` are internal unless their
/// table says `tier = "public"`, which needs `[publish]`: public outputs are written from the layers as
/// suppression left them (the plan runs suppression before every output). Recorded per output in `manifest.json`
/// (`tier`); the server and `quartier audit` take it from there.
package enum OutputTier: String, Codable, Sendable, CaseIterable {
    case `public`
    case `internal`

    /// Reads `tier` of an output's table (default `internal`).
    /// - Parameter place: the table as the message names it, e.g. `[outputs.bezirke]`.
    static func parse(_ s: inout TOMLSection, place: String) throws -> OutputTier {
        guard let text = try s.string("tier") else { return .internal }
        guard let tier = OutputTier(rawValue: text) else {
            throw s.error(
                "\(place) tier = '\(text)' is unknown; use \"public\" (needs [publish]: the output is then written "
                    + "from the suppressed layers) or \"internal\" (the default: read token on the server)",
                line: s.line(of: "tier"))
        }
        return tier
    }

    /// The tier of a manifest entry written before tiers existed: internal, so that nothing is served to the
    /// public that no analysis file declared public.
    package static let legacy: OutputTier = .internal
}
