import KubeModel
import KubeSim
import Testing

/// KubeSim's CEL interpreter against what cel-go (as the API server runs it) answers.
@Suite struct CELTests {
    enum Expected: Sendable, CustomStringConvertible {
        case value(JSONValue)
        case error(String)
        case compileError(String)

        var description: String {
            switch self {
            case .value(let value): "value \(value.jsonString)"
            case .error(let message): "error \(message)"
            case .compileError(let message): "compile error \(message)"
            }
        }
    }

    static let object: JSONValue = [
        "name": "shop", "replicas": 3, "ratio": 0.5, "enabled": true,
        "labels": ["app": "web", "tier": "front"],
        "ports": [80, 443], "names": ["a", "bb", "ccc"],
        "interval": "15s", "holdDown": "10m", "since": "2026-01-02T03:04:05Z",
        "items": [["key": "x", "values": ["1"]], ["key": "y"]],
    ]

    static let cases: [(String, Expected)] = [
        // Literals
        ("1 + 2 * 3", .value(7)),
        ("(1 + 2) * 3", .value(9)),
        ("7 / 2", .value(3)),
        ("7 % 3", .value(1)),
        ("-7 / 2", .value(-3)),
        ("0x1F", .value(31)),
        ("3u + 4u", .value(7)),
        ("1.5 + 2.25", .value(3.75)),
        ("1e3", .value(1000.0)),
        ("'single' + \"double\"", .value("singledouble")),
        ("'''triple 'quoted' '''", .value("triple 'quoted' ")),
        (#""""three""""#, .value("three")),
        (#"'tab\tnew\nline'"#, .value("tab\tnew\nline")),
        (#"'\x41\u00e9\101'"#, .value("AéA")),
        (#"r'raw\n'"#, .value(#"raw\n"#)),
        ("size(b'abc')", .value(3)),
        ("true", .value(true)),
        ("null", .value(.null)),
        ("[1, 2, 3]", .value([1, 2, 3])),
        ("{'a': 1, 'b': [true]}", .value(["a": 1, "b": [true]])),
        ("{'a': 1}.a", .value(1)),
        // Fields, has, index
        ("self.name", .value("shop")),
        ("self.labels.app", .value("web")),
        ("self.labels['tier']", .value("front")),
        ("self.ports[1]", .value(443)),
        ("self.missing", .error("no such key: missing")),
        ("self.labels.nope == 'x'", .error("no such key: nope")),
        ("self.ports[5]", .error("index out of bounds: 5")),
        ("has(self.name)", .value(true)),
        ("has(self.missing)", .value(false)),
        ("has(self.labels.app)", .value(true)),
        ("has(self.items[1].values)", .value(false)),
        // Unary, comparison, in
        ("!self.enabled", .value(false)),
        ("-self.replicas", .value(-3)),
        ("self.replicas >= 3 && self.replicas < 4", .value(true)),
        ("self.ratio < 1", .value(true)),
        ("1 == 1.0", .value(true)),
        ("1u == 1", .value(true)),
        ("'a' < 'b'", .value(true)),
        ("[1, 2] == [1, 2]", .value(true)),
        ("{'a': 1} != {'a': 2}", .value(true)),
        ("'web' in ['web', 'api']", .value(true)),
        ("'app' in self.labels", .value(true)),
        ("443 in self.ports", .value(true)),
        ("'x' + 1", .error("no such overload")),
        ("self.name < 1", .error("no such overload")),
        // Concatenation
        ("self.names + ['d']", .value(["a", "bb", "ccc", "d"])),
        ("self.name + '-' + self.labels.app", .value("shop-web")),
        // Error absorption in && and ||
        ("false && self.missing", .value(false)),
        ("self.missing && false", .value(false)),
        ("true || self.missing", .value(true)),
        ("self.missing || true", .value(true)),
        ("true && self.missing", .error("no such key: missing")),
        ("false || self.missing", .error("no such key: missing")),
        ("self.missing || self.alsoMissing", .error("no such key: missing")),
        ("!has(self.missing) || self.missing > 1", .value(true)),
        // Conditional
        ("self.enabled ? 'on' : 'off'", .value("on")),
        ("self.replicas > 5 ? self.missing : 1", .value(1)),
        ("self.name ? 1 : 2", .error("no such overload")),
        // Arithmetic errors
        ("1 / 0", .error("division by zero")),
        ("1 % 0", .error("modulus by zero")),
        ("9223372036854775807 + 1", .error("integer overflow")),
        // Functions and methods
        ("size(self.name)", .value(4)),
        ("self.names.size()", .value(3)),
        ("size(self.labels)", .value(2)),
        ("size('héllo')", .value(5)),
        ("self.name.matches('^sh')", .value(true)),
        ("self.name.matches('op')", .value(true)),
        ("matches(self.name, '^op')", .value(false)),
        ("self.name.startsWith('sh') && self.name.endsWith('op') && self.name.contains('ho')", .value(true)),
        ("'MiXeD'.lowerAscii() + 'MiXeD'.upperAscii()", .value("mixedMIXED")),
        ("duration(self.holdDown) >= duration(self.interval)", .value(true)),
        ("duration('1h30m') == duration('90m')", .value(true)),
        ("duration('1.5s') > duration('1500ms')", .value(false)),
        ("duration('300ms') < duration('1s')", .value(true)),
        ("string(duration('10m'))", .value("600s")),
        ("duration('10x')", .error("invalid duration")),
        ("timestamp(self.since) < timestamp('2026-01-02T03:04:06Z')", .value(true)),
        ("timestamp('2026-01-02T04:04:05+01:00') == timestamp(self.since)", .value(true)),
        ("string(timestamp(self.since) + duration('1h'))", .value("2026-01-02T04:04:05Z")),
        ("timestamp('2026-01-02T03:04:06Z') - timestamp(self.since) == duration('1s')", .value(true)),
        ("timestamp('yesterday')", .error("parsing time")),
        ("double('0.192') > 0.0", .value(true)),
        ("double('0') > 0.0", .value(false)),
        ("double('x')", .error("cannot convert")),
        ("int('42') + int(2.9)", .value(44)),
        ("uint(5)", .value(5)),
        ("uint(-1)", .error("overflow")),
        ("string(12) + string(true)", .value("12true")),
        ("string(2.5)", .value("2.5")),
        // List macros
        ("self.ports.all(p, p > 0)", .value(true)),
        ("self.ports.exists(p, p == 443)", .value(true)),
        ("self.ports.exists_one(p, p > 100)", .value(true)),
        ("self.names.exists_one(n, size(n) > 1)", .value(false)),
        ("self.ports.map(p, p * 2)", .value([160, 886])),
        ("self.ports.map(p, p > 100, p + 1)", .value([444])),
        ("self.names.filter(n, size(n) >= 2)", .value(["bb", "ccc"])),
        ("self.labels.all(k, k.size() > 2)", .value(true)),
        ("self.items.all(i, has(i.values))", .value(false)),
        ("self.items.exists(i, i.values[0] == '1')", .value(true)),
        ("self.items.all(i, i.values.size() > 0)", .error("no such key: values")),
        ("self.items.all(i, i.key == 'nope' && i.values.size() > 0)", .value(false)),
        ("[1, 2].all(x, [x].exists(y, y == x))", .value(true)),
        // Compile errors
        ("self.name ==", .compileError("Syntax error")),
        ("nope > 1", .compileError("undeclared reference to 'nope'")),
        ("self.name.frobnicate()", .compileError("undeclared reference to 'frobnicate'")),
        ("self.name.matches('(')", .compileError("invalid matches argument")),
        ("'unterminated", .compileError("Syntax error")),
        ("self.ports.all(p)", .compileError("undeclared reference to 'all'")),
        ("x.all(y, y)", .compileError("undeclared reference to 'x'")),
        ("1 ? 2", .compileError("Syntax error")),
        ("self.ports.isSorted()", .compileError("KubeSim's CEL does not support isSorted as a method")),
        ("quantity('1Gi') > quantity('1Mi')", .compileError("KubeSim's CEL does not support quantity()")),
        ("self.name.matches()", .compileError("found no matching overload for 'matches' applied to 1 argument(s)")),
        ("size(1, 2)", .compileError("found no matching overload for 'size'")),
        ("self.a ==", .compileError("ERROR: <input>:1:10: Syntax error")),
        ("self.labels.namespace", .error("no such key: namespace")),
        (".self.name", .value("shop")),
        ("[1, 2, 3,]", .value([1, 2, 3])),
        ("{'a': 1, 'a': 2}", .error("repeated key")),
    ]

    @Test(arguments: cases)
    func evaluates(_ source: String, _ expected: Expected) throws {
        let program: CELProgram
        do {
            program = try CELProgram(source)
        } catch {
            guard case .compileError(let message) = expected else {
                Issue.record("\(source): compile error \(error), expected \(expected)")
                return
            }
            #expect(error.description.contains(message), "\(source): \(error)")
            return
        }
        do {
            let result = try program.evaluate(json: ["self": Self.object])
            switch expected {
            case .value(let value):
                #expect(result == value, "\(source) gave \(result.jsonString)")
            default:
                Issue.record("\(source) gave \(result.jsonString), expected \(expected)")
            }
        } catch {
            guard case .error(let message) = expected else {
                Issue.record("\(source): error \(error.message), expected \(expected)")
                return
            }
            #expect(error.message.contains(message), "\(source): \(error.message)")
        }
    }

    @Test func transitionRulesAreTheOnesReadingOldSelf() throws {
        #expect(try CELProgram("self >= oldSelf").referencesOldSelf)
        #expect(try !CELProgram("self.a > 1").referencesOldSelf)
        #expect(try CELProgram("self == oldSelf").evaluate(json: ["self": 3, "oldSelf": 3]) == true)
    }
}
