import ArgumentParser

/// Boolean flags the way Go's flag package takes them: `--name`, `--name=true` and `--name=false`
/// (and strconv.ParseBool's other spellings: 1, t, T, TRUE, True, 0, f, F, FALSE, False).
/// controller-runtime operators, and the manifests and scripts written for them, pass
/// `--leader-elect=true|false`; ArgumentParser's flags take no value, so `--name=VALUE` of a
/// boolean flag is rewritten to `--name` or `--no-name` before parsing. Every boolean flag is
/// declared with `inversion: .prefixedNo` for that.
enum BooleanFlagArguments {
    /// The rewritten arguments; a value ParseBool refuses is an error naming the flag.
    static func normalize(_ arguments: [String], booleanFlags: Set<String>) throws -> [String] {
        var result: [String] = []
        result.reserveCapacity(arguments.count)
        for argument in arguments {
            if argument == "--" {  // everything after it is positional
                result.append(contentsOf: arguments[result.count...])
                break
            }
            guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else {
                result.append(argument)
                continue
            }
            let name = String(argument[argument.index(argument.startIndex, offsetBy: 2)..<equals])
            guard booleanFlags.contains(name) else {
                result.append(argument)
                continue
            }
            let value = String(argument[argument.index(after: equals)...])
            switch value {
            case "1", "t", "T", "true", "TRUE", "True": result.append("--" + name)
            case "0", "f", "F", "false", "FALSE", "False": result.append("--no-" + name)
            default:
                throw ValidationError("invalid value \"\(value)\" for --\(name): a boolean flag takes true or false (--\(name), --\(name)=true, --\(name)=false)")
            }
        }
        return result
    }

    /// The long names of the Bool flags of these commands and their subcommands, as ArgumentParser
    /// names them (a property `leaderElect` is `--leader-elect`).
    static func booleanFlags(of command: ParsableCommand.Type) -> Set<String> {
        var names: Set<String> = []
        for child in Mirror(reflecting: command.init()).children where child.value is Flag<Bool> {
            guard let label = child.label else { continue }
            names.insert(longName(ofProperty: label.hasPrefix("_") ? String(label.dropFirst()) : label))
        }
        for subcommand in command.configuration.subcommands {
            names.formUnion(booleanFlags(of: subcommand))
        }
        return names
    }

    /// ArgumentParser's default long name: camelCase as lowercase words joined by `-`, a run of
    /// capitals counting as one word (`leaderElectionID` is `leader-election-id`).
    static func longName(ofProperty property: String) -> String {
        var result = ""
        let characters = Array(property)
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previousIsLower = characters[index - 1].isLowercase || characters[index - 1].isNumber
                let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
                if previousIsLower || (characters[index - 1].isUppercase && nextIsLower) { result.append("-") }
            }
            result.append(contentsOf: character.lowercased())
        }
        return result
    }
}
