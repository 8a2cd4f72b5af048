import Foundation

/// The locator map of a profile as inline SVG, drawn from the public GeoJSON geometries (lon/lat, projected
/// equirectangularly at the frame's mean latitude; no tiles, no requests): the frame's outlines in grey, the parent
/// shaded, the area dark, with a ring around it when it would be smaller than a few pixels.
package struct LocatorMap: Sendable {
    typealias Polygons = [[[SIMD2<Double>]]]

    let minimum: SIMD2<Double>
    let maximum: SIMD2<Double>
    let xScale: Double
    let pixels: Double
    package let width: Double
    package let height: Double

    /// A map whose frame holds `polygons`, at most `size` pixels wide or high.
    init?(framing polygons: [Polygons], size: Double = 300) {
        let points = polygons.joined().joined().joined()
        guard let first = points.first else { return nil }
        var (lo, hi) = (first, first)
        for p in points {
            lo = pointwiseMin(lo, p)
            hi = pointwiseMax(hi, p)
        }
        minimum = lo
        maximum = hi
        xScale = cos((lo.y + hi.y) / 2 * .pi / 180)
        let (w, h) = (max((hi.x - lo.x) * xScale, 1e-9), max(hi.y - lo.y, 1e-9))
        pixels = size / max(w, h)
        width = (w * pixels).rounded(.up)
        height = (h * pixels).rounded(.up)
    }

    func project(_ p: SIMD2<Double>) -> SIMD2<Double> {
        SIMD2((p.x - minimum.x) * xScale * pixels, (maximum.y - p.y) * pixels)
    }

    /// The SVG path data of polygons, leaving out points closer than 0.6 px to the previous one.
    func path(_ polygons: Polygons) -> String {
        var d = ""
        for polygon in polygons {
            for ring in polygon {
                var last: SIMD2<Double>?
                var kept: [SIMD2<Double>] = []
                for p in ring {
                    let q = project(p)
                    if let l = last, abs(q.x - l.x) < 0.6 && abs(q.y - l.y) < 0.6 { continue }
                    kept.append(q)
                    last = q
                }
                guard kept.count >= 3 else { continue }
                d += "M" + kept.map { String(format: "%.1f %.1f", $0.x, $0.y) }.joined(separator: "L") + "Z"
            }
        }
        return d
    }

    /// The projected bounding box of polygons (nil when empty).
    func box(_ polygons: Polygons) -> (SIMD2<Double>, SIMD2<Double>)? {
        let points = polygons.joined().joined().map(project)
        guard let first = points.first else { return nil }
        return points.reduce((first, first)) { (pointwiseMin($0.0, $1), pointwiseMax($0.1, $1)) }
    }

    /// The whole SVG element.
    /// - Parameters:
    ///   - context: the outlines of the frame (drawn once per frame; callers cache `contextPaths`).
    ///   - parent: the parent's polygons, shaded.
    func svg(contextPaths: String, parent: Polygons?, area: Polygons, title: String) -> String {
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"karte\" role=\"img\" "
        svg += String(
            format: "viewBox=\"-2 -2 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\">", width + 4, height + 4, width + 4,
            height + 4)
        svg += "<title>\(AreaProfileHTML.escape(title))</title>"
        if let parent { svg += "<path class=\"eltern\" d=\"\(path(parent))\"/>" }
        svg += contextPaths
        svg += "<path class=\"gebiet\" d=\"\(path(area))\"/>"
        if let (lo, hi) = box(area), max(hi.x - lo.x, hi.y - lo.y) < 8 {
            let c = (lo + hi) / 2
            svg += String(format: "<circle class=\"marke\" cx=\"%.1f\" cy=\"%.1f\" r=\"9\"/>", c.x, c.y)
        }
        return svg + "</svg>"
    }

    /// The outlines of the frame's areas as one path element.
    func contextPaths(_ outlines: [Polygons]) -> String {
        "<path class=\"rahmen\" d=\"\(outlines.map(path).joined())\"/>"
    }
}
