import Foundation
import QuartierTOML

/// `[profiles]`: the area profiles written with every run of the analysis (`profiles/<level>/<id>.html` and
/// `index.html` in the output folder), made from the run's public files after the audit, as
/// `quartier profiles` makes them; recorded in `manifest.json` (role `area_profiles`, tier public). Needs
/// `[publish]`: profiles are public.
package struct AreaProfilesSpec: Sendable {
    /// The levels profiled: `areas` and roll-ups.
    package var levels: [String]
    /// The level each profile is compared with (e.g. `laender`); nil: the total over every area.
    package var reference: String?
    /// The name of that total (default "Gesamtgebiet").
    package var totalName: String
    /// Also print each profile to PDF (needs Chromium).
    package var pdf: Bool
    package var line: Int

    static func parse(_ s: inout TOMLSection, rollups: [String]) throws -> AreaProfilesSpec {
        let levels = try s.stringArray("levels") ?? [LayerRef.areasName]
        let known = [LayerRef.areasName] + rollups
        for level in levels where !known.contains(level) {
            throw s.error(
                "[profiles] level '\(level)' is neither \"areas\" nor a [[rollup]]; declared: "
                    + known.joined(separator: ", "), line: s.line(of: "levels"))
        }
        let reference = try s.string("reference")
        if let reference, !rollups.contains(reference) {
            throw s.error(
                "[profiles] reference '\(reference)' is not a [[rollup]]; declared: " + rollups.joined(separator: ", "),
                line: s.line(of: "reference"))
        }
        return AreaProfilesSpec(
            levels: levels, reference: reference, totalName: try s.string("total_name") ?? "Gesamtgebiet",
            pdf: try s.bool("pdf") ?? false, line: s.line)
    }

    /// Writes the profiles of the run in `folder` (its manifest and public files written) into
    /// `folder/profiles/<level>/`; returns the manifest entries (one per level: its index page).
    func write(folder: String) throws -> [Manifest.FileRef] {
        let run = try AreaProfileRun.read(folder: folder)
        var entries: [Manifest.FileRef] = []
        for level in levels {
            let relative = "profiles/\(level)"
            let target = (folder as NSString).appendingPathComponent(relative)
            _ = try AreaProfileWriter.write(
                run,
                options: AreaProfileOptions(level: level, referenceLevel: reference, totalName: totalName, pdf: pdf),
                to: target)
            let index = relative + "/index.html"
            entries.append(
                Manifest.FileRef(
                    path: index,
                    sha256: try FileSupport.sha256(ofFile: (folder as NSString).appendingPathComponent(index)),
                    role: .areaProfiles, level: level, tier: .public))
        }
        return entries
    }
}
