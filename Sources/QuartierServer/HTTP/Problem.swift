package import Foundation
package import Hummingbird
import Logging
import NIOHTTP1
package import QuartierModel
package import QuartierService

/// An error answered as RFC 9457 problem details (`application/problem+json` with `type`, `title`, `status`,
/// `detail`), never with a stack trace or a server path. The one place errors become HTTP
/// (ARCHITECTURE.md, convention 2).
package struct Problem: HTTPResponseError, QuartierFailure {
    package var status: HTTPResponse.Status
    package var detail: String
    /// A URI naming the problem type; OGC's exception types where OGC API – Processes defines one.
    package var type: String
    package var headers: HTTPFields

    package init(_ status: HTTPResponse.Status, _ detail: String, type: String = "about:blank", headers: HTTPFields = [:]) {
        self.status = status
        self.detail = detail
        self.type = type
        self.headers = headers
    }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        let body: JSONValue = .object([
            "type": .string(type), "title": .string(status.reasonPhrase), "status": .number(Double(status.code)),
            "detail": .string(detail),
        ])
        var headers = headers
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body.encoded())))
    }

    /// A 4xx status is the request's fault (bad input); anything else is internal.
    package var kind: FailureKind { (400..<500).contains(status.code) ? .badInput : .internalFailure }

    package var description: String { "\(status.code) \(status.reasonPhrase): \(detail)" }

    static let noSuchProcess = "http://www.opengis.net/def/exceptions/ogcapi-processes-1/1.0/no-such-process"
    static let noSuchJob = "http://www.opengis.net/def/exceptions/ogcapi-processes-1/1.0/no-such-job"
    static let resultNotReady = "http://www.opengis.net/def/exceptions/ogcapi-processes-1/1.0/result-not-ready"

    static func badRequest(_ detail: String) -> Problem { Problem(.badRequest, detail) }
    static func unauthorized(_ detail: String) -> Problem {
        Problem(.unauthorized, detail, headers: [.wwwAuthenticate: #"Bearer realm="quartier""#])
    }
}

/// Turns every error a handler or middleware throws into problem details: `Problem` as it is, Hummingbird's
/// own errors (404 of the router, 413 of a body over the limit) with their status, NIO's HTTP parser errors
/// passed on to Hummingbird (400 and the connection closed), a `QuartierFailure` by its kind (bad input: 400
/// with its message; internal: 500), anything else as a 500 whose detail says nothing about the server (the log
/// has it). The one place the server maps an error's kind to a status.
package struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    package init() {}

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return try problem.response(from: request, context: context)
        } catch let error as HTTPParserError {
            // A malformed request (a chunk size `zz`, a broken header) found while the body was read: Hummingbird
            // answers 400 and closes the connection, as the rest of the stream cannot be parsed.
            throw error
        } catch let error as any HTTPResponseError {
            let detail: String =
                switch error.status {
                case .notFound: "no resource at \(Problem.safe(request.uri.path))"
                case .contentTooLarge: "the request body is larger than the server accepts"
                case .methodNotAllowed: "method \(request.method) is not allowed here"
                default: error.status.reasonPhrase
                }
            return try Problem(error.status, detail).response(from: request, context: context)
        } catch let failure as any QuartierFailure where failure.kind == .badInput {
            // A typed error of kind bad input (an `InputError`, a `ConfigurationError` of a submitted file, a
            // `ContextError` around one): 400 with its message.
            return try Problem(.badRequest, failure.description).response(from: request, context: context)
        } catch {
            context.logger.error("unhandled error for \(request.method) \(request.uri.path): \(error)")
            return try Problem(.internalServerError, "the server failed to answer; the server log has the details")
                .response(from: request, context: context)
        }
    }
}

extension Problem {
    /// A path as it may be echoed in a detail: at most 200 characters of printable ASCII.
    static func safe(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7F }.prefix(200).map(Character.init))
    }
}

extension JSONValue {
    /// Pretty JSON with sorted keys and unescaped slashes, newline-terminated.
    package func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding a JSONValue cannot fail: it holds only JSON types (a non-finite number is written as null).
        var data = (try? encoder.encode(self)) ?? Data("null".utf8)
        data.append(0x0A)
        return data
    }

    /// A JSON response.
    package func response(_ status: HTTPResponse.Status = .ok, type: String = "application/json", headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = type
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: encoded())))
    }
}
