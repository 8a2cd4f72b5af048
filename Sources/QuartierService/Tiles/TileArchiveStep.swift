import Foundation
import QuartierModel
import QuartierTiles

/// `quartier tiles` as a plan step: the areas (in lon/lat) cut into vector tiles and written to one archive or
/// z/x/y folder, renamed into place (`TilesCommand.write`). The reports go into the state. Timed parts: `tiles`,
/// `write`.
struct TileArchiveStep: PlanStep {
    var name: String
    var minZoom: Int
    var maxZoom: Int
    var fields: [String]?
    var url: URL
    var format: TileOutput.Format
    /// Replace an existing output (`--force`).
    var replace: Bool
    var shaping: TileShaping

    var timingName: String? { nil }

    func apply(to state: inout AnalysisState) throws -> StepReport {
        let context = state.context
        let written = try TilesCommand.write(
            state.areas, idField: context.idField, name: name, minZoom: minZoom, maxZoom: maxZoom, fields: fields,
            to: url, format: format, replace: replace, timer: context.timer, shaping: shaping)
        state.tileArchives.append(written)
        return .none
    }
}
