import Crypto
import Foundation
import Hummingbird
import NIOHTTP1
import NIOHTTPTypesHTTP1

/// Caching and CORS headers of the data routes (features, tiles, TileJSON, styles): a strong `ETag`, `304`
/// on a matching `If-None-Match` (RFC 9110 §13.1.2), `Cache-Control` with the configured max-age (long and
/// `immutable` for versioned tile URLs), and `Access-Control-Allow-Origin` exposing `ETag` on every answer,
/// so that a CDN's cached copy works for browsers of any origin.
struct HTTPCaching: Sendable {
    /// `[cache] max_age`: seconds for unversioned answers (documents, items, tiles without the current `v`).
    let maxAge: Int
    /// `[cache] versioned_max_age`: seconds for tiles requested with the current version (`?v=`).
    let versionedMaxAge: Int
    /// `[cors] allow_origin`.
    let allowOrigin: String

    /// The headers of every answer but the ETag, unversioned and versioned (made once: per request only the ETag
    /// is added).
    private let shortFields: HTTPFields
    private let longFields: HTTPFields
    /// The same two sets as NIO HTTP/1 headers, for the tile fast path.
    let shortHeaders: HTTPHeaders
    let longHeaders: HTTPHeaders

    init(maxAge: Int, versionedMaxAge: Int, allowOrigin: String) {
        self.maxAge = maxAge
        self.versionedMaxAge = versionedMaxAge
        self.allowOrigin = allowOrigin
        func fields(_ cacheControl: String) -> HTTPFields {
            var fields: HTTPFields = [
                .cacheControl: cacheControl, .accessControlAllowOrigin: allowOrigin,
                .accessControlExposeHeaders: "ETag, Content-Crs, Content-Encoding",
            ]
            if allowOrigin != "*" { fields[.vary] = "Origin" }
            return fields
        }
        shortFields = fields("public, max-age=\(maxAge)")
        longFields = fields("public, max-age=\(versionedMaxAge), immutable")
        shortHeaders = HTTPHeaders(shortFields)
        longHeaders = HTTPHeaders(longFields)
    }

    func headers(etag: String, versioned: Bool) -> HTTPFields {
        var fields: HTTPFields = [.eTag: etag]
        fields.append(contentsOf: versioned ? longFields : shortFields)
        return fields
    }

    /// The answer: 304 without a body when `If-None-Match` names the ETag, else `status` with the body.
    func respond(
        _ request: Request, etag: String, versioned: Bool = false, status: HTTPResponse.Status = .ok,
        headers extra: HTTPFields = [:], body: () throws -> ByteBuffer?
    ) rethrows -> Response {
        var fields = headers(etag: etag, versioned: versioned)
        fields.append(contentsOf: extra)
        if Self.matches(request.headers[values: .ifNoneMatch], etag) {
            fields[.contentType] = nil
            fields[.contentEncoding] = nil
            return Response(status: .notModified, headers: fields)
        }
        guard let bytes = try body() else { return Response(status: status, headers: fields) }
        return Response(status: status, headers: fields, body: .init(byteBuffer: bytes))
    }

    /// Whether an `If-None-Match` list names the ETag (weak comparison, as RFC 9110 §13.1.2 requires) or is `*`.
    static func matches(_ values: [String], _ etag: String) -> Bool {
        guard !values.isEmpty else { return false }
        func opaque(_ tag: Substring) -> Substring {
            let trimmed = tag.trimmingCharacters(in: .whitespaces)
            return (trimmed.hasPrefix("W/") ? trimmed.dropFirst(2) : trimmed[...])
        }
        let wanted = opaque(etag[...])
        return values.flatMap { $0.split(separator: ",") }.contains { opaque($0) == wanted || opaque($0) == "*" }
    }

    /// A strong ETag for a document determined by some parts (data version, path, query): their SHA-256.
    static func etag(_ parts: String...) -> String {
        let digest = SHA256.hash(data: Data(parts.joined(separator: "\n").utf8))
        return "\"" + digest.prefix(12).map { String(format: "%02x", $0) }.joined() + "\""
    }
}
