import Foundation
import KubeModel
import Logging

/// What the JSON and text handlers share: timestamps, merged and redacted metadata, JSON escaping.
enum LogRendering {
    /// Metadata keys whose values never reach a log line (compared case-insensitively, at any depth).
    static let redactedKeys: Set<String> = ["token", "authorization", "password"]
    static let redacted = "[redacted]"

    /// RFC 3339 in UTC with milliseconds: `2025-01-02T03:04:05.678Z`.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }

    /// The handler's metadata, then the provider's, then the event's (later ones win), redacted.
    static func merged(handler: Logger.Metadata, provider: Logger.MetadataProvider?, event: Logger.Metadata?) -> Logger.Metadata {
        var merged = handler
        if let provided = provider?.get() { merged.merge(provided) { _, new in new } }
        if let event { merged.merge(event) { _, new in new } }
        return redact(merged)
    }

    static func redact(_ metadata: Logger.Metadata) -> Logger.Metadata {
        var result = Logger.Metadata()
        for (key, value) in metadata {
            result[key] = redactedKeys.contains(key.lowercased()) ? .string(redacted) : redact(value)
        }
        return result
    }

    private static func redact(_ value: Logger.MetadataValue) -> Logger.MetadataValue {
        switch value {
        case .dictionary(let dictionary): .dictionary(redact(dictionary))
        case .array(let array): .array(array.map(redact))
        case .string, .stringConvertible: value
        }
    }

    // MARK: JSON

    /// Appends `text` as a JSON string literal (the project's one escape, `JSONText`).
    static func appendJSONString(_ text: String, to out: inout String) {
        JSONText.appendQuoted(text, to: &out)
    }

    /// Appends a metadata value as JSON: strings as strings, dictionaries as objects (keys sorted),
    /// arrays as arrays.
    static func appendJSON(_ value: Logger.MetadataValue, to out: inout String) {
        switch value {
        case .string(let string): appendJSONString(string, to: &out)
        case .stringConvertible(let convertible): appendJSONString(convertible.description, to: &out)
        case .dictionary(let dictionary):
            out.append("{")
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { out.append(",") }
                appendJSONString(key, to: &out)
                out.append(":")
                appendJSON(dictionary[key]!, to: &out)
            }
            out.append("}")
        case .array(let array):
            out.append("[")
            for (index, element) in array.enumerated() {
                if index > 0 { out.append(",") }
                appendJSON(element, to: &out)
            }
            out.append("]")
        }
    }

    // MARK: Text

    /// A metadata value for a `key=value` text line: plain when it is a simple word, else quoted.
    static func textValue(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let string): return quotedIfNeeded(string)
        case .stringConvertible(let convertible): return quotedIfNeeded(convertible.description)
        case .dictionary, .array:
            var json = ""
            appendJSON(value, to: &json)
            return json
        }
    }

    private static func quotedIfNeeded(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy {
            $0.value > 0x20 && $0.value != 0x7F && $0 != "\"" && $0 != "=" && $0 != "\\"
        }
        if plain { return text }
        var quoted = ""
        appendJSONString(text, to: &quoted)
        return quoted
    }
}
