import Foundation
import Hummingbird
import QuartierService

/// The OpenAPI 3.0 document served at `/api`, built from the route table: every registered route with its
/// path parameters, its security requirement and its responses (errors as RFC 9457 problem details).
enum OpenAPIDocument {
    static func make<Context>(_ table: RouteTable<Context>, title: String, version: String, serverURL: String?) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for entry in table.entries {
            var operations: [String: JSONValue] = [:]
            if case .object(let existing) = paths[entry.path] { operations = existing }
            var responses: [String: JSONValue] = [:]
            let problemRef: JSONValue = .object(["$ref": .string("#/components/schemas/Problem")])
            for (code, description) in entry.responses {
                var response: [String: JSONValue] = ["description": .string(description)]
                if code >= 400 {
                    response["content"] = .object(["application/problem+json": .object(["schema": problemRef])])
                } else if code != 204, code != 304 {
                    let any: JSONValue = .object(["schema": .object([:])])
                    response["content"] = .object(Dictionary(uniqueKeysWithValues: entry.types.map { ($0, any) }))
                }
                responses[String(code)] = .object(response)
            }
            // Any other status (405 with Allow, 413, 431, 500, 503) is a problem document.
            responses["default"] = .object([
                "description": .string("an error: problem details (RFC 9457)"),
                "content": .object(["application/problem+json": .object(["schema": problemRef])]),
            ])
            var operation: [String: JSONValue] = [
                "summary": .string(entry.summary),
                "operationId": .string(entry.method.rawValue.lowercased() + entry.path.replacingOccurrences(of: "/", with: "_")),
                "responses": .object(responses),
            ]
            let path = entry.parameters.map { name in
                JSONValue.object([
                    "name": .string(name), "in": .string("path"), "required": .bool(true), "schema": pathSchema(name),
                ])
            }
            let query = (queryParameters[entry.path] ?? []).map { name, schema in
                JSONValue.object(["name": .string(name), "in": .string("query"), "required": .bool(false), "schema": schema])
            }
            if !(path + query).isEmpty { operation["parameters"] = .array(path + query) }
            if entry.method == .post, entry.path.hasSuffix("/execution") {
                operation["requestBody"] = executeBody
            }
            switch entry.access {
            case .everyone: break
            case .token: operation["security"] = .array([.object(["bearer": .array([])])])
            case .tokenUnlessPublished: operation["security"] = .array([.object([:]), .object(["bearer": .array([])])])
            }
            operations[entry.method.rawValue.lowercased()] = .object(operation)
            paths[entry.path] = .object(operations)
        }
        let problem: JSONValue = .object([
            "type": .string("object"),
            "properties": .object([
                "type": .object(["type": .string("string")]), "title": .object(["type": .string("string")]),
                "status": .object(["type": .string("integer")]), "detail": .object(["type": .string("string")]),
            ]),
        ])
        var document: [String: JSONValue] = [
            "openapi": .string("3.0.3"),
            "info": .object(["title": .string(title), "version": .string(version)]),
            "paths": .object(paths),
            "components": .object([
                "schemas": .object(["Problem": problem]),
                "securitySchemes": .object(["bearer": .object(["type": .string("http"), "scheme": .string("bearer")])]),
            ]),
        ]
        if let serverURL { document["servers"] = .array([.object(["url": .string(serverURL)])]) }
        return .object(document)
    }

    /// The schema of a path parameter: exactly what the routes accept without a 400 (a value of that form that
    /// names nothing is a 404).
    static func pathSchema(_ name: String) -> JSONValue {
        func string(_ pattern: String, maxLength: Int) -> JSONValue {
            .object(["type": .string("string"), "pattern": .string(pattern), "maxLength": .number(Double(maxLength))])
        }
        func integer(_ maximum: Int) -> JSONValue {
            .object(["type": .string("integer"), "minimum": .number(0), "maximum": .number(Double(maximum))])
        }
        switch name {
        case "jobId": return string("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", maxLength: 36)
        case "processId": return string("^[a-z0-9-]{1,64}$", maxLength: 64)
        case "file": return string(ServerRoutes.fileNamePattern, maxLength: 255)
        case "z": return integer(Tileset.maxZoomAccepted)
        case "x", "y": return integer(Tileset.maxTileNumber)
        default: return .object(["type": .string("string"), "minLength": .number(1)])
        }
    }

    /// The body of an execute request: `{"inputs": {…}}` (the process's inputs, described at
    /// `/processes/{processId}`; OGC's `outputs`, `response` and `subscriber` are accepted and ignored).
    static let executeBody: JSONValue = .object([
        "required": .bool(true),
        "content": .object([
            "application/json": .object([
                "schema": .object([
                    "type": .string("object"), "required": .array([.string("inputs")]),
                    "properties": .object([
                        "inputs": .object(["type": .string("object")]), "outputs": .object(["type": .string("object")]),
                        "response": .object(["type": .string("string")]),
                        "subscriber": .object(["type": .string("object")]),
                    ]),
                    "additionalProperties": .bool(false),
                ])
            ])
        ]),
    ])

    /// The documented query parameters by route (the others a route takes — bbox, crs, property filters — are
    /// described in its summary: their valid values depend on the collection).
    static let queryParameters: [String: [(String, JSONValue)]] = [
        "/collections/{collectionId}/items": [
            ("limit", .object(["type": .string("integer"), "minimum": .number(1), "maximum": .number(Double(ItemsQuery.maxNumber))])),
            ("offset", .object(["type": .string("integer"), "minimum": .number(0), "maximum": .number(Double(ItemsQuery.maxNumber))])),
        ],
        "/jobs": [("limit", .object(["type": .string("integer"), "minimum": .number(1), "maximum": .number(1000)]))],
    ]
}
