/// A rejected CostGuard: which field, what is wrong with it, and how to fix it.
public struct SpecError: Error, Sendable, Hashable, CustomStringConvertible {
    public var field: String
    public var problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { "\(field): \(problem)" }
}

/// Every problem found in one CostGuard, so a user fixes them in one pass.
public struct SpecErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [SpecError]

    public init(_ errors: [SpecError]) { self.errors = errors }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
