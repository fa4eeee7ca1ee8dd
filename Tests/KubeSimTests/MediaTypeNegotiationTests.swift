@testable import KubeSim
import Testing

/// Which Accept headers get a Table, and which keep getting the plain object.
@Suite struct MediaTypeNegotiationTests {
    static let kubectlGet = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"

    func shape(_ accept: String?) throws(APIFailure) -> ResponseShape {
        try ResponseShape.negotiate(accept: accept)
    }

    @Test func kubectlsHeaderGetsAV1Table() throws {
        #expect(try shape(Self.kubectlGet) == .table(version: "v1"))
    }

    @Test func plainJSONAndNoHeaderGetTheObject() throws {
        #expect(try shape(nil) == .object)
        #expect(try shape("") == .object)
        #expect(try shape("application/json") == .object)
        #expect(try shape("application/json, */*") == .object)
        // client-go's default: protobuf is not served, so JSON it is, as before.
        #expect(try shape("application/vnd.kubernetes.protobuf, application/json") == .object)
    }

    @Test func anUnservedTableVersionFallsThroughToTheNextRange() throws {
        #expect(try shape("application/json;as=Table;v=v1alpha1;g=meta.k8s.io,application/json") == .object)
        #expect(try shape("application/json;as=Table;v=v2;g=meta.k8s.io, application/json;as=Table;v=v1beta1;g=meta.k8s.io")
            == .table(version: "v1beta1"))
        #expect(try shape("application/yaml;as=Table;v=v1;g=meta.k8s.io,application/json") == .object)
        #expect(try shape("application/json;as=Table;v=v1,application/json") == .object)
    }

    @Test func qualityOrdersTheRanges() throws {
        #expect(try shape("application/json;q=0.5,application/json;as=Table;v=v1;g=meta.k8s.io") == .table(version: "v1"))
        #expect(try shape("application/json;as=Table;v=v1;g=meta.k8s.io;q=0.9,application/json") == .object)
        #expect(try shape("*/*;as=Table;v=v1;g=meta.k8s.io") == .table(version: "v1"))
    }

    @Test func onlyUnservedConversionsAreNotAcceptable() {
        #expect(throws: APIFailure.self) { try shape("application/json;as=Table;v=v1alpha1;g=meta.k8s.io") }
        #expect(throws: APIFailure.self) { try shape("application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io") }
        do throws(APIFailure) {
            _ = try shape("application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io")
            Issue.record("a protobuf Table was accepted")
        } catch {
            #expect(error.code == 406)
            #expect(error.status.reason == "NotAcceptable")
        }
    }

    @Test func parsingKeepsParametersAndTrimsSpaces() {
        let ranges = MediaRange.parse(" application/json ; as=Table ; v=v1 ; g=meta.k8s.io , text/plain;q=0.1, bogus")
        #expect(ranges.count == 2)
        #expect(ranges[0] == MediaRange(type: "application", subtype: "json",
                                        parameters: ["as": "Table", "v": "v1", "g": "meta.k8s.io"], quality: 1))
        #expect(ranges[1].quality == 0.1)
    }

    @Test func includeObjectDefaultsToMetadataAndRejectsUnknownValues() throws {
        #expect(try TableOptions(version: "v1", query: [:]).includeObject == .metadata)
        #expect(try TableOptions(version: "v1", query: ["includeObject": ""]).includeObject == .metadata)
        #expect(try TableOptions(version: "v1", query: ["includeObject": "None"]).includeObject == .none)
        #expect(try TableOptions(version: "v1", query: ["includeObject": "Object"]).includeObject == .object)
        do throws(APIFailure) {
            _ = try TableOptions(version: "v1", query: ["includeObject": "object"])
            Issue.record("includeObject=object was accepted")
        } catch {
            #expect(error.code == 400)
            #expect(error.status.message?.contains(#"Unsupported value: "object""#) == true)
        }
    }
}
