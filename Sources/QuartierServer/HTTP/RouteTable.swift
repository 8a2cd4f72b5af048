package import Hummingbird

/// Registers routes on the router and remembers them, so that the OpenAPI document (`/api`) describes exactly
/// the routes that exist. Paths are written as in OpenAPI (`/jobs/{jobId}`).
package final class RouteTable<Context: RequestContext>: @unchecked Sendable {
    /// Who may call a route.
    package enum Access: Sendable {
        case everyone
        /// `Authorization: Bearer <token>` (checked by `WriteGuardMiddleware` before the body is read).
        case token
        /// The token unless the job's results are published.
        case tokenUnlessPublished
    }

    package struct Entry: Sendable {
        package var method: HTTPRequest.Method
        package var path: String
        package var summary: String
        package var access: Access
        /// Status codes and what they mean, for the document.
        package var responses: [Int: String]
        /// The media types of a successful answer's body.
        package var types: [String]

        /// The path parameters, in order.
        package var parameters: [String] {
            path.split(separator: "/").compactMap { part in
                guard part.hasPrefix("{"), let end = part.firstIndex(of: "}") else { return nil }
                return String(part[part.index(after: part.startIndex)..<end])
            }
        }

        /// The path as Hummingbird writes it (`/jobs/:jobId`); a parameter with a suffix (`{y}.mvt`) stays as it is.
        var routerPath: String {
            "/" + path.split(separator: "/").map { $0.hasPrefix("{") && $0.hasSuffix("}") ? ":" + $0.dropFirst().dropLast() : String($0) }
                .joined(separator: "/")
        }
    }

    package private(set) var entries: [Entry] = []
    let router: Router<Context>

    init(router: Router<Context>) { self.router = router }

    /// Adds a route to the router and to the table.
    func add(
        _ method: HTTPRequest.Method, _ path: String, _ summary: String, access: Access = .everyone,
        responses: [Int: String], types: [String] = ["application/json"],
        handler: @escaping @Sendable (Request, Context) async throws -> Response
    ) {
        let entry = Entry(method: method, path: path, summary: summary, access: access, responses: responses, types: types)
        entries.append(entry)
        router.on(RouterPath(entry.routerPath), method: method, use: handler)
    }
}
