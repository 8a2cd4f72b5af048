import Foundation
import Hummingbird

/// The OpenAPI 3.0 document served at `/api`, built from the route table: every registered route with its
/// path parameters, its security requirement and its responses (errors as RFC 9457 problem details).
enum OpenAPIDocument {
    static func make<Context>(_ table: RouteTable<Context>, title: String, version: String, serverURL: String?) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for entry in table.entries {
            var operations: [String: JSONValue] = [:]
            if case .object(let existing) = paths[entry.path] { operations = existing }
            var responses: [String: JSONValue] = [:]
            for (code, description) in entry.responses {
                let type = code >= 400 ? "application/problem+json" : "application/json"
                let schema: JSONValue = code >= 400 ? .object(["$ref": .string("#/components/schemas/Problem")]) : .object([:])
                responses[String(code)] = .object([
                    "description": .string(description), "content": .object([type: .object(["schema": schema])]),
                ])
            }
            var operation: [String: JSONValue] = [
                "summary": .string(entry.summary),
                "operationId": .string(entry.method.rawValue.lowercased() + entry.path.replacingOccurrences(of: "/", with: "_")),
                "responses": .object(responses),
            ]
            if !entry.parameters.isEmpty {
                operation["parameters"] = .array(entry.parameters.map { name in
                    .object([
                        "name": .string(name), "in": .string("path"), "required": .bool(true),
                        "schema": .object(["type": .string("string")]),
                    ])
                })
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
}
