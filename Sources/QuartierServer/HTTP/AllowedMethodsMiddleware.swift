import Foundation
import HTTPTypes
package import Hummingbird

/// Answers a request whose path exists with a method it does not take (`TRACE /`, `PUT /jobs`) with 405 and an
/// `Allow` header listing the methods it takes (RFC 9110 §15.5.6), instead of the router's 404; a path no route
/// has stays a 404. Checked before the write guard (a `TRACE` gets 405, not 401). Place: inside
/// `ProblemMiddleware`, which writes the problem document.
package struct AllowedMethodsMiddleware<Context: RequestContext>: RouterMiddleware {
    let table: RouteTable<Context>

    package init(table: RouteTable<Context>) { self.table = table }

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        // Before the write guard: a method the path does not take is a 405 with or without the token.
        let methods = table.methods(forPath: request.uri.path)
        guard methods.isEmpty || methods.contains(request.method) else {
            let allow = methods.map(\.rawValue).joined(separator: ", ")
            throw Problem(
                .methodNotAllowed, "method \(Problem.safe(request.method.rawValue)) is not allowed here; use \(allow)",
                headers: [.allow: allow])
        }
        return try await next(request, context)
    }
}

extension RouteTable {
    /// The methods of the routes whose pattern matches a path (HEAD with every GET), in a fixed order.
    func methods(forPath path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        var found: Set<String> = []
        for entry in entries where Self.matches(entry.path, segments) {
            found.insert(entry.method.rawValue)
            if entry.method == .get { found.insert(HTTPRequest.Method.head.rawValue) }
        }
        return [HTTPRequest.Method.get, .head, .post, .put, .patch, .delete].filter { found.contains($0.rawValue) }
    }

    /// Whether an OpenAPI path pattern (`/jobs/{jobId}`, `/tiles/{tilesetId}/{z}/{x}/{y}.mvt`) matches the segments.
    static func matches(_ pattern: String, _ segments: ArraySlice<Substring>) -> Bool {
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard parts.count == segments.count else { return false }
        for (part, segment) in zip(parts, segments) {
            if part.hasPrefix("{"), let close = part.firstIndex(of: "}") {
                let suffix = part[part.index(after: close)...]
                guard segment.count > suffix.count, segment.hasSuffix(suffix) else { return false }
            } else if part != segment {
                return false
            }
        }
        return true
    }
}
