import HTTPTypes
package import Hummingbird
import NIOHTTP1

/// Counts and times every request (`ServerMetrics`) and returns the request's id as `X-Request-Id` — the id
/// Hummingbird puts into every log message about the request (`hb.request.id`), so a client's report can be
/// found in the journal.
package struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    package init(metrics: ServerMetrics) { self.metrics = metrics }

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let clock = ContinuousClock.now
        // Methods a client invents would each make a new series: they count as OTHER.
        let method = switch request.method {
        case .get, .head, .post, .put, .delete, .patch, .options: request.method.rawValue
        default: "OTHER"
        }
        do {
            var response = try await next(request, context)
            metrics.requestAnswered(
                method: method, route: context.endpointPath ?? "NotFound", status: response.status.code,
                duration: ContinuousClock.now - clock)
            response.headers[.requestID] = context.id
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? (error is HTTPParserError ? 400 : 500)
            metrics.requestAnswered(
                method: method, route: context.endpointPath ?? "NotFound", status: status,
                duration: ContinuousClock.now - clock)
            throw error
        }
    }
}

extension HTTPField.Name {
    static let requestID = Self("X-Request-Id")!
}
