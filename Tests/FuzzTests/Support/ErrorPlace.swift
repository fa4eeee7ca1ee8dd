import Foundation
import KubeClient
import KubeModel
import Signals

/// Whether an error says where the fault is: a byte offset, a coding path or the key that is
/// missing, a parser's line and column. Wrapping errors count when their cause does.
enum ErrorPlace {
    static func named(_ error: any Error) -> Bool {
        switch error {
        case let error as JSONError: return error.offset != nil
        case let error as DecodingError:
            switch error {
            case .keyNotFound: return true  // the message names the key
            case .typeMismatch(_, let context), .valueNotFound(_, let context):
                // At the root the message is the place: "expected a dictionary but found an array".
                _ = context
                return true
            case .dataCorrupted(let context): return !context.codingPath.isEmpty || context.underlyingError.map(named) == true
            @unknown default: return false
            }
        case let error as KubeError: return error.cause.map(named) ?? !error.message.isEmpty
        case let error as SignalsError: return error.cause.map(named) ?? !error.description.isEmpty
        default: return hasLineAndColumn("\(error)") || "\(error)".contains("at byte")
        }
    }

    /// "line 9, column 7: …", as YAMLInput reports every YAML fault (a key found twice, a control character).
    static func hasLineAndColumn(_ text: String) -> Bool {
        text.range(of: #"\bline \d+, column \d+: "#, options: .regularExpression) != nil
    }
}
