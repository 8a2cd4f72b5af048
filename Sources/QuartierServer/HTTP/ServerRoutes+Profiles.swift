import Foundation
import HTTPTypes
import Hummingbird
import Logging
import QuartierService

/// The area profiles of each published analysis (`quartier profiles` on its job's public files):
/// `/profiles/<analysis>/` (the index of its areas), `/profiles/<analysis>/<id>.html`, and the same under
/// `/profiles/<analysis>/<level>/` for a roll-up level. Public: made from public-tier files only.
extension ServerRoutes {
    static func addProfileRoutes(_ table: RouteTable<Context>, _ environment: ServerEnvironment) {
        let cache = ProfileCache(
            stateFolder: environment.configuration.stateFolder, logger: Logger(label: "quartier.profiles"))
        let responses = [200: "the page", 400: "a malformed name", 404: "no such analysis, level or area"]
        table.add(
            .get, "/profiles/{analysis}/{part}", "An area's profile (or index.html) of a published analysis",
            responses: responses, types: ["text/html"]
        ) { _, context in
            try await page(
                environment, cache, analysis: context.parameters.get("analysis") ?? "", level: LayerRef.areasName,
                file: context.parameters.get("part") ?? "", context: context)
        }
        table.add(
            .get, "/profiles/{analysis}/{part}/{file}", "An area's profile (or index.html) at a roll-up level",
            responses: responses, types: ["text/html"]
        ) { _, context in
            try await page(
                environment, cache, analysis: context.parameters.get("analysis") ?? "",
                level: context.parameters.get("part") ?? "", file: context.parameters.get("file") ?? "",
                context: context)
        }
    }

    /// One page of the profiles of `analysis` at `level`.
    static func page(
        _ environment: ServerEnvironment, _ cache: ProfileCache, analysis: String, level: String, file: String,
        context: Context
    ) async throws -> Response {
        guard isPlainFileName(file), file.hasSuffix(".html"), isPlainFileName(level) else {
            throw Problem.badRequest("a profile is named <id>.html (letters, digits, '_', '-'), or index.html")
        }
        let snapshot = try await environment.data.current()
        guard let (_, job) = snapshot.jobs.first(where: { PublishedData.analysisID($0.key) == analysis }) else {
            throw Problem(.notFound, "no published analysis '\(analysis)'; GET /analyses lists them")
        }
        let folder: String
        do {
            folder = try await cache.profiles(job: job, jobFolder: environment.store.folder(of: job), level: level)
        } catch let error as QuartierError {
            throw Problem(.notFound, "analysis '\(analysis)' has no profiles at level '\(level)': \(error.message)")
        }
        let path = (folder as NSString).appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: path) else {
            throw Problem(.notFound, "analysis '\(analysis)' has no profile '\(file)' at level '\(level)'")
        }
        let body = try await FileIO().loadFile(path: path, context: context)
        return Response(
            status: .ok,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "public, max-age=60"], body: body)
    }
}
