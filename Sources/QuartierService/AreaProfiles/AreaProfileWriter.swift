import Foundation

/// `quartier profiles RUN --out DIR`: one self-contained HTML page per area of a level (`<id>.html`) and an index
/// page (`index.html`), from the run's public files only (`AreaProfileRun`); with `pdf`, each page printed to
/// `<id>.pdf` by headless Chromium.
package enum AreaProfileWriter {
    package struct Report: Codable, Sendable {
        package var level: String
        package var profiles: Int
        package var files: [String]
        package var pdfs: Int
        package var seconds: Double
        package var pdfSeconds: Double
    }

    /// The file name of an area's page: its id with characters other than letters, digits, `-` and `_` as `_`.
    package static func fileName(_ id: String) -> String {
        String(id.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }

    /// Writes the profiles of `run` into `folder`.
    /// - Throws: `QuartierError.user` for bad options or when `pdf` is asked without Chromium.
    package static func write(_ run: AreaProfileRun, options: AreaProfileOptions, to folder: String) throws -> Report {
        let start = ContinuousClock.now
        let chromium = options.pdf ? try chromiumPath() : nil
        let profiles = try run.profiles(options)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        guard let levelIndex = run.levels.firstIndex(where: { $0.name == options.level }) else { return emptyReport }
        let level = run.levels[levelIndex]
        let parentLevel = levelIndex + 1 < run.levels.count ? run.levels[levelIndex + 1] : nil
        // The frame: the whole territory (the coarsest level's outlines) against a total, else the parent with the
        // level's areas in it. Outlines are drawn once per frame.
        var frames: [String: (LocatorMap, String)] = [:]
        func frame(for profile: AreaProfile) -> (LocatorMap, String)? {
            let wholeTerritory = options.referenceLevel == nil || parentLevel == nil
            let key = wholeTerritory ? "" : (profile.parent?.id ?? "")
            if let cached = frames[key] { return cached }
            let outlines: [LocatorMap.Polygons]
            if wholeTerritory {
                outlines = (run.levels.last ?? level).areas.map(\.polygons)
            } else {
                outlines = level.areas.filter { level.parents[$0.id] == profile.parent?.id }.map(\.polygons)
            }
            guard let map = LocatorMap(framing: outlines) else { return nil }
            let made = (map, map.contextPaths(outlines))
            frames[key] = made
            return made
        }
        var files: [String] = []
        for profile in profiles {
            var svg = ""
            if let (map, context) = frame(for: profile) {
                let parentPolygons = profile.parent?.id.flatMap { parentLevel?.area($0)?.polygons }
                let title = "Lage von \(profile.area.name)" + (profile.parent.map { " in \($0.label)" } ?? "")
                svg = map.svg(contextPaths: context, parent: parentPolygons, area: profile.area.polygons, title: title)
            }
            let name = fileName(profile.area.id) + ".html"
            let html = AreaProfileHTML.page(profile, map: svg, run: run)
            try FileSupport.writeAtomically(Data(html.utf8), to: (folder as NSString).appendingPathComponent(name))
            files.append(name)
        }
        let index = indexPage(profiles, run: run, level: level)
        try FileSupport.writeAtomically(Data(index.utf8), to: (folder as NSString).appendingPathComponent("index.html"))
        files.append("index.html")
        let htmlSeconds = (ContinuousClock.now - start) / .seconds(1)
        var pdfs = 0
        let pdfStart = ContinuousClock.now
        if let chromium {
            for profile in profiles {
                let stem = (folder as NSString).appendingPathComponent(fileName(profile.area.id))
                try printPDF(chromium: chromium, html: stem + ".html", pdf: stem + ".pdf")
                files.append(fileName(profile.area.id) + ".pdf")
                pdfs += 1
            }
        }
        return Report(
            level: level.name, profiles: profiles.count, files: files, pdfs: pdfs, seconds: htmlSeconds,
            pdfSeconds: (ContinuousClock.now - pdfStart) / .seconds(1))
    }

    static let emptyReport = Report(level: "", profiles: 0, files: [], pdfs: 0, seconds: 0, pdfSeconds: 0)

    /// The index page: every profiled area with its parent, linked, grouped by parent.
    static func indexPage(_ profiles: [AreaProfile], run: AreaProfileRun, level: AreaProfileRun.Level) -> String {
        let labels = AreaProfileRun.label(of: level.name, areaInput: run.areaInput)
        var h = "<!DOCTYPE html>\n<html lang=\"de\"><head><meta charset=\"utf-8\">"
        h +=
            "<title>Gebietsprofile: \(AreaProfileHTML.escape(labels.plural))</title><style>\(AreaProfileHTML.style)</style>"
        h += "</head>\n<body><h1>Gebietsprofile: \(AreaProfileHTML.escape(labels.plural))</h1>"
        h +=
            "<p class=\"ebene\">Auswertung „\(AreaProfileHTML.escape(run.analysisName))“ · \(profiles.count) Profile</p>"
        h +=
            "<table class=\"index\"><thead><tr><th>Schlüssel</th><th>Name</th><th>übergeordnet</th></tr></thead><tbody>\n"
        let sorted = profiles.sorted { ($0.parent?.id ?? "", $0.area.id) < ($1.parent?.id ?? "", $1.area.id) }
        for p in sorted {
            let link = fileName(p.area.id) + ".html"
            h += "<tr><td>\(AreaProfileHTML.escape(p.area.id))</td><td><a href=\"\(link)\">"
            h +=
                "\(AreaProfileHTML.escape(p.area.name))</a></td><td>\(AreaProfileHTML.escape(p.parent?.label ?? "–"))</td></tr>\n"
        }
        return h + "</tbody></table></body></html>\n"
    }

    /// Chromium on the PATH (`chromium`, `chromium-browser`, `google-chrome`).
    static func chromiumPath() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for dir in path.split(separator: ":") {
                let candidate = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        throw QuartierError.user(
            "--pdf needs Chromium (Debian: apt-get install chromium); the HTML profiles are written without it")
    }

    /// Prints one page to PDF with headless Chromium (A4 from the page's `@page` rule, no header or footer).
    static func printPDF(chromium: String, html: String, pdf: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        let profileDir = NSTemporaryDirectory() + "quartier-chromium-\(UUID().uuidString)"
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--user-data-dir=\(profileDir)",
            "--print-to-pdf=\(pdf)", URL(fileURLWithPath: html).absoluteString,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: profileDir)
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: pdf) else {
            throw QuartierError.internal("Chromium could not print \(html) to PDF (exit \(process.terminationStatus))")
        }
    }
}
