import Foundation
import HTTPTypes
package import Hummingbird

/// Sets the base of absolute links (`Documents.requestBase`) for each request: the scheme from
/// `X-Forwarded-Proto` (http or https; else http), the host from `X-Forwarded-Host` or else `Host` (the first
/// value of a list, as a proxy chain appends). Used only when `[server] public_url` is not set; a host with
/// characters no host name or address has is replaced by `localhost`, so a request cannot write arbitrary text
/// into the links.
package struct LinkBaseMiddleware<Context: RequestContext>: RouterMiddleware {
    package init() {}

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        try await Documents.$requestBase.withValue(Self.base(of: request)) { try await next(request, context) }
    }

    /// `scheme://host[:port]` of a request, as the client (or the proxy before the server) addressed it.
    static func base(of request: Request) -> String {
        func first(_ value: String?) -> String? {
            guard let value else { return nil }
            let part = value.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            return part.isEmpty ? nil : part
        }
        let proto = first(request.headers[.xForwardedProto])?.lowercased()
        let scheme = proto == "https" ? "https" : "http"
        let host = first(request.headers[.xForwardedHost]) ?? request.head.authority ?? ""
        return scheme + "://" + (isHost(host) ? host : "localhost")
    }

    /// A host name, IPv4 or bracketed IPv6 address with an optional port: letters, digits, `.-:[]_`, at most 255.
    static func isHost(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 255
            && text.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || ".-:[]_".unicodeScalars.contains($0)
            }
    }
}

extension HTTPField.Name {
    // Valid header tokens, known at compile time.
    static let xForwardedProto = Self("X-Forwarded-Proto")!
    static let xForwardedHost = Self("X-Forwarded-Host")!
}
