import Foundation

/// What build of costguard this is: `costguard --version` and `costguard_build_info`.
package enum BuildInfo {
    /// The release; raised with each one.
    package static let version = "0.10.0"

    /// The source revision: `COSTGUARD_REVISION`, which the image sets from its build argument
    /// (SwiftPM has no way to stamp it into the binary), else "unknown".
    package static var revision: String {
        let value = ProcessInfo.processInfo.environment["COSTGUARD_REVISION"] ?? ""
        return value.isEmpty ? "unknown" : value
    }
}
