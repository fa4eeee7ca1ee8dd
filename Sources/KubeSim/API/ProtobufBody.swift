import KubeModel

/// Request bodies in Kubernetes' protobuf encoding, read into the JSON KubeSim stores. kubectl's
/// generators (`kubectl create namespace`, `create serviceaccount`) send built-in kinds as
/// protobuf, and client-go does not fall back to JSON on a 415, so KubeSim reads the kinds those
/// generators make: Namespace and ServiceAccount, their metadata and the fields they set. Any
/// other kind, or a field this reader does not know, is a 415 that says so.
///
/// The envelope is upstream's: the magic `k8s\0`, then a runtime.Unknown (typeMeta = 1 with
/// apiVersion = 1 and kind = 2, raw = 2), the object in raw (k8s.io/api's generated.proto).
enum ProtobufBody {
    static let magic: [UInt8] = [0x6B, 0x38, 0x73, 0x00]

    static func decode(_ bytes: [UInt8]) throws -> JSONValue {
        guard bytes.starts(with: magic) else { throw refusal("the body does not start with the k8s protobuf magic") }
        var apiVersion = "", kind = ""
        var raw: [UInt8] = []
        for field in try ProtobufReader.fields(bytes[magic.count...]) {
            switch field.number {
            case 1:
                for meta in try ProtobufReader.fields(field.bytes) {
                    if meta.number == 1 { apiVersion = meta.string }
                    if meta.number == 2 { kind = meta.string }
                }
            case 2: raw = Array(field.bytes)
            default: break
            }
        }
        var object: [String: JSONValue] = ["apiVersion": .string(apiVersion), "kind": .string(kind)]
        switch (apiVersion, kind) {
        case ("v1", "Namespace"):
            for field in try ProtobufReader.fields(raw[...]) {
                switch field.number {
                case 1: object["metadata"] = try objectMeta(field.bytes)
                case 2:
                    let finalizers = try ProtobufReader.fields(field.bytes).filter { $0.number == 1 }.map { JSONValue.string($0.string) }
                    if !finalizers.isEmpty { object["spec"] = ["finalizers": .array(finalizers)] }
                case 3: break  // status: the server sets it
                default: throw refusal("Namespace field \(field.number) is not one KubeSim reads")
                }
            }
        case ("v1", "ServiceAccount"):
            for field in try ProtobufReader.fields(raw[...]) {
                switch field.number {
                case 1: object["metadata"] = try objectMeta(field.bytes)
                case 4: object["automountServiceAccountToken"] = .bool(field.varint != 0)
                default: throw refusal("ServiceAccount field \(field.number) is not one KubeSim reads")
                }
            }
        default:
            throw refusal("KubeSim reads protobuf only for v1 Namespace and ServiceAccount, not \(apiVersion) \(kind)")
        }
        return .object(object)
    }

    /// ObjectMeta: the fields a client sets (name, generateName, namespace, labels, annotations,
    /// finalizers); the ones the server owns are ignored, as it ignores them in JSON.
    static func objectMeta(_ bytes: ArraySlice<UInt8>) throws -> JSONValue {
        var meta: [String: JSONValue] = [:]
        var labels: [String: JSONValue] = [:], annotations: [String: JSONValue] = [:]
        var finalizers: [JSONValue] = []
        for field in try ProtobufReader.fields(bytes) {
            switch field.number {
            case 1: meta["name"] = .string(field.string)
            case 2: meta["generateName"] = .string(field.string)
            case 3: meta["namespace"] = .string(field.string)
            case 11, 12:
                var key = "", value = ""
                for entry in try ProtobufReader.fields(field.bytes) {
                    if entry.number == 1 { key = entry.string }
                    if entry.number == 2 { value = entry.string }
                }
                if field.number == 11 { labels[key] = .string(value) } else { annotations[key] = .string(value) }
            case 14: finalizers.append(.string(field.string))
            case 4, 5, 6, 7, 8, 9, 10, 17: break
            default: throw refusal("ObjectMeta field \(field.number) is not one KubeSim reads")
            }
        }
        if !labels.isEmpty { meta["labels"] = .object(labels) }
        if !annotations.isEmpty { meta["annotations"] = .object(annotations) }
        if !finalizers.isEmpty { meta["finalizers"] = .array(finalizers) }
        return .object(meta)
    }

    static func refusal(_ why: String) -> APIFailure {
        APIFailure(code: 415, reason: "UnsupportedMediaType",
                   message: "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (\(why); send JSON)")
    }
}

/// Protobuf's wire format: fields as (number, wire type, value); varints and length-delimited
/// values are all the Kubernetes objects above use.
enum ProtobufReader {
    struct Field {
        var number: Int
        var varint: UInt64 = 0
        var bytes: ArraySlice<UInt8> = []
        var string: String { String(decoding: bytes, as: UTF8.self) }
    }

    static func fields(_ input: ArraySlice<UInt8>) throws -> [Field] {
        var fields: [Field] = []
        var index = input.startIndex
        func varint() throws -> UInt64 {
            var value: UInt64 = 0, shift: UInt64 = 0
            while true {
                guard index < input.endIndex, shift < 64 else { throw ProtobufBody.refusal("a truncated varint") }
                let byte = input[index]
                index += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
        }
        while index < input.endIndex {
            let key = try varint()
            var field = Field(number: Int(key >> 3))
            switch key & 7 {
            case 0: field.varint = try varint()
            case 2:
                let length = try varint()
                guard length <= UInt64(input.endIndex - index) else { throw ProtobufBody.refusal("a field longer than the body") }
                field.bytes = input[index..<(index + Int(length))]
                index += Int(length)
            case 1:
                guard input.endIndex - index >= 8 else { throw ProtobufBody.refusal("a truncated fixed64") }
                index += 8
            case 5:
                guard input.endIndex - index >= 4 else { throw ProtobufBody.refusal("a truncated fixed32") }
                index += 4
            default: throw ProtobufBody.refusal("wire type \(key & 7)")
            }
            fields.append(field)
        }
        return fields
    }
}
