/// The name and key rules of k8s.io/apimachinery/pkg/util/validation (validation.go) and
/// api/validation (generic.go, path names), with upstream's messages. Each check returns the
/// messages it finds, none when the value is valid. Lengths are counted in UTF-8 bytes, as Go's
/// `len` counts them; the patterns are matched on bytes, so anything outside ASCII fails them.
enum NameValidation {
    static let dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
    static let dns1123SubdomainFormat = dns1123LabelFormat + "(\\." + dns1123LabelFormat + ")*"
    static let dns1035LabelFormat = "[a-z]([-a-z0-9]*[a-z0-9])?"
    static let qualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
    static let labelValueFormat = "(" + qualifiedNameFormat + ")?"

    static let dns1123SubdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
    static let dns1123LabelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"
    static let dns1035LabelMessage = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character"
    static let qualifiedNameMessage = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
    static let labelValueMessage = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"

    /// `RegexError`: the message, the examples, the pattern.
    static func regexError(_ message: String, _ format: String, _ examples: String...) -> String {
        guard !examples.isEmpty else { return message + " (regex used for validation is '" + format + "')" }
        return message + " (e.g. " + examples.map { "'\($0)', " }.joined(separator: " or ")
            + "regex used for validation is '" + format + "')"
    }

    static func maxLengthError(_ length: Int) -> String { "must be no more than \(length) characters" }
    static let emptyError = "must be non-empty"

    // MARK: Patterns

    static func isLowerAlphanumeric(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) }
    static func isAlphanumeric(_ byte: UInt8) -> Bool { isLowerAlphanumeric(byte) || (0x41...0x5A).contains(byte) }

    /// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`
    static func matchesDNS1123Label<S: Collection<UInt8>>(_ bytes: S) -> Bool {
        guard let first = bytes.first, let last = bytes.reversed().first,
              isLowerAlphanumeric(first), isLowerAlphanumeric(last) else { return false }
        return bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    static func matchesDNS1123Subdomain(_ value: String) -> Bool {
        value.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy(matchesDNS1123Label)
    }

    /// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`
    static func matchesQualifiedName(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard let first = bytes.first, let last = bytes.last, isAlphanumeric(first), isAlphanumeric(last) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    // MARK: Checks

    static func dns1123Subdomain(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 253 { errors.append(maxLengthError(253)) }
        if !matchesDNS1123Subdomain(value) {
            errors.append(regexError(dns1123SubdomainMessage, dns1123SubdomainFormat, "example.com"))
        }
        return errors
    }

    static func dns1123Label(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 63 { errors.append(maxLengthError(63)) }
        if !matchesDNS1123Label(Array(value.utf8)) {
            if matchesDNS1123Subdomain(value) {
                errors.append("must not contain dots")
            } else {
                errors.append(regexError(dns1123LabelMessage, dns1123LabelFormat, "my-name", "123-abc"))
            }
        }
        return errors
    }

    static func dns1035Label(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 63 { errors.append(maxLengthError(63)) }
        let bytes = Array(value.utf8)
        if !(matchesDNS1123Label(bytes) && (0x61...0x7A).contains(bytes[0])) {
            errors.append(regexError(dns1035LabelMessage, dns1035LabelFormat, "my-name", "abc-123"))
        }
        return errors
    }

    /// `IsValidPathSegmentName` and, for a generateName, `IsValidPathSegmentPrefix`.
    static func pathSegment(_ value: String, prefix: Bool) -> [String] {
        if !prefix {
            for illegal in [".", ".."] where value == illegal { return ["may not be '\(illegal)'"] }
        }
        return ["/", "%"].filter { value.contains($0) }.map { "may not contain '\($0)'" }
    }

    /// `IsQualifiedName`: an optional DNS-subdomain prefix and `/`, then a name of at most 63.
    static func qualifiedName(_ value: String) -> [String] {
        var errors: [String] = []
        let parts = value.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let name: String
        switch parts.count {
        case 1: name = parts[0]
        case 2:
            name = parts[1]
            if parts[0].isEmpty {
                errors.append("prefix part " + emptyError)
            } else {
                errors += dns1123Subdomain(parts[0]).map { "prefix part " + $0 }
            }
        default:
            return ["a qualified name " + regexError(qualifiedNameMessage, qualifiedNameFormat, "MyName", "my.name", "123-abc")
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
        }
        if name.isEmpty {
            errors.append("name part " + emptyError)
        } else if name.utf8.count > 63 {
            errors.append("name part " + maxLengthError(63))
        }
        if !matchesQualifiedName(name) {
            errors.append("name part " + regexError(qualifiedNameMessage, qualifiedNameFormat, "MyName", "my.name", "123-abc"))
        }
        return errors
    }

    /// `IsValidLabelValue`: empty, or a qualified name's name part of at most 63.
    static func labelValue(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 63 { errors.append(maxLengthError(63)) }
        if !value.isEmpty, !matchesQualifiedName(value) {
            errors.append(regexError(labelValueMessage, labelValueFormat, "MyValue", "my_value", "12345"))
        }
        return errors
    }
}

/// How a kind's names are checked: the `ValidateNameFunc` its strategy passes to
/// `ValidateObjectMeta`. For a generateName (`prefix`), the DNS rules mask one trailing `-`
/// first (upstream's `maskTrailingDash`), since a generated suffix follows it.
enum NameRule: Sendable, Equatable {
    case dns1123Subdomain
    case dns1123Label
    case pathSegment

    func check(_ value: String, prefix: Bool) -> [String] {
        switch self {
        case .dns1123Subdomain: NameValidation.dns1123Subdomain(prefix ? Self.maskingTrailingDash(value) : value)
        case .dns1123Label: NameValidation.dns1123Label(prefix ? Self.maskingTrailingDash(value) : value)
        case .pathSegment: NameValidation.pathSegment(value, prefix: prefix)
        }
    }

    static func maskingTrailingDash(_ value: String) -> String {
        guard value.utf8.count > 1, value.hasSuffix("-") else { return value }
        return String(value.dropLast()) + "a"
    }
}

extension ResourceType {
    /// Each kind's name rule, as its registry strategy validates it (pkg/apis/*/validation):
    /// Namespaces and Services a DNS-1123 label; RBAC kinds a path segment
    /// (`ValidateRBACName`); core/v1 Events none but the generic path-segment check (legacy
    /// Event validation does not call `ValidateObjectMeta`); everything else, custom resources
    /// included, a DNS-1123 subdomain.
    var nameRule: NameRule {
        switch (group, plural) {
        case ("", "namespaces"), ("", "services"): .dns1123Label
        case ("rbac.authorization.k8s.io", _): .pathSegment
        case ("", "events"): .pathSegment
        default: .dns1123Subdomain
        }
    }
}
