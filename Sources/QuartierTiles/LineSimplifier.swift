package import QuartierModel

/// Douglas–Peucker line simplification (Douglas & Peucker 1973, "Algorithms for the reduction of
/// the number of points required to represent a digitized line or its caricature", The Canadian
/// Cartographer 10(2)), iterative with an explicit stack so long borders cannot overflow it.
///
/// End points are always kept, so simplified arcs still meet at their junctions. A closed line
/// (first point repeated at the end) is split at the point farthest from its start and both halves
/// are simplified, so that a ring keeps at least three distinct points when it has them.
package enum LineSimplifier {
    /// The points of `line` kept at `tolerance` (same units as the coordinates, e.g. metres).
    ///
    /// - Parameters:
    ///   - line: two or more points; a closed line repeats its first point at the end.
    ///   - tolerance: the largest perpendicular distance of a dropped point from the simplified line;
    ///     0 or less keeps every point.
    package static func simplify(_ line: [Coordinate], tolerance: Double) -> [Coordinate] {
        guard line.count > 2, tolerance > 0 else { return line }
        var keep = [Bool](repeating: false, count: line.count)
        keep[0] = true
        keep[line.count - 1] = true
        let squared = tolerance * tolerance
        if line[0] == line[line.count - 1] {
            // Closed: the farthest point from the start splits the ring into two open halves.
            var far = 1
            var best = -1.0
            for i in 1..<(line.count - 1) {
                let dx = line[i].x - line[0].x
                let dy = line[i].y - line[0].y
                let d = dx * dx + dy * dy
                if d > best {
                    best = d
                    far = i
                }
            }
            keep[far] = true
            mark(line, 0, far, squared, &keep)
            mark(line, far, line.count - 1, squared, &keep)
        } else {
            mark(line, 0, line.count - 1, squared, &keep)
        }
        var out: [Coordinate] = []
        out.reserveCapacity(line.count)
        for (i, c) in line.enumerated() where keep[i] { out.append(c) }
        return out
    }

    /// Marks the points between `first` and `last` that lie farther than the tolerance.
    private static func mark(_ line: [Coordinate], _ first: Int, _ last: Int, _ squared: Double, _ keep: inout [Bool]) {
        var stack: [(Int, Int)] = [(first, last)]
        while let (a, b) = stack.popLast() {
            guard b - a > 1 else { continue }
            var index = -1
            var best = squared
            for i in (a + 1)..<b {
                let d = squaredSegmentDistance(line[i], line[a], line[b])
                if d > best {
                    best = d
                    index = i
                }
            }
            if index >= 0 {
                keep[index] = true
                stack.append((a, index))
                stack.append((index, b))
            }
        }
    }

    /// Squared distance from `p` to the segment `a`–`b`.
    static func squaredSegmentDistance(_ p: Coordinate, _ a: Coordinate, _ b: Coordinate) -> Double {
        var x = a.x
        var y = a.y
        let dx = b.x - x
        let dy = b.y - y
        if dx != 0 || dy != 0 {
            let t = ((p.x - x) * dx + (p.y - y) * dy) / (dx * dx + dy * dy)
            if t > 1 {
                x = b.x
                y = b.y
            } else if t > 0 {
                x += dx * t
                y += dy * t
            }
        }
        let ex = p.x - x
        let ey = p.y - y
        return ex * ex + ey * ey
    }
}
