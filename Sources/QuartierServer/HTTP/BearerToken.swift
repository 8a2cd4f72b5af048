import Crypto
import Foundation
package import Hummingbird
import QuartierService

/// The token that every writing request (and every read of unpublished results) must carry as
/// `Authorization: Bearer <token>`. Compared in constant time: both sides are hashed with SHA-256 and the
/// digests compared byte by byte without an early exit, so neither the content nor the length of the
/// token leaks through timing (RFC 6750, section 5.2; OWASP on timing attacks).
package struct BearerToken: Sendable {
    private let digest: [UInt8]

    package init(_ token: String) {
        digest = Array(SHA256.hash(data: Data(token.utf8)))
    }

    /// Reads the token file (surrounding white space ignored); creates it with 32 random bytes in hex, mode
    /// 0600, when it does not exist.
    /// - Returns: the token and whether the file was created.
    package static func load(file path: String) throws -> (token: BearerToken, created: Bool) {
        if !FileManager.default.fileExists(atPath: path) {
            var generator = SystemRandomNumberGenerator()
            let text = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
            let folder = (path as NSString).deletingLastPathComponent
            try? FileManager.default.createDirectory(atPath: folder.isEmpty ? "." : folder, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: path, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: 0o600])
            else { throw QuartierError.user("token file '\(path)' cannot be created; set --token-file or fix the permissions") }
            return (BearerToken(text), true)
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw QuartierError.user("token file '\(path)' cannot be read; check its permissions")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard token.count >= 16, !token.contains(where: \.isWhitespace) else {
            throw QuartierError.user("token file '\(path)' must hold one token of at least 16 characters without spaces")
        }
        return (BearerToken(token), false)
    }

    /// Whether a presented token is this one, in time independent of where they differ.
    package func matches(_ presented: Substring) -> Bool {
        let other = Array(SHA256.hash(data: Data(presented.utf8)))
        var difference: UInt8 = 0
        for index in 0..<digest.count { difference |= digest[index] ^ other[index] }
        return difference == 0
    }

    /// Checks a request's `Authorization` header.
    /// - Throws: `Problem` 401 when it is missing or not `Bearer <token>`, 403 when the token is wrong.
    package func authorize(_ request: Request) throws {
        let values = request.headers[values: .authorization]
        guard values.count == 1, let header = values.first else {
            throw Problem.unauthorized("this request needs the header 'Authorization: Bearer <token>'")
        }
        let parts = header.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
            throw Problem.unauthorized("the Authorization header must be 'Bearer <token>'")
        }
        guard matches(parts[1]) else { throw Problem(.forbidden, "the token is not valid for this server") }
    }
}

/// Requires the token for every method that writes or starts work (anything but GET, HEAD and OPTIONS), and
/// refuses a declared body over the limit with 413 — both before a handler reads the body.
package struct WriteGuardMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: BearerToken
    let maxBodyBytes: Int

    package init(token: BearerToken, maxBodyBytes: Int) {
        self.token = token
        self.maxBodyBytes = maxBodyBytes
    }

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if ![.get, .head, .options].contains(request.method) {
            try token.authorize(request)
        }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBodyBytes {
            throw Problem(.contentTooLarge, "the request body has \(length) bytes; this server accepts at most \(maxBodyBytes)")
        }
        return try await next(request, context)
    }
}
