import Foundation

/// The operators and functions KubeSim's CEL knows: CEL's standard ones Kubernetes rules use,
/// and the Kubernetes string extensions `lowerAscii`/`upperAscii`.
enum CELFunctions {
    /// Global functions (`size(x)`) and methods (`x.size()`), for the compile-time check.
    static let globals: Set<String> = ["size", "matches", "duration", "timestamp", "double", "int", "uint", "string", "bool", "bytes", "dyn"]
    /// How many arguments each function takes, the receiver of a method counted.
    static let arities: [String: Set<Int>] = [
        "size": [1], "matches": [2], "startsWith": [2], "endsWith": [2], "contains": [2], "lowerAscii": [1], "upperAscii": [1],
        "trim": [1], "join": [1, 2], "split": [2], "indexOf": [2], "lastIndexOf": [2], "getSeconds": [1], "getMilliseconds": [1],
        "duration": [1], "timestamp": [1], "double": [1], "int": [1], "uint": [1], "string": [1], "bool": [1], "bytes": [1], "dyn": [1],
    ]

    /// Functions a real server knows (Kubernetes' CEL libraries, CEL extensions) that KubeSim's
    /// CEL does not, so a rule using one is refused with a message saying so.
    static let unsupported: Set<String> = ["quantity", "isQuantity", "url", "isURL", "ip", "isIP", "cidr", "isCIDR", "semver",
                                           "isSemver", "isSorted", "sum", "min", "max", "indexOf", "find", "findAll", "format",
                                           "replace", "substring", "charAt", "reverse", "type", "optional", "sets", "authorizer",
                                           "getHours", "getMinutes", "getFullYear", "getMonth", "getDate", "getDayOfWeek",
                                           "getDayOfMonth", "getDayOfYear", "base64", "strings", "math", "quote", "all", "exists",
                                           "exists_one", "map", "filter"]
    static let methods: Set<String> = ["size", "matches", "startsWith", "endsWith", "contains", "lowerAscii", "upperAscii",
                                       "trim", "join", "split", "indexOf", "lastIndexOf", "getSeconds", "getMilliseconds"]

    static func index(_ target: CELValue, _ index: CELValue) throws(CELEvalError) -> CELValue {
        switch target {
        case .list(let list):
            let position: Int64
            switch index {
            case .int(let value): position = value
            case .uint(let value): position = Int64(clamping: value)
            case .double(let value) where value.rounded() == value: position = Int64(value)
            default: throw CELEvalError.noSuchOverload("_[_]", [target, index])
            }
            guard position >= 0, position < list.count else {
                throw CELEvalError(message: "index out of bounds: \(position)")
            }
            return list[Int(position)]
        case .map:
            guard let found = target.lookup(index) else { throw CELEvalError(message: "no such key: \(display(index))") }
            return found
        default:
            throw CELEvalError.noSuchOverload("_[_]", [target, index])
        }
    }

    static func display(_ value: CELValue) -> String {
        switch value {
        case .string(let string): string
        default: string(of: value) ?? value.typeName
        }
    }

    static func sortKey(_ value: CELValue) -> String { display(value) }

    // MARK: Operators

    static func binary(_ op: CELBinaryOperator, _ left: CELValue, _ right: CELValue) throws(CELEvalError) -> CELValue {
        switch op {
        case .equal: return .bool(left.celEquals(right))
        case .notEqual: return .bool(!left.celEquals(right))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let order = compare(left, right) else { throw CELEvalError.noSuchOverload(op.functionName, [left, right]) }
            switch op {
            case .less: return .bool(order < 0)
            case .lessOrEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case .in:
            switch right {
            case .list(let list): return .bool(list.contains { $0.celEquals(left) })
            case .map: return .bool(right.lookup(left) != nil)
            default: throw CELEvalError.noSuchOverload(op.functionName, [left, right])
            }
        case .add, .subtract, .multiply, .divide, .remainder:
            return try arithmetic(op, left, right)
        }
    }

    static func compare(_ left: CELValue, _ right: CELValue) -> Int? {
        if let order = left.numericOrder(right) { return order }
        func order<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
        switch (left, right) {
        case (.string(let a), .string(let b)): return stringOrder(a, b)
        case (.bool(let a), .bool(let b)): return order(a ? 1 : 0, b ? 1 : 0)
        case (.bytes(let a), .bytes(let b)): return a == b ? 0 : (a.lexicographicallyPrecedes(b) ? -1 : 1)
        case (.duration(let a), .duration(let b)): return order(a, b)
        case (.timestamp(let a), .timestamp(let b)): return order(a, b)
        default: return nil
        }
    }

    /// Strings order by code point, as in Go.
    static func stringOrder(_ a: String, _ b: String) -> Int {
        if a == b { return 0 }
        return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) ? -1 : 1
    }

    static func arithmetic(_ op: CELBinaryOperator, _ left: CELValue, _ right: CELValue) throws(CELEvalError) -> CELValue {
        let overflow = CELEvalError(message: "integer overflow")
        switch (left, right) {
        case (.int(let a), .int(let b)):
            let result: (Int64, Bool)
            switch op {
            case .add: result = a.addingReportingOverflow(b)
            case .subtract: result = a.subtractingReportingOverflow(b)
            case .multiply: result = a.multipliedReportingOverflow(by: b)
            case .divide:
                guard b != 0 else { throw CELEvalError(message: "division by zero") }
                result = a.dividedReportingOverflow(by: b)
            default:
                guard b != 0 else { throw CELEvalError(message: "modulus by zero") }
                result = a.remainderReportingOverflow(dividingBy: b)
            }
            if result.1 { throw overflow }
            return .int(result.0)
        case (.uint(let a), .uint(let b)):
            let result: (UInt64, Bool)
            switch op {
            case .add: result = a.addingReportingOverflow(b)
            case .subtract: result = a.subtractingReportingOverflow(b)
            case .multiply: result = a.multipliedReportingOverflow(by: b)
            case .divide:
                guard b != 0 else { throw CELEvalError(message: "division by zero") }
                result = (a / b, false)
            default:
                guard b != 0 else { throw CELEvalError(message: "modulus by zero") }
                result = (a % b, false)
            }
            if result.1 { throw overflow }
            return .uint(result.0)
        case (.double(let a), .double(let b)):
            switch op {
            case .add: return .double(a + b)
            case .subtract: return .double(a - b)
            case .multiply: return .double(a * b)
            case .divide: return .double(a / b)
            default: throw CELEvalError.noSuchOverload(op.functionName, [left, right])
            }
        case (.string(let a), .string(let b)) where op == .add: return .string(a + b)
        case (.bytes(let a), .bytes(let b)) where op == .add: return .bytes(a + b)
        case (.list(let a), .list(let b)) where op == .add: return .list(a + b)
        case (.duration(let a), .duration(let b)) where op == .add || op == .subtract:
            let result = op == .add ? a.addingReportingOverflow(b) : a.subtractingReportingOverflow(b)
            if result.1 { throw overflow }
            return .duration(result.0)
        case (.timestamp(let a), .duration(let b)) where op == .add || op == .subtract:
            let result = op == .add ? a.addingReportingOverflow(b) : a.subtractingReportingOverflow(b)
            if result.1 { throw overflow }
            return .timestamp(result.0)
        case (.duration(let a), .timestamp(let b)) where op == .add:
            let result = a.addingReportingOverflow(b)
            if result.1 { throw overflow }
            return .timestamp(result.0)
        case (.timestamp(let a), .timestamp(let b)) where op == .subtract:
            let result = a.subtractingReportingOverflow(b)
            if result.1 { throw overflow }
            return .duration(result.0)
        default:
            throw CELEvalError.noSuchOverload(op.functionName, [left, right])
        }
    }

    // MARK: Functions and methods

    static func call(_ name: String, target: CELValue?, arguments: [CELValue], regexes: CELRegexCache) throws(CELEvalError) -> CELValue {
        let all = (target.map { [$0] } ?? []) + arguments
        func fail() -> CELEvalError { .noSuchOverload(name, all) }
        switch (name, all.count) {
        case ("size", 1):
            switch all[0] {
            case .string(let string): return .int(Int64(string.unicodeScalars.count))
            case .bytes(let bytes): return .int(Int64(bytes.count))
            case .list(let list): return .int(Int64(list.count))
            case .map(let map): return .int(Int64(map.count))
            default: throw fail()
            }
        case ("matches", 2):
            guard case .string(let text) = all[0], case .string(let pattern) = all[1] else { throw fail() }
            return .bool(try regexes.regex(pattern).matches(text))
        case ("startsWith", 2), ("endsWith", 2), ("contains", 2):
            guard case .string(let text) = all[0], case .string(let part) = all[1] else { throw fail() }
            let (a, b) = (Array(text.unicodeScalars), Array(part.unicodeScalars))
            switch name {
            case "startsWith": return .bool(a.starts(with: b))
            case "endsWith": return .bool(a.reversed().starts(with: b.reversed()))
            default: return .bool(b.isEmpty || (a.count >= b.count && (0...(a.count - b.count)).contains { Array(a[$0..<($0 + b.count)]) == b }))
            }
        case ("lowerAscii", 1), ("upperAscii", 1):
            guard case .string(let text) = all[0] else { throw fail() }
            var result = String.UnicodeScalarView()
            for scalar in text.unicodeScalars {
                if name == "lowerAscii", ("A"..."Z").contains(scalar) { result.append(Unicode.Scalar(scalar.value + 32)!) }
                else if name == "upperAscii", ("a"..."z").contains(scalar) { result.append(Unicode.Scalar(scalar.value - 32)!) }
                else { result.append(scalar) }
            }
            return .string(String(result))
        case ("trim", 1):
            guard case .string(let text) = all[0] else { throw fail() }
            return .string(text.trimmingCharacters(in: .whitespacesAndNewlines))
        case ("join", 1), ("join", 2):
            guard case .list(let list) = all[0] else { throw fail() }
            var separator = ""
            if all.count == 2 { guard case .string(let given) = all[1] else { throw fail() }; separator = given }
            var parts: [String] = []
            for element in list { guard case .string(let part) = element else { throw fail() }; parts.append(part) }
            return .string(parts.joined(separator: separator))
        case ("split", 2):
            guard case .string(let text) = all[0], case .string(let separator) = all[1] else { throw fail() }
            if separator.isEmpty { return .list(text.map { .string(String($0)) }) }
            return .list(text.components(separatedBy: separator).map { .string($0) })
        case ("indexOf", 2), ("lastIndexOf", 2):
            guard case .string(let text) = all[0], case .string(let part) = all[1] else { throw fail() }
            let (a, b) = (Array(text.unicodeScalars), Array(part.unicodeScalars))
            guard a.count >= b.count else { return .int(-1) }
            let starts = Array(0...(a.count - b.count))
            let found = (name == "indexOf" ? starts : starts.reversed()).first { Array(a[$0..<($0 + b.count)]) == b }
            return .int(Int64(found ?? -1))
        case ("duration", 1):
            switch all[0] {
            case .duration: return all[0]
            case .string(let text):
                guard let nanos = CELTime.parseDuration(text) else { throw CELEvalError(message: "time: invalid duration \"\(text)\"") }
                return .duration(nanos)
            default: throw fail()
            }
        case ("timestamp", 1):
            switch all[0] {
            case .timestamp: return all[0]
            case .string(let text):
                guard let nanos = CELTime.parseTimestamp(text) else {
                    throw CELEvalError(message: "parsing time \"\(text)\" as \"2006-01-02T15:04:05Z07:00\": cannot parse")
                }
                return .timestamp(nanos)
            case .int(let seconds):
                let (nanos, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
                if overflow { throw CELEvalError(message: "timestamp overflow") }
                return .timestamp(nanos)
            default: throw fail()
            }
        case ("getSeconds", 1):
            switch all[0] {
            case .duration(let nanos): return .int(nanos / 1_000_000_000)
            default: throw fail()
            }
        case ("getMilliseconds", 1):
            switch all[0] {
            case .duration(let nanos): return .int(nanos / 1_000_000)
            default: throw fail()
            }
        case ("double", 1):
            switch all[0] {
            case .double: return all[0]
            case .int(let value): return .double(Double(value))
            case .uint(let value): return .double(Double(value))
            case .string(let text):
                guard let value = Double(text) else {
                    throw CELEvalError(message: "cannot convert string '\(text)' to double")
                }
                return .double(value)
            default: throw fail()
            }
        case ("int", 1):
            switch all[0] {
            case .int: return all[0]
            case .uint(let value):
                guard let int = Int64(exactly: value) else { throw CELEvalError(message: "integer overflow") }
                return .int(int)
            case .double(let value):
                guard value.isFinite, value > -9.223372036854775808e18, value < 9.223372036854775807e18 else {
                    throw CELEvalError(message: "integer overflow")
                }
                return .int(Int64(value))
            case .string(let text):
                guard let value = Int64(text) else { throw CELEvalError(message: "cannot convert string '\(text)' to int") }
                return .int(value)
            case .timestamp(let nanos): return .int(nanos >= 0 ? nanos / 1_000_000_000 : (nanos - 999_999_999) / 1_000_000_000)
            case .duration(let nanos): return .int(nanos)
            default: throw fail()
            }
        case ("uint", 1):
            switch all[0] {
            case .uint: return all[0]
            case .int(let value):
                guard value >= 0 else { throw CELEvalError(message: "unsigned integer overflow") }
                return .uint(UInt64(value))
            case .double(let value):
                guard value.isFinite, value > -1, value < 1.8446744073709552e19 else { throw CELEvalError(message: "unsigned integer overflow") }
                return .uint(UInt64(value))
            case .string(let text):
                guard let value = UInt64(text) else { throw CELEvalError(message: "cannot convert string '\(text)' to uint") }
                return .uint(value)
            default: throw fail()
            }
        case ("string", 1):
            guard let text = string(of: all[0]) else { throw fail() }
            return .string(text)
        case ("bool", 1):
            switch all[0] {
            case .bool: return all[0]
            case .string(let text):
                switch text {
                case "1", "t", "true", "TRUE", "True": return .bool(true)
                case "0", "f", "false", "FALSE", "False": return .bool(false)
                default: throw CELEvalError(message: "Type conversion error from 'string' to 'bool'")
                }
            default: throw fail()
            }
        case ("bytes", 1):
            switch all[0] {
            case .bytes: return all[0]
            case .string(let text): return .bytes(Array(text.utf8))
            default: throw fail()
            }
        case ("dyn", 1):
            return all[0]
        default:
            throw fail()
        }
    }

    /// `string(x)`: what CEL writes for scalars, durations and timestamps; nil for lists and maps.
    static func string(of value: CELValue) -> String? {
        switch value {
        case .string(let text): return text
        case .int(let int): return String(int)
        case .uint(let uint): return String(uint)
        case .double(let double):
            if double.isNaN { return "NaN" }
            if double.isInfinite { return double < 0 ? "-Inf" : "+Inf" }
            if double.rounded() == double, abs(double) < 1e21 { return String(Int64(exactly: double).map(String.init) ?? "\(double)") }
            return "\(double)"
        case .bool(let bool): return bool ? "true" : "false"
        case .bytes(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .duration(let nanos): return CELTime.formatDuration(nanos)
        case .timestamp(let nanos): return CELTime.formatTimestamp(nanos)
        case .null: return "null"
        case .list, .map: return nil
        }
    }
}
