/// A type that decodes itself straight from a `JSONReader`, reading only the
/// members it keeps and skipping the rest.
package protocol JSONReadable: Sendable {
    init(reading reader: inout JSONReader) throws
}

extension JSONReadable {
    package init<Bytes: Collection>(json bytes: Bytes) throws where Bytes.Element == UInt8 {
        self = try JSONReader.read(bytes) { try Self(reading: &$0) }
    }
}

extension JSONValue: JSONReadable {
    package init(reading reader: inout JSONReader) throws {
        self = try reader.readValue()
    }
}
