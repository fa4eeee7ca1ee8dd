import KubeModel
import Yams

extension JSONValue {
    /// Reads YAML or JSON text (JSON is YAML) into a value, for files people write by hand.
    public static func parse(yamlOrJSON text: String) throws -> JSONValue {
        try YAMLDecoder().decode(JSONValue.self, from: text)
    }
}
