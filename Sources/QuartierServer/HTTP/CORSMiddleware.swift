import Foundation
import HTTPTypes
package import Hummingbird

/// The configured CORS headers (`[cors] allow_origin`) on every answer of every route — documents, features,
/// tiles, styles, job status and job result files (a published style points its GeoJSON source at
/// `/jobs/<id>/results/…`), problem documents included — and the answer to a browser's preflight (`OPTIONS` with
/// `Access-Control-Request-Method`): 204 with the methods and request headers the API takes. Headers a route set
/// itself (`HTTPCaching`) are kept.
package struct CORSMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowOrigin: String

    package init(allowOrigin: String) { self.allowOrigin = allowOrigin }

    static var exposed: String {
        "ETag, Content-Crs, Content-Encoding, Location, Preference-Applied, X-Request-Id, Retry-After"
    }

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            var headers = fields()
            headers[.accessControlAllowMethods] = "GET, HEAD, POST, DELETE, OPTIONS"
            headers[.accessControlAllowHeaders] = "Authorization, Content-Type, Prefer, If-None-Match"
            headers[.accessControlMaxAge] = "86400"
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        for field in fields() {
            if field.name == .vary, let vary = response.headers[.vary] {
                // A route's own Vary (e.g. Authorization) keeps its names; Origin joins them.
                if !vary.lowercased().contains("origin") { response.headers[.vary] = vary + ", " + field.value }
            } else if response.headers[field.name] == nil {
                response.headers[field.name] = field.value
            }
        }
        return response
    }

    private func fields() -> HTTPFields {
        var fields: HTTPFields = [.accessControlAllowOrigin: allowOrigin, .accessControlExposeHeaders: Self.exposed]
        if allowOrigin != "*" { fields[.vary] = "Origin" }
        return fields
    }
}
