import CostGuardAPI
import Testing

/// `maxEntries` is bounded by what one annotation can hold (2,000), not the 65,536 once promised.
@Suite struct DenyListBoundSpecTests {
    @Test func maxEntriesAboveTwoThousandIsRefusedNamingTheField() {
        let error = #expect(throws: SpecErrors.self) {
            _ = try CostGuardSpec.parse(manifest: #"{"actions": {"denyList": {"enabled": true, "maxEntries": 65536}}}"#)
        }
        #expect(error?.description.contains("maxEntries") == true, "\(String(describing: error))")
    }

    @Test func twoThousandIsAccepted() throws {
        let spec = try CostGuardSpec.parse(manifest: #"{"actions": {"denyList": {"enabled": true, "maxEntries": 2000}}}"#)
        #expect(spec.actions.denyList.maxEntries == 2000)
    }
}
