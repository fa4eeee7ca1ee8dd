import Foundation

/// Decodes the query API's JSON envelope:
/// `{"status":"success"|"error","data":{"resultType":…,"result":…},"errorType":…,"error":…,"warnings":[…]}`.
enum PromResponseDecoder {
    /// The result, or the API's own error; `describe` names the query in every message.
    static func decode(_ body: [UInt8], httpStatus: Int, describe: String) throws(SignalsError) -> QueryResult {
        let envelope: PromJSONScanner.Envelope
        do {
            envelope = try PromJSONScanner.scan(body)
        } catch {
            let snippet = Self.snippet(body)
            if !(200..<300).contains(httpStatus) {
                throw SignalsError(.httpStatus, "\(describe): HTTP \(httpStatus): \(snippet)")
            }
            throw SignalsError(.notJSON, "\(describe): the answer is not Prometheus JSON: \(snippet)", cause: error)
        }
        guard let status = envelope.status else {
            throw SignalsError(.notJSON, "\(describe): HTTP \(httpStatus): JSON without a status field: \(Self.snippet(body))")
        }
        guard status == "success" else {
            let type = envelope.errorType ?? "unknown"
            throw SignalsError(.apiError, "\(describe): Prometheus answered \(type) (HTTP \(httpStatus)): \(envelope.error ?? "no error text")")
        }
        guard (200..<300).contains(httpStatus), let resultType = envelope.resultType else {
            throw SignalsError(.httpStatus, "\(describe): HTTP \(httpStatus) with status success but no data")
        }
        let kind = QueryResult.Kind(rawValue: resultType) ?? .string
        return QueryResult(kind: kind, series: envelope.series, warnings: envelope.warnings)
    }

    /// The start of a body that is not JSON, on one line, for the error message.
    static func snippet(_ body: [UInt8]) -> String {
        guard !body.isEmpty else { return "an empty body" }
        let text = String(decoding: body.prefix(160), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        return "\"\(text)\(body.count > 160 ? "…" : "")\""
    }
}

/// A decoding or I/O error carried as a Sendable cause.
struct DecodeFailure: Error, Sendable, CustomStringConvertible {
    var description: String
    init(_ error: any Error) { description = String(describing: error) }
}

enum PromValue {
    /// Prometheus writes values as Go formats them: "1.5", "1e+06", "NaN", "+Inf", "-Inf".
    static func parse(_ text: String) -> Double {
        switch text {
        case "NaN": return .nan
        case "+Inf", "Inf": return .infinity
        case "-Inf": return -.infinity
        default: return Double(text) ?? .nan
        }
    }
}
