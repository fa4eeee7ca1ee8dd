/// A rejected CostGuard: which field, what is wrong with it, and how to fix it.
package struct SpecError: Error, Sendable, Hashable, CustomStringConvertible {
    package var field: String
    package var problem: String

    package init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    package var description: String { "\(field): \(problem)" }
}

/// Every problem found in one CostGuard, so a user fixes them in one pass.
package struct SpecErrors: Error, Sendable, CustomStringConvertible {
    package var errors: [SpecError]

    package init(_ errors: [SpecError]) { self.errors = errors }

    package var description: String { errors.map(\.description).joined(separator: "\n") }
}
