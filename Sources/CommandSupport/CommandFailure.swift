/// A failure of the work itself (a bad file, an unreachable server), not of the command line:
/// printed as "Error: …" without the usage text, exit status 1.
package struct CommandFailure: Error, CustomStringConvertible {
    package let description: String

    package init(_ description: String) { self.description = description }
}
