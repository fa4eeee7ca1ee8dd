import AccessLogs
import AccessLogsOTLP
@testable import AccessLogsServe
import Foundation
import GuardCore
import SwiftProtobuf
import Testing

/// OTLP/HTTP logs at `POST /v1/logs`, protobuf and JSON, over real HTTP.
@Suite struct OTLPTests {
    /// The request an OpenTelemetry Collector's `otlphttp` exporter sends after the `filelog`
    /// receiver: each access-log line is a record's string body, `lines.count / chunks` per scope.
    static func request(_ lines: [String], chunks: Int = 3) -> Opentelemetry_Proto_Collector_Logs_V1_ExportLogsServiceRequest {
        var request = Opentelemetry_Proto_Collector_Logs_V1_ExportLogsServiceRequest()
        let size = (lines.count + chunks - 1) / chunks
        for start in stride(from: 0, to: lines.count, by: size) {
            var scope = Opentelemetry_Proto_Collector_Logs_V1_ScopeLogs()
            scope.logRecords = lines[start..<min(start + size, lines.count)].map { line in
                var record = Opentelemetry_Proto_Collector_Logs_V1_LogRecord()
                record.body.stringValue = line
                return record
            }
            var resource = Opentelemetry_Proto_Collector_Logs_V1_ResourceLogs()
            resource.scopeLogs = [scope]
            request.resourceLogs.append(resource)
        }
        return request
    }

    /// OTLP/JSON as the specification writes it, with the fields this receiver does not read
    /// (resource attributes, times as strings, severity, trace ids in hex) that it must skip.
    static func otlpJSON(_ lines: [String]) -> String {
        let records = lines.map { line in
            #"{"timeUnixNano":"1772438400250000000","observedTimeUnixNano":"1772438400260000000","severityNumber":9,"severityText":"INFO","body":{"stringValue":\#(jsonString(line))},"attributes":[{"key":"log.file.name","value":{"stringValue":"0.log"}}],"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"}"#
        }
        return #"{"resourceLogs":[{"resource":{"attributes":[{"key":"k8s.pod.name","value":{"stringValue":"traefik-6d8f"}}]},"scopeLogs":[{"scope":{"name":"filelog"},"logRecords":[\#(records.joined(separator: ","))]}],"schemaUrl":"https://opentelemetry.io/schemas/1.21.0"}]}"#
    }

    @Test func protobufAndJSONRequestsGiveTheOfflineFrames() async throws {
        let truth = try await generatedLog(lines: 6000)
        let half = truth.lines.count / 2
        let (frames, protobufAnswer, jsonAnswer) = try await withReceivers([receiverOptions()]) { receivers, client in
            let url = receivers[0].url + "/v1/logs"
            let protobuf = try await post(client, url, try Self.request(Array(truth.lines[..<half])).serializedBytes(),
                                          contentType: "application/x-protobuf")
            let json = try await post(client, url, Array(Self.otlpJSON(Array(truth.lines[half...])).utf8), contentType: "application/json")
            return (try await report(client, receivers[0]).frames(), protobuf, json)
        }
        #expect(protobufAnswer.status == 200)
        #expect(protobufAnswer.headers["content-type"] == "application/x-protobuf")
        #expect(jsonAnswer.status == 200)
        #expect(frames == truth.frames)
        // The unreadable lines come back as OTLP's partial success, summed over both answers.
        let first = try Opentelemetry_Proto_Collector_Logs_V1_ExportLogsServiceResponse(serializedBytes: protobufAnswer.body)
        var options = JSONDecodingOptions()
        options.ignoreUnknownFields = true
        let second = try Opentelemetry_Proto_Collector_Logs_V1_ExportLogsServiceResponse(jsonUTF8Bytes: jsonAnswer.body, options: options)
        #expect(truth.skipped > 0)
        #expect(first.partialSuccess.rejectedLogRecords + second.partialSuccess.rejectedLogRecords == Int64(truth.skipped))
        #expect(first.partialSuccess.errorMessage.contains("not a JSON object"))
    }

    @Test func gzipBodiesAreInflated() async throws {
        let truth = try await generatedLog(lines: 2000)
        let body = try Self.request(truth.lines).serializedBytes() as [UInt8]
        let compressed = try await gzip(body)
        let frames = try await withReceivers([receiverOptions()]) { receivers, client in
            let answer = try await post(client, receivers[0].url + "/v1/logs", compressed, contentType: "application/x-protobuf",
                                        headers: [("Content-Encoding", "gzip")])
            guard answer.status == 200 else { throw ReceiverTestFailure("answered \(answer.status): \(answer.text)") }
            return try await report(client, receivers[0]).frames()
        }
        #expect(compressed.count < body.count / 3)
        #expect(frames == truth.frames)
    }

    @Test func aStructuredBodyIsSkippedAndCounted() async throws {
        var structured = Self.request(["not used"], chunks: 1)
        structured.resourceLogs[0].scopeLogs[0].logRecords[0].body = Opentelemetry_Proto_Collector_Logs_V1_AnyValue()
        let request = structured
        let answer = try await withReceivers([receiverOptions()]) { receivers, client in
            try await post(client, receivers[0].url + "/v1/logs", try request.serializedBytes(), contentType: "application/x-protobuf")
        }
        let response = try Opentelemetry_Proto_Collector_Logs_V1_ExportLogsServiceResponse(serializedBytes: answer.body)
        #expect(answer.status == 200)
        #expect(response.partialSuccess.rejectedLogRecords == 1)
        #expect(response.partialSuccess.errorMessage == "1 the log record's body is not a string")
    }
}

