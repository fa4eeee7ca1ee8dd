import CostGuardAPI
import KubeModel
import Testing

/// Found by the fuzz suite: a spec with signals.interval "99999999999999999999999h" passed the
/// parser and then trapped ("Double value cannot be converted to Int") when a cross-field message printed it,
/// killing the process that read the spec. Past Go's bound (2^63 ns) a duration is now refused.
@Suite struct HugeDurationTests {
    @Test func aDurationBeyondGosBoundIsRefusedNamingTheField() {
        // holdDown (10m by default) is shorter than the interval: the cross-check printed the interval.
        let spec: JSONValue = ["signals": ["interval": "99999999999999999999999h"]]
        #expect {
            try CostGuardSpec(json: spec)
        } throws: { error in
            guard let errors = error as? SpecErrors else { return false }
            return errors.errors.map(\.field) == ["spec.signals.interval"] && errors.description.contains("is not a duration")
        }
        #expect(GoDuration(parsing: "2562047h") != nil)  // Go's largest, ~292 years
        #expect(GoDuration(parsing: "2562048h") == nil)
    }
}
