import Foundation
import KubeModel
import Yams

/// YAML files read as the Kubernetes API reads them: every document of a file as a `JSONValue`, with
/// scalars typed by YAML 1.1's core resolution (a quoted "true" or "12.00" stays a string), anchors
/// and aliases resolved, and the line each document's nodes start on kept for error messages.
package enum YAMLDocuments {
    package struct Failure: Error, CustomStringConvertible {
        package var file: String
        package var message: String
        package var description: String { "\(file): \(message)" }
    }

    /// The non-empty documents of a YAML text, in order.
    package static func parse(_ text: String, file: String = "<text>") throws -> [JSONValue] {
        try nodes(text, file: file).map { try json($0, file: file) }
    }

    /// The non-empty documents of a YAML file, in order.
    package static func load(_ path: String) throws -> [JSONValue] {
        try parse(read(path), file: path)
    }

    /// The one document of a file that must hold exactly one.
    package static func loadOne(_ path: String) throws -> JSONValue {
        let documents = try load(path)
        guard documents.count == 1, let document = documents.first else {
            throw Failure(file: path, message: "holds \(documents.count) documents; expected one")
        }
        return document
    }

    package static func read(_ path: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw Failure(file: path, message: "cannot read: \(error)")
        }
    }

    /// The composed (untyped) documents, with their marks, for callers that need line numbers.
    package static func nodes(_ text: String, file: String) throws -> [Yams.Node] {
        do {
            return try Array(Yams.compose_all(yaml: text)).compactMap { node in
                if case .scalar(let scalar) = node, scalar.string.isEmpty { return nil }
                return node
            }
        } catch {
            throw Failure(file: file, message: "not valid YAML: \(error)")
        }
    }

    package static func json(_ node: Yams.Node, file: String) throws -> JSONValue {
        var anchors: [String: JSONValue] = [:]
        return try json(node, anchors: &anchors, file: file)
    }

    private static func json(_ node: Yams.Node, anchors: inout [String: JSONValue], file: String) throws -> JSONValue {
        let value: JSONValue
        switch node {
        case .scalar(let scalar):
            value = typed(scalar.string, tag: node.tag.description)
        case .mapping(let mapping):
            var members: [String: JSONValue] = [:]
            for (key, member) in mapping {
                guard let name = key.string else {
                    throw Failure(file: file, message: "line \(key.mark?.line ?? 0): a mapping key must be a string")
                }
                members[name] = try json(member, anchors: &anchors, file: file)
            }
            value = .object(members)
        case .sequence(let sequence):
            var elements: [JSONValue] = []
            for element in sequence { elements.append(try json(element, anchors: &anchors, file: file)) }
            value = .array(elements)
        case .alias(let alias):
            guard let target = anchors[alias.anchor.rawValue] else {
                throw Failure(file: file, message: "line \(node.mark?.line ?? 0): unknown alias *\(alias.anchor.rawValue)")
            }
            return target
        }
        if let anchor = node.anchor { anchors[anchor.rawValue] = value }
        return value
    }

    private static func typed(_ text: String, tag: String) -> JSONValue {
        switch tag {
        case Tag.Name.null.rawValue: return .null
        case Tag.Name.bool.rawValue:
            switch text.lowercased() {
            case "true", "yes", "on", "y": return .bool(true)
            case "false", "no", "off", "n": return .bool(false)
            default: return .string(text)
            }
        case Tag.Name.int.rawValue:
            return Int64(text.replacingOccurrences(of: "_", with: "")).map(JSONValue.int) ?? .string(text)
        case Tag.Name.float.rawValue:
            return Double(text.replacingOccurrences(of: "_", with: "")).map(JSONValue.double) ?? .string(text)
        default:
            return .string(text)
        }
    }
}
