import KubeModel
import YAMLInput

extension JSONValue {
    /// Reads YAML or JSON text (JSON is YAML) into a value, for files people write by hand: aliases
    /// bounded, a syntax error one line with its line and column.
    package static func parse(yamlOrJSON text: String) throws(InputError) -> JSONValue {
        try YAMLDocument.decode(JSONValue.self, from: text)
    }

    /// Reads a YAML or JSON file; a binary or non-UTF-8 file is refused naming the file.
    package static func read(yamlOrJSONFile path: String) throws(InputError) -> JSONValue {
        let text = try TextFile.read(path)
        do {
            return try parse(yamlOrJSON: text)
        } catch {
            throw InputError(error.code, error.message, file: path)
        }
    }
}
