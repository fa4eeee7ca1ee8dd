import GuardCore
/// A scenario line that cannot be used: which line, which field, what is wrong.
package struct ScenarioError: Error, Sendable, Hashable, CustomStringConvertible {
    package enum Code: String, Sendable { case io, header, frame, sequence }

    package var code: Code
    package var line: Int
    package var field: String?
    package var problem: String

    package init(code: Code, line: Int, field: String? = nil, problem: String) {
        self.code = code
        self.line = line
        self.field = field
        self.problem = problem
    }

    package var description: String {
        let place = line > 0 ? "line \(line)" : "scenario"
        return field.map { "\(place): \($0): \(problem)" } ?? "\(place): \(problem)"
    }
}
