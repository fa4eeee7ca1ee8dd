import Foundation
import Yams

/// The one way CostGuard reads YAML (and JSON, which is YAML): a single document, aliases
/// bounded, and every failure one line with the line and column.
package enum YAMLDocument {
    /// Nodes a document may expand to once aliases are followed. A guard file or a kubeconfig has
    /// hundreds; a "billion laughs" alias bomb has 10^9 and is refused after this many.
    package static let maxNodes = 100_000

    /// Decodes `text` as `T`, refusing alias expansion beyond `maxNodes`.
    package static func decode<T: Decodable>(_ type: T.Type, from text: String,
                                             maxNodes: Int = YAMLDocument.maxNodes) throws(InputError) -> T {
        do {
            // As YAMLDecoder does: the parser owns the anchors the nodes point to, so it lives until decoded.
            let parser = try Parser(yaml: text, resolver: Resolver.basic.appending(.merge))
            return try withExtendedLifetime(parser) {
                let root = try parser.singleRoot() ?? ""
                try checkExpansion(root, maxNodes: maxNodes)
                return try YAMLDecoder().decode(type, from: root)
            }
        } catch let error as InputError {
            throw error
        } catch let error as YamlError {
            throw InputError(.syntax, describe(error, in: text))
        } catch let error as DecodingError {
            throw InputError(.shape, describe(error))
        } catch {
            throw InputError(.syntax, "\(error)")
        }
    }

    /// Counts nodes as a decoder would visit them (aliases expanded), stopping at the bound: the
    /// composed tree shares aliased nodes, so the count is what decoding would allocate.
    static func checkExpansion(_ root: Node, maxNodes: Int) throws(InputError) {
        var pending = [root]
        var seen = 0
        while let node = pending.popLast() {
            seen += 1
            if seen > maxNodes {
                let place = node.mark.map { " (at line \($0.line), column \($0.column))" } ?? ""
                throw InputError(.tooLarge, "expands to more than \(maxNodes) nodes once its aliases are followed\(place): "
                    + "an alias bomb, or aliases that repeat too much; write the values out")
            }
            switch node {
            case .scalar, .alias: break
            case .sequence(let sequence): pending.append(contentsOf: sequence)
            case .mapping(let mapping):
                for (key, value) in mapping {
                    pending.append(key)
                    pending.append(value)
                }
            }
        }
    }

    /// One line: where, and what libyaml found, without the source snippet and caret lines.
    static func describe(_ error: YamlError, in text: String) -> String {
        func at(_ mark: Mark, _ problem: String, _ context: YamlError.Context?) -> String {
            let context = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return "line \(mark.line), column \(mark.column): \(problem)\(context)"
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            return at(mark, problem, context)
        case .reader(let problem, let offset, _, _):
            // libyaml's reader counts bytes; people look for a line and a column.
            guard let offset else { return problem }
            let (line, column) = lineAndColumn(ofByte: offset, in: text)
            return "line \(line), column \(column): \(problem)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            return at(context.mark, "duplicate keys \(duplicates.joined(separator: ", "))", nil)
        case .memory:
            return "out of memory while parsing"
        default:
            return "\(error)".split(separator: "\n").first.map(String.init) ?? "not valid YAML"
        }
    }

    /// The 1-based line and column (in characters) of the UTF-8 byte at `offset`.
    static func lineAndColumn(ofByte offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1, column = 1, byte = 0
        for scalar in text.unicodeScalars {
            if byte >= offset { break }
            byte += UTF8.width(scalar)
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }

    /// The field path and what was expected, on one line.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "the document" : String(text.drop { $0 == "." })
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context)): expected \(type): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "\(path(context)): missing a \(type) value"
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "\(parent == "the document" ? "" : parent + ".")\(key.stringValue): is missing"
        case .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
