import Foundation
package import QuartierModel

/// The reports of an analysis's steps, printed and recorded in `manifest.json`.
package struct StepReports: Sendable, Codable {
    package var joins: [JoinReport] = []
    package var counts: [PointCountReport] = []
    package var grid: GridReport?
    package var access: [AccessStepReport] = []
    package var hotspots: [HotspotSummary] = []
    /// `[[series]]`: every vintage with its source and reference date, the crosswalks and the trend fields.
    package var series: [SeriesReport] = []
    package var emerging: [EmergingSummary] = []
    package var rollups: [RollUpReport] = []
    package var publish: PublishReport?
    /// `quartier access`: access per origin.
    package var originAccess: AccessReport?

    /// The lines printed after a run.
    package var summary: [String] {
        var lines: [String] = joins.map(\.summary) + counts.map(\.summary)
        lines += grid.map { [$0.summary] } ?? []
        for report in series { lines += [report.summary] + report.crosswalks.map(\.summary) }
        lines += access.map(\.summary)
        lines += hotspots.map(\.text)
        lines += emerging.map(\.text)
        lines += rollups.map(\.summary)
        lines += publish.map { [$0.summary] } ?? []
        return lines
    }
}
