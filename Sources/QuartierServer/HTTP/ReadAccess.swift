import HTTPTypes
package import Hummingbird
package import QuartierService

/// Who may read what: public-tier outputs are open to anyone; internal-tier outputs (`OutputTier`) need
/// `Authorization: Bearer <token>` with the read token (`[auth] read_token_file`) or the write token (which may
/// do everything). A missing or wrong token is the same 401 (problem+json with `WWW-Authenticate`), so an anonymous
/// caller learns nothing about which tokens exist. Listings (`/collections`, `/analyses`, job results) leave
/// internal entries out for callers without a token, and a named internal resource answers 401, not 404.
package struct ReadAccess: Sendable {
    let read: BearerToken
    let write: BearerToken

    package init(read: BearerToken, write: BearerToken) {
        self.read = read
        self.write = write
    }

    /// Whether the request carries the read or the write token.
    package func isStaff(_ request: Request) -> Bool {
        let values = request.headers[values: .authorization]
        guard values.count == 1, let header = values.first else { return false }
        let parts = header.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else { return false }
        // Both compared, in constant time each, so the answer's timing does not tell which token matched.
        let isRead = read.matches(parts[1])
        let isWrite = write.matches(parts[1])
        return isRead || isWrite
    }

    /// Whether the request may read an output of this tier.
    package func may(read tier: OutputTier, _ request: Request) -> Bool {
        tier == .public || isStaff(request)
    }

    /// Checks that the request may read an output of this tier.
    /// - Throws: `Problem` 401 when it is internal and the request has neither token.
    package func require(_ tier: OutputTier, _ request: Request, what: String) throws {
        guard may(read: tier, request) else {
            throw Problem.unauthorized(
                "\(what) is internal: it needs 'Authorization: Bearer <token>' with the read token of this server")
        }
    }
}

extension Response {
    /// An answer of this tier as caches must treat it: an internal one `Cache-Control: private, no-cache` (a shared
    /// cache — proxy, CDN — must not store what only a token may read, RFC 9111 §3.5 and §5.2.2.7), and, when the
    /// answer depends on the token (an internal resource, or a listing that shows staff more), `Vary:
    /// Authorization` so that a cache does not give one caller's answer to another. A public resource is the same
    /// for everyone and varies with nothing.
    /// - Parameter listing: whether the answer lists what the caller may read (collections, results, analyses).
    func scoped(_ tier: OutputTier, listing: Bool = false) -> Response {
        var response = self
        if tier == .internal { response.headers[.cacheControl] = "private, no-cache" }
        if tier == .internal || listing {
            response.headers[.vary] = response.headers[.vary].map { $0 + ", Authorization" } ?? "Authorization"
        }
        return response
    }
}
