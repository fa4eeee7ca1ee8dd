import KubeModel
import Testing

/// Found by the fuzz suite: "1e308k" read as +infinity, a number no quantity is; callers judged
/// it only as "not finite". An overflowing quantity is now no quantity.
@Suite struct HugeQuantityTests {
    @Test func aQuantityThatOverflowsIsNotAQuantity() {
        #expect(Quantity.value("1e308k") == nil)
        #expect(Quantity.value("1.7e308Ei") == nil)
        #expect(Quantity.value("1e300k") == 1e303)
    }
}
