import Foundation

/// Decodes the query API's JSON envelope:
/// `{"status":"success"|"error","data":{"resultType":…,"result":…},"errorType":…,"error":…,"warnings":[…]}`.
enum PromResponseDecoder {
    private struct Envelope: Decodable {
        var status: String
        var data: DataPart?
        var errorType: String?
        var error: String?
        var warnings: [String]?
        var infos: [String]?
    }

    private struct DataPart: Decodable {
        var resultType: String
        var result: ResultPart

        enum CodingKeys: String, CodingKey { case resultType, result }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            resultType = try container.decode(String.self, forKey: .resultType)
            switch resultType {
            case "scalar", "string":
                result = .single(try container.decode(SamplePair.self, forKey: .result))
            default:
                result = .series(try container.decode([SeriesPart].self, forKey: .result))
            }
        }
    }

    private enum ResultPart {
        case single(SamplePair)
        case series([SeriesPart])
    }

    private struct SeriesPart: Decodable {
        var metric: [String: String]?
        var value: SamplePair?
        var values: [SamplePair]?
    }

    /// `[1435781451.781, "1"]`: the value is a string so that NaN and ±Inf survive JSON.
    private struct SamplePair: Decodable {
        var sample: PromSample
        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            let time = try container.decode(Double.self)
            let text = try container.decode(String.self)
            sample = PromSample(time: time, value: PromValue.parse(text))
        }
    }

    /// The result, or the API's own error; `describe` names the query in every message.
    static func decode(_ body: [UInt8], httpStatus: Int, describe: String) throws(SignalsError) -> QueryResult {
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: Data(body))
        } catch {
            let snippet = Self.snippet(body)
            if !(200..<300).contains(httpStatus) {
                throw SignalsError(.httpStatus, "\(describe): HTTP \(httpStatus): \(snippet)")
            }
            throw SignalsError(.notJSON, "\(describe): the answer is not Prometheus JSON: \(snippet)", cause: DecodeFailure(error))
        }
        let warnings = (envelope.warnings ?? []) + (envelope.infos ?? [])
        guard envelope.status == "success" else {
            let type = envelope.errorType ?? "unknown"
            throw SignalsError(.apiError, "\(describe): Prometheus answered \(type) (HTTP \(httpStatus)): \(envelope.error ?? "no error text")")
        }
        guard (200..<300).contains(httpStatus), let data = envelope.data else {
            throw SignalsError(.httpStatus, "\(describe): HTTP \(httpStatus) with status success but no data")
        }
        let kind = QueryResult.Kind(rawValue: data.resultType) ?? .string
        switch data.result {
        case .single(let pair):
            return QueryResult(kind: kind, series: [PromSeries(labels: [:], samples: [pair.sample])], warnings: warnings)
        case .series(let parts):
            let series = parts.map { part in
                PromSeries(labels: part.metric ?? [:],
                           samples: part.values?.map(\.sample) ?? part.value.map { [$0.sample] } ?? [])
            }
            return QueryResult(kind: kind, series: series, warnings: warnings)
        }
    }

    /// The start of a body that is not JSON, on one line, for the error message.
    static func snippet(_ body: [UInt8]) -> String {
        guard !body.isEmpty else { return "an empty body" }
        let text = String(decoding: body.prefix(160), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        return "\"\(text)\(body.count > 160 ? "…" : "")\""
    }
}

/// A decoding error carried as a Sendable cause.
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
