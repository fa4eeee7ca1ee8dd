/// The last four rates, newest first, in fixed storage: read and written every frame.
struct RecentRates: Sendable {
    private var rates: (Double, Double, Double, Double) = (0, 0, 0, 0)
    private(set) var count = 0

    /// The rate `back` frames before the newest (0 is the newest).
    subscript(back: Int) -> Double {
        switch back {
        case 0: rates.0
        case 1: rates.1
        case 2: rates.2
        default: rates.3
        }
    }

    mutating func push(_ rate: Double) {
        rates = (rate, rates.0, rates.1, rates.2)
        count = min(count + 1, 4)
    }
}
