import GuardCore
/// A scenario line that cannot be used: which line, which field, what is wrong.
public struct ScenarioError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable { case io, header, frame, sequence }

    public var code: Code
    public var line: Int
    public var field: String?
    public var problem: String

    public init(code: Code, line: Int, field: String? = nil, problem: String) {
        self.code = code
        self.line = line
        self.field = field
        self.problem = problem
    }

    public var description: String {
        let place = line > 0 ? "line \(line)" : "scenario"
        return field.map { "\(place): \($0): \(problem)" } ?? "\(place): \(problem)"
    }
}
