import Foundation
package import QuartierModel

/// The reports of an analysis's steps, printed and recorded in `manifest.json`.
package struct StepReports: Sendable, Codable {
    package var joins: [JoinReport] = []
    package var counts: [PointCountReport] = []
    package var grid: GridReport?
    package var access: [AccessStepReport] = []
    package var hotspots: [HotspotSummary] = []
    package var rollups: [RollUpReport] = []
    package var publish: PublishReport?
    /// `quartier access`: access per origin.
    package var originAccess: AccessReport?

    /// The lines printed after a run.
    package var summary: [String] {
        joins.map(\.summary) + counts.map(\.summary) + (grid.map { [$0.summary] } ?? []) + access.map(\.summary)
            + hotspots.map(\.text)
            + rollups.map(\.summary) + (publish.map { [$0.summary] } ?? [])
    }
}
